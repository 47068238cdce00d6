// The http responder: asks a hook the operator runs for the AI Agent's replies. Owns the request
// (JSON, signed as webhooks are when a secret is set, so stock Svix / Standard Webhooks verifiers
// accept it), its deadline and retries, and the checks on the answer. Every failure becomes a
// ResponderError whose message has the sensitive values of the turn blanked out.
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';
import { ConfigError, type ResponderConfig } from '../../config.js';
import { nullable } from '../../http/common.schemas.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { signatureHeaders, signingKeyOf } from '../webhooks/webhooks.signing.js';
import {
  AVATAR_MAX,
  DISPLAY_NAME_MAX,
  HANDOFF_HINT,
  HANDOFF_INTEGRATION,
  LINK_TEXT_MAX,
  LINK_URL_MAX,
  REPLIES_MAX,
  REPLY_BODY_MAX,
  ResponderError,
  describeAjvErrors,
  firstUnstorable,
  responderAjv,
  type Handoff,
  type Reply,
  type ReplyContent,
  type Responder,
  type ResponderTurn,
} from './responder.contract.js';
import { UNSTORABLE_MESSAGE } from '../../lib/storable-text.js';

export const USER_AGENT = 'Roster-Responder/1';
export const ANSWER_MAX_BYTES = 1_048_576;
/** Waits before the second and third attempts: short, since an end user is waiting. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000];
const ERROR_BODY_BYTES = 4_096;
const SNIPPET_CHARS = 200;

export interface HttpResponderOptions {
  /** Its length plus one is the number of attempts. */
  retryDelaysMs?: readonly number[];
  clock?: Clock;
}

// Built on first use: see the header of responder.ts for why not at load.
function answerValidators() {
  const TextContent = Type.Object(
    { type: Type.Literal('text'), body: Type.String({ minLength: 1, maxLength: REPLY_BODY_MAX }) },
    { additionalProperties: false },
  );
  const LinkContent = Type.Object(
    {
      type: Type.Literal('link'),
      url: Type.String({
        maxLength: LINK_URL_MAX,
        pattern: '^https?://\\S+$',
        description: 'an http:// or https:// URL without spaces',
      }),
      link_text: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: LINK_TEXT_MAX }))),
    },
    { additionalProperties: false },
  );
  // A discriminator makes Ajv judge the content by the branch its "type" names, so the errors
  // are about that branch only.
  const Content = Type.Unsafe<ReplyContent>({
    type: 'object',
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: [TextContent, LinkContent],
  });
  const ReplySchema = Type.Object(
    {
      content: Content,
      display_name: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX }))),
      avatar: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: AVATAR_MAX }))),
    },
    { additionalProperties: false },
  );
  return {
    one: responderAjv.compile(ReplySchema),
    many: responderAjv.compile(Type.Array(ReplySchema, { maxItems: REPLIES_MAX })),
  };
}
let validators: ReturnType<typeof answerValidators> | null = null;

type AnswerReply = { content: ReplyContent; display_name?: string | null; avatar?: string | null };
type Outcome = { ok: true; replies: Reply[] | Handoff } | { ok: false; retry: boolean; error: string };

const ABORTED = 'the request to the responder was aborted';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Blanks every sensitive value, whatever its length, in text that came from the responder's
 * answer: as sent, JSON-escaped (as an echoed request body carries it), and with runs of white
 * space collapsed, escaped or not. Only answer-derived text is passed through it, so short values
 * cannot garble Roster's own wording.
 */
function redactorOf(sensitive: Record<string, string | number | boolean>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of Object.values(sensitive)) {
    if (typeof value === 'boolean') continue;
    const raw = String(value);
    const collapsed = raw.replace(/\s+/g, ' ');
    for (const form of [raw, collapsed, raw.trim(), collapsed.trim()]) {
      if (form === '') continue;
      forms.add(form);
      forms.add(JSON.stringify(form).slice(1, -1));
      // Escaped twice: a JSON string quoted inside another, as a snippet of an echoed body is.
      forms.add(JSON.stringify(JSON.stringify(form).slice(1, -1)).slice(1, -1));
    }
  }
  const values = [...forms].sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, value) => out.split(value).join('[redacted]'), text);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  return `: ${JSON.stringify(flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat)}`;
}

/** At most `limit` bytes of the body; `over` when there was more (the rest is not read). */
async function readBody(response: Response, limit: number): Promise<{ bytes: Buffer; over: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { bytes: Buffer.alloc(0), over: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks), over: false };
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size));
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks), over: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
}

function reasonOf(error: unknown): string {
  // fetch reports every network failure as "fetch failed"; the cause says which one.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? `${cause.code}: ` : '';
  const message = typeof cause?.message === 'string' && cause.message !== '' ? cause.message : (error as Error).message;
  return `${code}${message}`.slice(0, SNIPPET_CHARS);
}

function toReply(answer: AnswerReply): Reply {
  const c = answer.content;
  const content: ReplyContent =
    c.type === 'text' ? { type: 'text', body: c.body } : { type: 'link', url: c.url, link_text: c.link_text ?? null };
  return { content, display_name: answer.display_name ?? null, avatar: answer.avatar ?? null };
}

const INTEGRATION = new RegExp(HANDOFF_INTEGRATION);

/**
 * The replies of a 2xx answer's text (with the handoff when the answer names one: "handoff":
 * "<integration>"), or the reason it is not an answer. With `redact` (sensitive values were sent)
 * no part of the body is quoted, and reasons naming its keys are redacted.
 */
export function parseAnswer(
  text: string,
  redact: ((text: string) => string) | null = null,
): Reply[] | Handoff | string {
  if (text.trim() === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `a body that is not JSON${redact ? '' : snippet(text)}`;
  }
  const invalid = (what: string) => `an invalid answer: ${redact ? redact(what) : what}`;
  if (!isRecord(data)) return invalid('$ must be an object with "replies" or "reply"');
  let handoff: string | null = null;
  if (Object.hasOwn(data, 'handoff') && data.handoff !== null) {
    if (typeof data.handoff !== 'string' || !INTEGRATION.test(data.handoff))
      return invalid(`$.handoff must be null or a human integration's name: ${HANDOFF_HINT}`);
    handoff = data.handoff;
  }
  const withHandoff = (replies: Reply[]): Reply[] | Handoff => (handoff === null ? replies : { replies, handoff });
  const hasReplies = Object.hasOwn(data, 'replies');
  // A handoff alone is an answer: the conversation goes to the integration without a word.
  if (handoff !== null && !hasReplies && !Object.hasOwn(data, 'reply')) return withHandoff([]);
  if (hasReplies === Object.hasOwn(data, 'reply')) {
    return invalid(
      hasReplies ? '$ must have only one of "replies" and "reply"' : '$ must have "replies" (an array) or "reply"',
    );
  }
  if (!hasReplies && data.reply === null) return withHandoff([]);
  if (hasReplies && !Array.isArray(data.replies)) return invalid('$.replies must be an array');
  const root = hasReplies ? '$.replies' : '$.reply';
  const items = hasReplies ? (data.replies as unknown[]) : [data.reply];
  const pathOf = (i: number) => (hasReplies ? `${root}[${i}]` : root);
  if (items.length > REPLIES_MAX) return invalid(`${root} must have at most ${REPLIES_MAX} items`);
  const normalized: unknown[] = [];
  for (const [i, item] of items.entries()) {
    if (typeof item === 'string' && (item.length === 0 || item.length > REPLY_BODY_MAX)) {
      return invalid(`${pathOf(i)} must be 1 to ${REPLY_BODY_MAX} characters long`);
    }
    normalized.push(typeof item === 'string' ? { content: { type: 'text', body: item } } : item);
  }
  validators ??= answerValidators();
  const validate = hasReplies ? validators.many : validators.one;
  if (!validate(hasReplies ? normalized : normalized[0])) return invalid(describeAjvErrors(validate.errors, root));
  const unstorable = firstUnstorable(hasReplies ? items : items[0], root);
  if (unstorable !== null) return invalid(`${unstorable} ${UNSTORABLE_MESSAGE}`);
  return withHandoff((normalized as AnswerReply[]).map(toReply));
}

export function createHttpResponder(config: ResponderConfig, options: HttpResponderOptions = {}): Responder {
  if (config.url === null) throw new ConfigError('ROSTER_RESPONDER_URL', 'is required with ROSTER_RESPONDER=http');
  const url = config.url;
  const key = config.secret === null ? null : signingKeyOf(config.secret);
  if (config.secret !== null && key === null) {
    throw new ConfigError(
      'ROSTER_RESPONDER_SECRET',
      'must be whsec_ followed by the standard base64 of 24 to 64 bytes',
    );
  }
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const clock = options.clock ?? systemClock;
  // The origin names the hook in errors; a path or query could carry a token.
  const origin = new URL(url).origin;

  /** `redact` is set when sensitive values were sent: the answer's body is then never quoted. */
  async function judge(response: Response, redact: ((text: string) => string) | null): Promise<Outcome> {
    const status = response.status;
    if (status >= 200 && status < 300) {
      const declared = Number(response.headers.get('content-length'));
      if (status === 204 || status === 205 || declared > ANSWER_MAX_BYTES) {
        await response.body?.cancel().catch(() => undefined);
        return status === 204 || status === 205
          ? { ok: true, replies: [] }
          : {
              ok: false,
              retry: false,
              error: `answered ${status} with ${declared} bytes; at most ${ANSWER_MAX_BYTES} are read`,
            };
      }
      const { bytes, over } = await readBody(response, ANSWER_MAX_BYTES);
      if (over)
        return {
          ok: false,
          retry: false,
          error: `answered ${status} with more than ${ANSWER_MAX_BYTES} bytes; at most that many are read`,
        };
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return { ok: false, retry: false, error: `answered ${status} with a body that is not UTF-8` };
      }
      const answer = parseAnswer(text, redact);
      return typeof answer === 'string'
        ? { ok: false, retry: false, error: `answered ${status} with ${answer}` }
        : { ok: true, replies: answer };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        retry: false,
        error: `answered ${status}; redirects are not followed, so ROSTER_RESPONDER_URL must be the final address`,
      };
    }
    // A responder that echoes the request would otherwise put the sensitive values in the log.
    const quoted = redact ? '' : snippet(new TextDecoder().decode((await readBody(response, ERROR_BODY_BYTES)).bytes));
    if (redact) await response.body?.cancel().catch(() => undefined);
    // 429 and 5xx say "later"; any other 4xx would be answered the same way again.
    return {
      ok: false,
      retry: status === 429 || status >= 500,
      error: `answered ${status}${quoted}${redact ? ' (its body is not logged: sensitive metadata was sent)' : ''}`,
    };
  }

  async function attempt(
    turnId: string,
    body: string,
    signal: AbortSignal,
    redact: ((text: string) => string) | null,
  ): Promise<Outcome> {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': USER_AGENT,
      'idempotency-key': turnId,
    };
    // Signed anew for each attempt: verifiers refuse timestamps more than a few minutes old.
    if (key) Object.assign(headers, signatureHeaders([key], `turn_${turnId}`, Math.floor(clock.now() / 1000), body));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout]),
      });
      return await judge(response, redact);
    } catch (error) {
      if (signal.aborted) return { ok: false, retry: false, error: ABORTED };
      if (timeout.aborted)
        return { ok: false, retry: true, error: `gave no complete answer within ${config.timeoutMs} ms` };
      return { ok: false, retry: true, error: `could not be reached (${reasonOf(error)})` };
    }
  }

  async function requestOf(turn: ResponderTurn): Promise<{ body: string; redact: ((text: string) => string) | null }> {
    let endUser = turn.endUser;
    let redact: ((text: string) => string) | null = null;
    if (config.includeSensitive) {
      let sensitive: Record<string, string | number | boolean>;
      try {
        sensitive = await turn.sensitiveMetadata();
      } catch {
        throw new ResponderError("the end user's sensitive metadata could not be read, so the responder was not asked");
      }
      endUser = { ...turn.endUser, sensitive_metadata: sensitive };
      if (Object.keys(sensitive).length > 0) redact = redactorOf(sensitive);
    }
    const payload = {
      type: turn.kind === 'conversation_created' ? 'conversation.created' : 'conversation.message',
      turn_id: turn.id,
      ai_agent: { id: turn.agent.id, handle: turn.agent.handle },
      conversation: turn.conversation,
      channel: turn.channel,
      end_user: endUser,
      message: turn.message,
      ...(turn.guidance ? await turn.guidance() : {}),
    };
    return { body: JSON.stringify(payload), redact };
  }

  return {
    kind: 'http',
    async respond(turn, signal) {
      if (signal.aborted) throw new ResponderError(ABORTED);
      const { body, redact } = await requestOf(turn);
      const attempts = delays.length + 1;
      for (let n = 1; ; n++) {
        const outcome = await attempt(turn.id, body, signal, redact);
        if (outcome.ok) return outcome.replies;
        if (signal.aborted) throw new ResponderError(ABORTED);
        if (!outcome.retry || n === attempts) {
          const tries = n > 1 ? ` (attempt ${n} of ${attempts})` : '';
          throw new ResponderError(`the responder at ${origin} ${outcome.error}${tries}`);
        }
        try {
          await sleep(delays[n - 1], undefined, { signal });
        } catch {
          throw new ResponderError(ABORTED);
        }
      }
    },
  };
}
