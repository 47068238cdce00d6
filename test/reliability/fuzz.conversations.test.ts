// Property-based fuzzing of the Conversations API through app.inject on both engines: channels,
// conversations, messages, handoff and end-handoff, with generated valid, broken and raw bodies
// against known, ended, foreign and garbage ids. Every answer must be below 500 and in the error
// envelope when it is an error; a model of what the accepted requests should have produced
// (conversations, their status, metadata and handoff state, and every posted message in order) is
// compared with the API during the run and with the database tables at its end.
// ROSTER_FUZZ_CONVERSATION_REQUESTS (default 4,000, split across engines) and ROSTER_FUZZ_SEED tune a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from '../helpers/harness.js';
import { EXE, PDF, PNG, multipart } from '../helpers/attachments.js';
import { ODD_TEXT } from './helpers/arbitraries.js';

const CHANNELS = '/api/v2/channels/';
const CONVERSATIONS = '/api/v2/conversations/';
const TOTAL = Number(process.env.ROSTER_FUZZ_CONVERSATION_REQUESTS ?? 4_000);
const PER_ENGINE = Math.ceil(TOTAL / Math.max(1, ENGINES.length));
const SEED = Number(process.env.ROSTER_FUZZ_SEED ?? Date.now() % 2 ** 31);
const TRIGGER = 'a person please';
const GREETING = 'Hello from the fuzzed agent.';
const HANDED = 'Handing you to a person.';
const FALLBACK = 'The AI Agent answers.';
const AI_REPLIES = new Set([GREETING, HANDED, FALLBACK]);
const STATUS_OF: Record<string, number> = {
  validation_error: 400,
  bad_request: 400,
  not_found: 404,
  unprocessable: 422,
  payload_too_large: 413,
};
const JSON_CT = { 'content-type': 'application/json' };
/** A value as JSON carries it (-0 becomes 0). */
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const TURN = 'responder.turn';

type Res = { status: number; body: any; raw: string };
type Ref = { kind: 'known' | 'upper' | 'foreign' | 'garbage' | 'handoff'; n: number; text: string };
interface ModelConversation {
  wire: any;
  handoff: boolean;
  /** Messages posted through the API, in order, as the API returned them. */
  posted: any[];
  /** Attachments uploaded to it: the answers of the upload. */
  attachments: Array<{ url: string; mime_type: string; filename: string }>;
}

// --- arbitraries ---------------------------------------------------------------------------

const text = fc.oneof(fc.constantFrom(...ODD_TEXT.filter((t) => !t.includes('\u0000'))), fc.string({ maxLength: 40 }));
const metaKey = fc.constantFrom('plan', 'tier', 'n', 'flag', 'long key with spaces', 'ünï');
const metaValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const goodMetadata = fc.dictionary(metaKey, metaValue, { maxKeys: 4 });
const patchMetadata = fc.dictionary(metaKey, fc.option(metaValue), { maxKeys: 4 });
const badMetadata = fc.oneof(
  fc.constant('not an object'),
  fc.constant([1, 2]),
  fc.dictionary(metaKey, fc.oneof(fc.constant({ nested: true }), fc.constant([1])), { minKeys: 1, maxKeys: 2 }),
  fc.constant({ big: 'x'.repeat(5_000) }),
);
const ref: fc.Arbitrary<Ref> = fc.record({
  kind: fc.constantFrom('known', 'known', 'known', 'upper', 'foreign', 'garbage'),
  n: fc.nat(),
  text: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('ffffffffffffffffffffffff'), fc.constant('..%2F')),
});
/** Mostly a conversation in an active handoff, where uploads are taken. */
const handoffRef: fc.Arbitrary<Ref> = fc.oneof(
  { weight: 3, arbitrary: ref.map((r) => ({ ...r, kind: 'handoff' as const })) },
  { weight: 1, arbitrary: ref },
);
/** A body that is not JSON at all, or JSON of the wrong kind. */
const junk = fc.oneof(
  fc.constant('{'),
  fc.constant(''),
  fc.constant('null'),
  fc.constant('[]'),
  fc.string({ maxLength: 30 }),
  fc.json({ maxDepth: 3 }),
);

/** Files to upload, and whether Roster must take them (by name and content alike). */
const FILES = [
  { filename: 'photo.png', data: PNG, mime: 'image/png', good: true },
  { filename: 'terms.pdf', data: PDF, mime: 'application/pdf', good: true },
  { filename: 'notes.txt', data: Buffer.from('plain text, שלום'), mime: 'text/plain', good: true },
  { filename: 'photo.png', data: PDF, mime: '', good: false }, // the name says PNG, the bytes PDF
  { filename: 'setup.exe', data: EXE, mime: '', good: false },
  { filename: 'notes.txt', data: Buffer.from([0x61, 0, 0x62]), mime: '', good: false }, // a NUL byte
] as const;

type Op =
  | { op: 'channel'; body: unknown; valid: boolean }
  | { op: 'create'; channel: Ref; endUser: 'none' | 'null' | 'known' | 'foreign'; metadata: unknown; good: boolean }
  | { op: 'get'; target: Ref }
  | { op: 'patch'; target: Ref; metadata: unknown; good: boolean }
  | {
      op: 'message';
      target: Ref;
      kind: 'end_user' | 'trigger' | 'human' | 'human-nameless' | 'wrong-user' | 'file';
      body: string;
    }
  | { op: 'raw-message'; target: Ref; raw: string }
  | { op: 'list'; target: Ref; limit: number | string }
  | { op: 'end'; target: Ref }
  | { op: 'end-handoff'; target: Ref }
  | { op: 'upload'; target: Ref; file: number; field: 'file' | 'other' }
  | { op: 'file-message'; target: Ref; which: number; tamper: 'none' | 'signature' | 'mime' | 'other-conversation' };

const ops: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc
        .record({
          name: fc.string({ minLength: 1, maxLength: 40 }),
          description: text,
          modality: fc.constantFrom('messaging', 'email', 'voice'),
        })
        .map((body) => ({ op: 'channel' as const, body, valid: true })),
      fc
        .oneof(
          fc.record({ name: fc.constant(''), description: text, modality: fc.constant('messaging') }),
          fc.record({ name: text, description: text, modality: fc.constant('pigeon') }),
          fc.record({ description: text }),
          junk,
        )
        .map((body) => ({ op: 'channel' as const, body, valid: false })),
    ),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc
        .record({
          channel: ref,
          endUser: fc.constantFrom('none', 'null', 'known', 'foreign'),
          metadata: fc.option(goodMetadata),
        })
        .map((r) => ({ op: 'create' as const, ...r, good: true })),
      fc
        .record({ channel: ref, endUser: fc.constantFrom('none', 'null'), metadata: badMetadata })
        .map((r) => ({ op: 'create' as const, ...r, good: false })),
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), target: ref }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ target: ref, metadata: patchMetadata }).map((r) => ({ op: 'patch' as const, ...r, good: true })),
      fc.record({ target: ref, metadata: badMetadata }).map((r) => ({ op: 'patch' as const, ...r, good: false })),
    ),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('message' as const),
      target: ref,
      kind: fc.constantFrom(
        'end_user',
        'end_user',
        'end_user',
        'trigger',
        'human',
        'human',
        'human-nameless',
        'wrong-user',
        'file',
      ),
      body: text,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('raw-message' as const), target: ref, raw: junk.map(String) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('list' as const),
      target: ref,
      limit: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('0', '101', 'x', '-1')),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('end' as const), target: ref }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('end-handoff' as const), target: ref }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('upload' as const),
      target: handoffRef,
      file: fc.nat({ max: FILES.length - 1 }),
      field: fc.constantFrom('file', 'file', 'file', 'other'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('file-message' as const),
      target: handoffRef,
      which: fc.nat(),
      tamper: fc.constantFrom('none', 'none', 'signature', 'mime', 'other-conversation'),
    }),
  },
);

describe.each(ENGINES)('conversation fuzzing on %s', (engine) => {
  let ctx: TestContext;
  let dir: string;
  const channels: string[] = []; // agent A's custom channels
  const conversations = new Map<string, ModelConversation>();
  const foreign = { channel: '', conversation: '', endUser: '', messages: 0 };
  const tally = { requests: 0, accepted: 0, rejected: 0, server_errors: 0 };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-fuzz-conversations-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(
      script,
      JSON.stringify({
        greeting: GREETING,
        rules: [{ match: TRIGGER, reply: HANDED, handoff: 'zendesk_chat' }],
        fallback: FALLBACK,
      }),
    );
    ctx = await createTestContext(engine, {
      env: { ROSTER_RESPONDER: 'script', ROSTER_RESPONDER_SCRIPT: script, ROSTER_CHANNEL_DAILY_LIMIT: '0' },
    });
    // Agent B's channel, conversation and messages, which agent A's requests must never reach.
    const b = { authorization: `Bearer ${ctx.keyB}`, ...JSON_CT };
    const channel = await raw(
      'POST',
      CHANNELS,
      b,
      JSON.stringify({ name: 'B', description: '', modality: 'messaging' }),
    );
    const conversation = await raw('POST', CONVERSATIONS, b, JSON.stringify({ channel_id: channel.body.id }));
    Object.assign(foreign, {
      channel: channel.body.id,
      conversation: conversation.body.id,
      endUser: conversation.body.end_user_id,
    });
    await ctx.container.jobs.drain(TURN);
    foreign.messages = (await raw('GET', `${CONVERSATIONS}${foreign.conversation}/messages/`, b)).body.data.length;
    // One channel of agent A to start from.
    const first = await raw(
      'POST',
      CHANNELS,
      a(),
      JSON.stringify({ name: 'A', description: 'first', modality: 'messaging' }),
    );
    channels.push(first.body.id);
  });
  afterAll(async () => {
    await ctx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const a = () => ({ authorization: `Bearer ${ctx.keyA}`, ...JSON_CT });

  async function raw(method: string, url: string, headers: Record<string, string>, payload?: string): Promise<Res> {
    const res = await ctx.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.body === '' ? null : JSON.parse(res.body), raw: res.body };
  }

  /** Sends one generated request as agent A and checks what holds for every answer. */
  async function send(
    method: string,
    url: string,
    payload?: string | Buffer,
    extra: Record<string, string> = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { authorization: `Bearer ${ctx.keyA}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, extra);
    const res = await ctx.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    tally.requests++;
    if (res.statusCode >= 500) tally.server_errors++;
    else if (res.statusCode >= 400) tally.rejected++;
    else tally.accepted++;
    const where = `${method} ${url.slice(0, 120)} ${String(payload).slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, where).toBeLessThan(500);
    expect(res.headers['content-type'], where).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    if (res.statusCode >= 400) {
      expect(Object.keys(body), where).toEqual(['errors']);
      const [error] = body.errors;
      expect(Object.keys(error).sort(), where).toEqual(['details', 'message', 'type']);
      expect(STATUS_OF[error.type], where).toBe(res.statusCode);
      expect(error.message.length, where).toBeGreaterThan(0);
    }
    return { status: res.statusCode, body, raw: where };
  }

  /** The path a reference names, and the model conversation it is (undefined: none of agent A's). */
  function conversationRef(r: Ref): { path: string; model?: ModelConversation; exact: boolean } {
    const handed = [...conversations.values()].filter((c) => c.handoff && c.wire.status === 'active');
    if (r.kind === 'handoff' && handed.length > 0) {
      const model = handed[r.n % handed.length]!;
      return { path: model.wire.id, model, exact: true };
    }
    const ids = [...conversations.keys()];
    if ((r.kind === 'known' || r.kind === 'upper' || r.kind === 'handoff') && ids.length > 0) {
      const id = ids[r.n % ids.length] as string;
      return {
        path: r.kind === 'upper' ? id.toUpperCase() : id,
        model: conversations.get(id),
        exact: r.kind !== 'upper',
      };
    }
    if (r.kind === 'foreign') return { path: foreign.conversation, exact: true };
    return { path: encodeURIComponent(r.text), exact: false };
  }
  function channelRef(r: Ref): { id: string; ours: boolean } {
    if (r.kind === 'known' || r.kind === 'upper') return { id: channels[r.n % channels.length] as string, ours: true };
    if (r.kind === 'foreign') return { id: foreign.channel, ours: false };
    return { id: r.text, ours: false };
  }
  /** An id of agent A that is not a conversation, or missing: 404, or 400 for a malformed one. */
  function expectMissing(res: Res, exact: boolean) {
    if (exact) expect(res.status, res.raw).toBe(404);
    else expect([400, 404], res.raw).toContain(res.status);
  }
  /** An upper-case id may be answered as the conversation or refused, never half-applied. */
  const reached = (target: ReturnType<typeof conversationRef>, res: Res) =>
    target.model !== undefined && (target.exact || (res.status !== 404 && res.status !== 400));

  const drain = () => ctx.container.jobs.drain(TURN);

  async function apply(o: Op): Promise<void> {
    switch (o.op) {
      case 'channel': {
        const res = await send('POST', CHANNELS, JSON.stringify(o.body));
        if (!o.valid) expect(res.status, res.raw).toBe(400);
        else {
          expect(res.status, res.raw).toBe(201);
          expect(res.body).toMatchObject({ type: 'custom', ...(o.body as object) });
          channels.push(res.body.id);
        }
        return;
      }
      case 'create': {
        const channel = channelRef(o.channel);
        const body: Record<string, unknown> = { channel_id: channel.id };
        if (o.endUser === 'null') body.end_user_id = null;
        if (o.endUser === 'known' && conversations.size > 0)
          body.end_user_id = [...conversations.values()][o.channel.n % conversations.size]!.wire.end_user_id;
        if (o.endUser === 'foreign') body.end_user_id = foreign.endUser;
        if (o.metadata !== null) body.metadata = o.metadata;
        const res = await send('POST', CONVERSATIONS, JSON.stringify(body));
        if (!o.good) return void expect(res.status, res.raw).toBe(channel.ours ? 400 : res.status === 404 ? 404 : 400);
        if (!channel.ours || o.endUser === 'foreign') return void expect([400, 404], res.raw).toContain(res.status);
        expect(res.status, res.raw).toBe(201);
        expect(res.body).toMatchObject({
          channel_id: channel.id.toLowerCase(),
          status: 'active',
          metadata: roundTrip(o.metadata ?? {}),
        });
        if (typeof body.end_user_id === 'string') expect(res.body.end_user_id).toBe(body.end_user_id);
        const model: ModelConversation = { wire: res.body, handoff: false, posted: [], attachments: [] };
        conversations.set(res.body.id, model);
        await drain(); // the greeting
        return;
      }
      case 'get': {
        const target = conversationRef(o.target);
        const res = await send('GET', `${CONVERSATIONS}${target.path}/`);
        if (reached(target, res)) expect(res.body).toEqual(target.model!.wire);
        else expectMissing(res, target.exact);
        return;
      }
      case 'patch': {
        const target = conversationRef(o.target);
        const res = await send('PATCH', `${CONVERSATIONS}${target.path}/`, JSON.stringify({ metadata: o.metadata }));
        if (!reached(target, res))
          return void (o.good ? expectMissing(res, target.exact) : expect([400, 404]).toContain(res.status));
        const model = target.model!;
        if (!o.good) return void expect(res.status, res.raw).toBe(400);
        const next = { ...model.wire.metadata };
        for (const [k, v] of Object.entries(o.metadata as Record<string, unknown>)) {
          if (v === null) delete next[k];
          else next[k] = v;
        }
        expect(res.status, res.raw).toBe(200);
        expect(res.body.metadata).toEqual(roundTrip(next));
        expect({ ...res.body, updated_at: 0 }).toEqual({ ...model.wire, metadata: roundTrip(next), updated_at: 0 });
        expect(res.body.updated_at >= model.wire.updated_at).toBe(true);
        model.wire = res.body;
        return;
      }
      case 'message': {
        const target = conversationRef(o.target);
        const endUserId = target.model?.wire.end_user_id ?? foreign.endUser;
        const body =
          o.kind === 'human' || o.kind === 'human-nameless'
            ? {
                author: { role: 'human_agent', ...(o.kind === 'human' ? { display_name: 'Sam' } : {}) },
                content: { type: 'text', body: o.body },
              }
            : o.kind === 'file'
              ? {
                  author: { role: 'end_user', id: endUserId },
                  content: {
                    type: 'file',
                    url: 'https://files.example.com/x.pdf',
                    mime_type: 'application/pdf',
                    filename: 'x.pdf',
                  },
                }
              : {
                  author: { role: 'end_user', id: o.kind === 'wrong-user' ? foreign.endUser : endUserId },
                  content: { type: 'text', body: o.kind === 'trigger' ? TRIGGER : o.body },
                };
        const res = await send('POST', `${CONVERSATIONS}${target.path}/messages/`, JSON.stringify(body));
        if (!reached(target, res)) return void expect([400, 404], res.raw).toContain(res.status);
        const model = target.model!;
        const broken = o.kind === 'human-nameless' || o.kind === 'wrong-user' || o.kind === 'file';
        // An empty text is refused by the body's schema, before the conversation is read.
        if (body.content.type === 'text' && body.content.body === '') return void expect(res.status, res.raw).toBe(400);
        // An ended conversation is refused before the message is read.
        if (model.wire.status === 'ended') return void expect(res.status, res.raw).toBe(422);
        if (broken) return void expect(res.status, res.raw).toBe(400);
        expect(res.status, res.raw).toBe(201);
        expect(res.body.content).toEqual(body.content);
        expect(res.body.author.role).toBe(body.author.role);
        model.posted.push(res.body);
        await drain();
        if (o.kind === 'trigger' && !model.handoff) model.handoff = true;
        return;
      }
      case 'raw-message': {
        const target = conversationRef(o.target);
        const res = await send('POST', `${CONVERSATIONS}${target.path}/messages/`, o.raw);
        expect([400, 404, 413, 422], res.raw).toContain(res.status);
        return;
      }
      case 'list': {
        const target = conversationRef(o.target);
        const res = await send('GET', `${CONVERSATIONS}${target.path}/messages/?limit=${o.limit}`);
        if (typeof o.limit === 'string') return void expect([400, 404], res.raw).toContain(res.status);
        if (!reached(target, res)) return void expectMissing(res, target.exact);
        expect(res.status, res.raw).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(o.limit);
        const full = await transcript(target.model!.wire.id);
        expect(res.body.data).toEqual(full.slice(0, o.limit));
        return;
      }
      case 'end': {
        const target = conversationRef(o.target);
        const res = await send('POST', `${CONVERSATIONS}${target.path}/end/`);
        if (!reached(target, res)) return void expectMissing(res, target.exact);
        const model = target.model!;
        expect(res.status, res.raw).toBe(200);
        const now = (await raw('GET', `${CONVERSATIONS}${model.wire.id}/`, a())).body;
        // Ending twice changes nothing; the first end changes the status and updated_at only.
        if (model.wire.status === 'ended') expect(now).toEqual(model.wire);
        else expect({ ...now, updated_at: 0 }).toEqual({ ...model.wire, status: 'ended', updated_at: 0 });
        expect(now.updated_at >= model.wire.updated_at).toBe(true);
        model.wire = now;
        return;
      }
      case 'upload': {
        const target = conversationRef(o.target);
        const file = FILES[o.file]!;
        const { payload, headers } = multipart([
          { name: o.field, filename: file.filename, type: 'application/octet-stream', data: file.data },
        ]);
        const res = await send('POST', `${CONVERSATIONS}${target.path}/attachments/`, payload, headers);
        if (!reached(target, res)) return void expect([400, 404], res.raw).toContain(res.status);
        const model = target.model!;
        const open = model.handoff && model.wire.status === 'active';
        if (!open) return void expect([400, 422], res.raw).toContain(res.status);
        if (o.field !== 'file' || !file.good) return void expect(res.status, res.raw).toBe(400);
        expect(res.status, res.raw).toBe(201);
        expect(res.body).toMatchObject({ mime_type: file.mime, filename: file.filename });
        const got = await ctx.app.inject({
          method: 'GET',
          url: new URL(res.body.url).pathname + new URL(res.body.url).search,
        });
        expect(got.statusCode).toBe(200);
        expect(got.rawPayload.equals(file.data)).toBe(true);
        model.attachments.push(res.body);
        return;
      }
      case 'file-message': {
        const target = conversationRef(o.target);
        const withFiles = [...conversations.values()].filter((c) => c.attachments.length > 0);
        const owner =
          o.tamper === 'other-conversation' ? withFiles[o.which % Math.max(1, withFiles.length)] : target.model;
        // With nothing uploaded yet, a URL shaped like Roster's that Roster never issued.
        const issued = owner?.attachments[o.which % Math.max(1, owner.attachments.length)] ?? {
          url: `http://localhost/api/v2/attachments/ffffffffffffffffffffffff/x.pdf?expires=4102444800&signature=${'B'.repeat(43)}`,
          mime_type: 'application/pdf',
          filename: 'x.pdf',
        };
        const forged = owner?.attachments.length === 0 || owner === undefined;
        const url = new URL(issued.url);
        if (o.tamper === 'signature') url.searchParams.set('signature', 'A'.repeat(43));
        const content = {
          type: 'file',
          url: url.toString(),
          mime_type: o.tamper === 'mime' ? 'application/zip' : issued.mime_type,
          filename: issued.filename,
        };
        const endUserId = target.model?.wire.end_user_id ?? foreign.endUser;
        const res = await send(
          'POST',
          `${CONVERSATIONS}${target.path}/messages/`,
          JSON.stringify({ author: { role: 'end_user', id: endUserId }, content }),
        );
        if (!reached(target, res)) return void expect([400, 404], res.raw).toContain(res.status);
        const model = target.model!;
        if (model.wire.status === 'ended') return void expect(res.status, res.raw).toBe(422);
        const genuine = !forged && (o.tamper === 'none' || (o.tamper === 'other-conversation' && owner === model));
        if (!genuine) return void expect(res.status, res.raw).toBe(400);
        expect(res.status, res.raw).toBe(201);
        expect(res.body.content).toEqual(content);
        model.posted.push(res.body);
        await drain();
        return;
      }
      case 'end-handoff': {
        const target = conversationRef(o.target);
        const res = await send('POST', `${CONVERSATIONS}${target.path}/end-handoff/`);
        if (!reached(target, res)) return void expectMissing(res, target.exact);
        const model = target.model!;
        if (model.handoff && model.wire.status === 'active') {
          expect(res.status, res.raw).toBe(200);
          model.handoff = false;
        } else expect(res.status, res.raw).toBe(422);
        return;
      }
    }
  }

  /** Every message of a conversation, oldest first, paging through the API. */
  async function transcript(id: string): Promise<any[]> {
    return pageAll(`${CONVERSATIONS}${id}/messages/?limit=100`);
  }

  /** Every item of a list, following next_page_url. */
  async function pageAll(first: string): Promise<any[]> {
    const all: any[] = [];
    let url: string | null = first;
    while (url) {
      const res = await raw('GET', url, a());
      expect(res.status, res.raw).toBe(200);
      all.push(...res.body.data);
      const next: string | null = res.body.meta.next_page_url;
      url = next === null ? null : new URL(next).pathname + new URL(next).search;
    }
    return all;
  }

  /** The message log entry the list shows for a posted message. */
  const logOf = (m: any) => ({
    type: 'message_logs',
    message_id: m.id,
    created_at: m.created_at,
    author: m.author,
    content: m.content,
  });

  /** The posted messages, in order and unchanged, with only the responder's own replies between them. */
  function expectTranscript(model: ModelConversation, messages: any[]) {
    const ours = new Set(model.posted.map((m) => m.id));
    expect(messages.filter((m) => ours.has(m.message_id))).toEqual(model.posted.map(logOf));
    for (const m of messages.filter((m) => !ours.has(m.message_id))) {
      expect(m.author.role).toBe('ai_agent');
      expect(AI_REPLIES.has(m.content.body), m.content.body).toBe(true);
    }
  }

  it('answers generated requests below 500 and as the model says', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(ops, async (o) => apply(o)),
      { numRuns: PER_ENGINE, seed: SEED },
    );
    console.log(
      `[fuzz] engine=${engine} property=conversations requests=${tally.requests} ms=${Math.round(performance.now() - started)} seed=${SEED}`,
    );
    expect(tally.requests).toBeGreaterThanOrEqual(PER_ENGINE);
  });

  it('kept every accepted write and nothing else (model = API = tables)', async () => {
    const listed = new Set((await pageAll(`${CHANNELS}?type=custom&limit=100`)).map((c) => c.id));
    for (const id of channels) expect(listed.has(id), id).toBe(true);
    let messages = 0;
    for (const [id, model] of conversations) {
      expect((await raw('GET', `${CONVERSATIONS}${id}/`, a())).body).toEqual(model.wire);
      const all = await transcript(id);
      expectTranscript(model, all);
      messages += all.length;
      // The handoff state the model expects: ending it answers 200 exactly when one is active.
      const ended = await raw('POST', `${CONVERSATIONS}${id}/end-handoff/`, a());
      expect(ended.status, ended.raw).toBe(model.handoff && model.wire.status === 'active' ? 200 : 422);
    }
    // Storage holds exactly what the API shows: the agent's conversations and their messages.
    const ids = [...conversations.keys()];
    const db = ctx.container.db.kysely;
    const stored = await db.selectFrom('conversations').select('id').where('agent_id', '=', ctx.agentA).execute();
    expect(stored.map((r) => r.id).sort()).toEqual(ids.sort());
    if (ids.length > 0) {
      const rows = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('conversation_id', 'in', ids)
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(messages);
    }
    // One attachment row per accepted upload, each in the conversation it was sent to.
    const files = await db
      .selectFrom('conversation_attachments')
      .select('conversation_id')
      .where('agent_id', '=', ctx.agentA)
      .execute();
    expect(files.map((f) => f.conversation_id).sort()).toEqual(
      [...conversations.values()].flatMap((m) => m.attachments.map(() => m.wire.id)).sort(),
    );
    // Agent B's conversation is untouched.
    const b = { authorization: `Bearer ${ctx.keyB}` };
    const theirs = await raw('GET', `${CONVERSATIONS}${foreign.conversation}/messages/`, b);
    expect(theirs.body.data).toHaveLength(foreign.messages);
    expect((await raw('GET', `${CONVERSATIONS}${foreign.conversation}/`, b)).body.status).toBe('active');
    console.log(
      `[fuzz] engine=${engine} TOTAL conversations generated=${tally.requests} accepted=${tally.accepted} rejected=${tally.rejected} 5xx=${tally.server_errors} conversations=${conversations.size} messages=${messages} handoffs=${[...conversations.values()].filter((m) => m.handoff).length} attachments=${[...conversations.values()].reduce((n, m) => n + m.attachments.length, 0)} seed=${SEED}`,
    );
    expect(tally.server_errors).toBe(0);
  });
});
