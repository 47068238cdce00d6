// The script responder: the AI Agent's replies from a JSON file, for deterministic tests and
// demos. Owns the file's format (a TypeBox schema, checked by Ajv when the server starts), the
// order rules are tried in, and the expansion of regex groups and {{...}} placeholders.
import { readFileSync, statSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Type, type Static } from 'typebox';
import { ConfigError } from '../../config.js';
import { nullable } from '../../http/common.schemas.js';
import {
  DISPLAY_NAME_MAX,
  HANDOFF_HINT,
  HANDOFF_INTEGRATION,
  LINK_TEXT_MAX,
  LINK_URL_MAX,
  REPLIES_MAX,
  REPLY_BODY_MAX,
  describeAjvErrors,
  firstUnstorable,
  responderAjv,
  storableText,
  type Handoff,
  type Reply,
  type Responder,
  type ResponderTurn,
} from './responder.contract.js';
import { UNSTORABLE_MESSAGE } from '../../lib/storable-text.js';

const VARIABLE = 'ROSTER_RESPONDER_SCRIPT';
export const SCRIPT_FILE_MAX_BYTES = 1_048_576;
export const SCRIPT_TEXT_MAX = 10_000;
const RULES_MAX = 1_000;
const MATCH_MAX = 1_000;

// Built on first use: see the header of responder.ts for why not at load.
function scriptFileSchema() {
  const Url = Type.String({
    maxLength: LINK_URL_MAX,
    pattern: '^https?://\\S+$',
    description: 'an http:// or https:// URL without spaces',
  });
  const Comment = Type.Optional(Type.String({ maxLength: SCRIPT_TEXT_MAX }));
  const Text = Type.String({ minLength: 1, maxLength: SCRIPT_TEXT_MAX });
  const Link = Type.Object(
    { link: Url, link_text: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: LINK_TEXT_MAX }))) },
    { additionalProperties: false },
  );
  const ITEM = 'a reply: a string, or {"link": URL, "link_text": text}';
  const Item = Type.Union([Text, Link], { description: ITEM });
  const Replies = Type.Union([Text, Link, Type.Array(Item, { minItems: 1, maxItems: REPLIES_MAX })], {
    description: `${ITEM}, or an array of 1 to ${REPLIES_MAX} of them`,
  });
  const Rule = Type.Object(
    {
      comment: Comment,
      match: Type.Optional(Type.String({ minLength: 1, maxLength: MATCH_MAX })),
      pattern: Type.Optional(Type.String({ minLength: 1, maxLength: MATCH_MAX })),
      flags: Type.Optional(
        Type.String({
          maxLength: 5,
          pattern: '^[imsuv]*$',
          description: 'made of the regular expression flags i, m, s, u and v',
        }),
      ),
      reply: Replies,
      handoff: Type.Optional(
        Type.String({ pattern: HANDOFF_INTEGRATION, description: `a human integration's name: ${HANDOFF_HINT}` }),
      ),
    },
    { additionalProperties: false },
  );
  return Type.Object(
    {
      comment: Comment,
      display_name: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX }))),
      avatar: Type.Optional(nullable(Url)),
      greeting: Type.Optional(Replies),
      rules: Type.Optional(Type.Array(Rule, { maxItems: RULES_MAX })),
      fallback: Type.Optional(Replies),
    },
    { additionalProperties: false },
  );
}
type ScriptFile = Static<ReturnType<typeof scriptFileSchema>>;
type RepliesValue = NonNullable<ScriptFile['greeting']>;

let validator: ValidateFunction<ScriptFile> | null = null;
function validateScript(document: unknown): document is ScriptFile {
  validator ??= responderAjv.compile<ScriptFile>(scriptFileSchema());
  return validator(document);
}

type Piece = { kind: 'text'; text: string } | { kind: 'link'; url: string; linkText: string | null };
interface Groups {
  count: number;
  names: string[];
}
interface CompiledRule {
  /** Lower-cased, for a case-insensitive substring test; null for a pattern rule. */
  match: string | null;
  regex: RegExp | null;
  pieces: Piece[];
  /** The integration this rule hands the conversation to, or null. */
  handoff: string | null;
}
interface Script {
  greeting: Piece[];
  rules: CompiledRule[];
  fallback: Piece[];
  displayName: string | null;
  avatar: string | null;
}

// One pass over a reply finds group references and placeholders together, so text that came in
// through one (an end user's words, a profile field) is never read again as the other.
const TOKEN = /\$\$|\$&|\$([1-9])|\$<([A-Za-z_$][\w$]*)>|\{\{\s*([^{}\s]*)\s*\}\}/g;
const PLACEHOLDER = /^(end_user|conversation|channel|message|ai_agent)(\.[^.\s{}]+)+$/;
const PLACEHOLDER_HINT =
  'use e.g. {{end_user.first_name}}, {{end_user.metadata.<key>}} or {{conversation.metadata.<key>}}';

class ScriptProblem extends Error {}

function checkTemplate(text: string, path: string, groups: Groups | null): void {
  for (const [token, digit, name, placeholder] of text.matchAll(TOKEN)) {
    if (placeholder !== undefined) {
      if (!PLACEHOLDER.test(placeholder))
        throw new ScriptProblem(`${path}: "${token}" is not a placeholder; ${PLACEHOLDER_HINT}`);
    } else if (groups && digit !== undefined && Number(digit) > groups.count) {
      throw new ScriptProblem(
        `${path}: "${token}" refers to group ${digit} but the pattern has ${groups.count} (write $$ for a literal $)`,
      );
    } else if (groups && name !== undefined && !groups.names.includes(name)) {
      throw new ScriptProblem(`${path}: "${token}" refers to no named group of the pattern`);
    }
  }
  if (text.replace(TOKEN, '').includes('{{'))
    throw new ScriptProblem(`${path}: has "{{" that opens no placeholder; ${PLACEHOLDER_HINT}`);
}

function piecesOf(value: RepliesValue | undefined, path: string, groups: Groups | null): Piece[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const itemPath = Array.isArray(value) ? `${path}[${i}]` : path;
    if (typeof item === 'string') {
      checkTemplate(item, itemPath, groups);
      return { kind: 'text', text: item };
    }
    const linkText = item.link_text ?? null;
    if (linkText !== null) checkTemplate(linkText, `${itemPath}.link_text`, groups);
    return { kind: 'link', url: item.link, linkText };
  });
}

function compileRule(rule: NonNullable<ScriptFile['rules']>[number], path: string): CompiledRule {
  if ((rule.match === undefined) === (rule.pattern === undefined))
    throw new ScriptProblem(`${path} must have exactly one of "match" and "pattern"`);
  if (rule.match !== undefined) {
    if (rule.flags !== undefined) throw new ScriptProblem(`${path}.flags is only allowed with "pattern"`);
    return {
      match: rule.match.toLowerCase(),
      regex: null,
      pieces: piecesOf(rule.reply, `${path}.reply`, null),
      handoff: rule.handoff ?? null,
    };
  }
  let regex: RegExp;
  let probe: RegExpExecArray | null;
  try {
    regex = new RegExp(rule.pattern as string, rule.flags ?? '');
    // An empty alternative matches anywhere, which reveals the pattern's groups without knowing any input.
    probe = new RegExp(`${rule.pattern as string}|`, rule.flags ?? '').exec('');
  } catch (error) {
    throw new ScriptProblem(`${path}.pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  const groups = { count: probe ? probe.length - 1 : 0, names: Object.keys(probe?.groups ?? {}) };
  return { match: null, regex, pieces: piecesOf(rule.reply, `${path}.reply`, groups), handoff: rule.handoff ?? null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (!position) throw new ScriptProblem(`is not valid JSON: ${message}`);
    const before = text.slice(0, Number(position[1])).split('\n');
    throw new ScriptProblem(
      `is not valid JSON (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}): ${message}`,
    );
  }
}

function readScript(file: string): string {
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new ScriptProblem('is not a file');
    if (stat.size > SCRIPT_FILE_MAX_BYTES)
      throw new ScriptProblem(`is ${stat.size} bytes; a script may be at most ${SCRIPT_FILE_MAX_BYTES} (1 MiB)`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof ScriptProblem) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScriptProblem(`cannot be read${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScriptProblem('is not UTF-8 text');
  }
}

function compileScript(file: string): Script {
  const document = parseJson(readScript(file));
  if (!validateScript(document)) throw new ScriptProblem(describeAjvErrors(validator?.errors));
  const unstorable = firstUnstorable(document);
  if (unstorable !== null) throw new ScriptProblem(`${unstorable} ${UNSTORABLE_MESSAGE}`);
  const script = document;
  return {
    greeting: piecesOf(script.greeting, '$.greeting', null),
    rules: (script.rules ?? []).map((rule, i) => compileRule(rule, `$.rules[${i}]`)),
    fallback: piecesOf(script.fallback, '$.fallback', null),
    displayName: script.display_name ?? null,
    avatar: script.avatar ?? null,
  };
}

/** Reads and checks a script file; a ConfigError naming the file and the JSON path of the problem. */
export function loadScript(file: string): Script {
  try {
    return compileScript(file);
  } catch (error) {
    if (error instanceof ScriptProblem) throw new ConfigError(VARIABLE, `${file}: ${error.message}`);
    throw error;
  }
}

type Context = Record<string, unknown>;

function contextOf(turn: ResponderTurn): Context {
  const profile = isRecord(turn.endUser.profile) ? turn.endUser.profile : {};
  // Profile fields are lifted so {{end_user.first_name}} reads as people expect; the full form
  // {{end_user.profile.first_name}} works too. Sensitive metadata is never part of a turn's data.
  return {
    end_user: { ...turn.endUser, ...profile },
    conversation: turn.conversation,
    channel: turn.channel,
    message: turn.message,
    ai_agent: turn.agent,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lookup(context: Context, path: string): string {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return '';
    value = value[key];
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function expand(text: string, context: Context, found: RegExpExecArray | null): string {
  return text.replace(
    TOKEN,
    (token, digit: string | undefined, name: string | undefined, placeholder: string | undefined) => {
      if (placeholder !== undefined) return lookup(context, placeholder);
      // Outside pattern rules a $ is just a $.
      if (!found) return token;
      if (token === '$$') return '$';
      if (token === '$&') return found[0];
      if (digit !== undefined) return found[Number(digit)] ?? '';
      return found.groups?.[name as string] ?? '';
    },
  );
}

function render(script: Script, pieces: Piece[], context: Context, found: RegExpExecArray | null): Reply[] {
  const replies: Reply[] = [];
  for (const piece of pieces) {
    const common = { display_name: script.displayName, avatar: script.avatar };
    if (piece.kind === 'link') {
      const linkText =
        piece.linkText === null ? '' : storableText(expand(piece.linkText, context, found), LINK_TEXT_MAX);
      replies.push({
        content: { type: 'link', url: piece.url, link_text: linkText.trim() === '' ? null : linkText },
        ...common,
      });
      continue;
    }
    const body = storableText(expand(piece.text, context, found), REPLY_BODY_MAX);
    // A reply made only of placeholders that are all empty has nothing to say.
    if (body.trim() !== '') replies.push({ content: { type: 'text', body }, ...common });
  }
  return replies;
}

/** A rule's replies, with its handoff when it has one. */
function answer(replies: Reply[], rule: CompiledRule): Reply[] | Handoff {
  return rule.handoff === null ? replies : { replies, handoff: rule.handoff };
}

function messageText(message: Record<string, unknown> | null): string | null {
  const content = message?.content;
  return isRecord(content) && content.type === 'text' && typeof content.body === 'string' ? content.body : null;
}

export function createScriptResponder(file: string): Responder {
  const script = loadScript(file);
  return {
    kind: 'script',
    async respond(turn) {
      const context = contextOf(turn);
      if (turn.kind === 'conversation_created') return render(script, script.greeting, context, null);
      // Only text is matched; a message without text (a file) gets the fallback.
      const text = messageText(turn.message);
      if (text !== null) {
        const lower = text.toLowerCase();
        for (const rule of script.rules) {
          if (rule.match !== null) {
            if (lower.includes(rule.match)) return answer(render(script, rule.pieces, context, null), rule);
            continue;
          }
          const found = (rule.regex as RegExp).exec(text);
          if (found) return answer(render(script, rule.pieces, context, found), rule);
        }
      }
      return render(script, script.fallback, context, null);
    },
  };
}
