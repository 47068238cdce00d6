// The responder's contract: what the conversations module hands over for each committed turn and
// what it gets back, the bounds of a reply, and what every kind needs to judge replies alike (the
// storable-text check, one Ajv and the wording of its errors). The kinds themselves and the choice
// among them live in responder.ts and beside it; this file imports none of them.
import { Ajv, type ErrorObject } from 'ajv';
import { describeSchemaError, jsonMember } from '../../lib/schema-errors.js';
import { UNSTORABLE } from '../../lib/storable-text.js';

export type TurnKind = 'conversation_created' | 'end_user_message';

export interface ResponderTurn {
  /** Stable id of this turn (the conversation id for conversation_created, the message id for end_user_message). */
  id: string;
  kind: TurnKind;
  agent: { id: string; handle: string };
  conversation: Record<string, unknown>;
  channel: Record<string, unknown>;
  endUser: Record<string, unknown>;
  message: Record<string, unknown> | null;
  /** Unexpired sensitive metadata of the end user; only called by the http responder when includeSensitive is on. */
  sensitiveMetadata(): Promise<Record<string, string | number | boolean>>;
  /** The AI Agent's persona and the enabled custom instructions that apply to this end user (the http responder sends them). */
  guidance?(): Promise<TurnGuidance>;
}

export interface TurnGuidance {
  persona: Record<string, unknown>;
  custom_instructions: Array<Record<string, unknown>>;
}

export type ReplyContent = { type: 'text'; body: string } | { type: 'link'; url: string; link_text: string | null };

export interface Reply {
  content: ReplyContent;
  display_name: string | null;
  avatar: string | null;
}

/**
 * A turn's answer that also hands the conversation to a human integration (for example
 * zendesk_chat): the replies are posted first, then the conversation is in an active handoff
 * until POST .../end-handoff/.
 */
export interface Handoff {
  replies: Reply[];
  handoff: string;
}

/** The name of a human integration a responder may hand a conversation to. */
export const HANDOFF_INTEGRATION = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const HANDOFF_HINT = '1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit';

export interface Responder {
  readonly kind: 'none' | 'script' | 'http' | 'knowledge';
  /**
   * The replies to post as the ai_agent, in order ([] for none), or those replies with a handoff.
   * Throws ResponderError on failure.
   */
  respond(turn: ResponderTurn, signal: AbortSignal): Promise<Reply[] | Handoff>;
}

/** The replies and the handoff (or null) of a responder's answer. */
export function answerOf(answer: Reply[] | Handoff): { replies: Reply[]; handoff: string | null } {
  return Array.isArray(answer) ? { replies: answer, handoff: null } : answer;
}

/** The responder gave no usable answer; the message is safe to log (it never quotes sensitive values). */
export class ResponderError extends Error {
  override readonly name = 'ResponderError';
}

// Bounds of what may be posted as the AI Agent, the same as a message posted through the API.
export const REPLY_BODY_MAX = 65_536;
export const REPLIES_MAX = 20;
export const DISPLAY_NAME_MAX = 1_000;
export const AVATAR_MAX = 2_048;
export const LINK_URL_MAX = 2_048;
export const LINK_TEXT_MAX = 1_000;

/** Only ai_agent replies are made here, so Ajv may collect every problem at once for the operator. */
export const responderAjv = new Ajv({ allErrors: true, strict: false, discriminator: true, verbose: true });

// Replies are held to the API's rule for text (src/lib/storable-text.ts): PostgreSQL cannot hold
// U+0000 and an unpaired surrogate has no UTF-8 form.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The JSON path of the first string (value or key) that cannot be stored, or null. */
export function firstUnstorable(value: unknown, path = '$'): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorable(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path + jsonMember(key);
    if (UNSTORABLE.test(key)) return childPath;
    const found = firstUnstorable(child, childPath);
    if (found !== null) return found;
  }
  return null;
}

/** At most `max` UTF-16 units, with any surrogate left unpaired (by the cut or by a capture) made U+FFFD. */
export function storableText(text: string, max: number): string {
  return text.slice(0, max).replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Ajv's errors as short sentences naming JSON paths. Unions in these schemas have branches of
 * different JSON types, so a branch's "type" error at the union's own path only says the value
 * chose another branch and is dropped; the union's summary is given only when the chosen branch
 * said nothing (the value fits no branch at all).
 */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, root = '$', max = 5): string {
  const all = errors ?? [];
  // Deepest first, so an inner union's summary explains the outer one.
  const unions = all.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length);
  const kept = all.filter(
    (error) =>
      error.keyword !== 'anyOf' &&
      !unions.some(
        (u) =>
          error.keyword === 'type' &&
          u.instancePath === error.instancePath &&
          error.schemaPath.startsWith(u.schemaPath),
      ),
  );
  for (const union of unions) {
    const explained = kept.some(
      (e) => e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`),
    );
    if (!explained) kept.push(union);
  }
  const sentences = [
    ...new Set(
      kept.map((error) => {
        const { path, message } = describeSchemaError(error, root);
        return `${path} ${message}`;
      }),
    ),
  ];
  if (sentences.length === 0) return `${root} is invalid`;
  const shown = sentences.slice(0, max).join('; ');
  return sentences.length > max ? `${shown}; and ${sentences.length - max} more` : shown;
}
