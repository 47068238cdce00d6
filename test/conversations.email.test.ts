// Email conversations: POST /api/v2/conversations/email/ starts a conversation on the native
// Email channel with a new end user, and the email becomes its first end-user message, which
// the responder answers. Field rules, the 10 KB text and 4 KB metadata limits, reply_as, 422 and
// tenant isolation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { CONVERSATIONS, eventsOf, subscribe } from './helpers/conversations.js';

const EMAIL = `${CONVERSATIONS}email/`;
const BODY = { name: 'Maria Silva', subject: 'Order 42', reply_to: 'maria@example.com' };

describe.each(ENGINES)('email conversations on %s', (engine) => {
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-email-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(script, JSON.stringify({ greeting: 'Hello!', fallback: 'Thanks for your email.' }));
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_RESPONDER: 'script',
        ROSTER_RESPONDER_SCRIPT: script,
        ROSTER_EMAIL_ADDRESSES: 'Support@Acme.example, help@acme.example',
      },
    });
    await subscribe(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (body: unknown, key?: string) => ctx.request('POST', EMAIL, { body, ...(key ? { key } : {}) });
  const emailChannel = async () =>
    (await ctx.request('GET', '/api/v2/channels/?type=native&modality=email')).body.data[0];

  it('answers 200 {conversation_id}; the email is the first end-user message and the responder answers it', async () => {
    const res = await start({
      ...BODY,
      text: 'Where is it?',
      cc: ['boss@example.com'],
      metadata: { plan: 'pro', n: 1.5 },
    });
    expect(res.status, res.raw).toBe(200);
    expect(Object.keys(res.body)).toEqual(['conversation_id']);
    const id = res.body.conversation_id;

    const conversation = (await ctx.request('GET', `${CONVERSATIONS}${id}/`)).body;
    expect(conversation.channel_id).toBe((await emailChannel()).id);
    expect(conversation.status).toBe('active');
    expect(conversation.metadata).toEqual({ plan: 'pro', n: 1.5 });
    const user = (await ctx.request('GET', `/api/v2/end-users/${conversation.end_user_id}`)).body;
    expect(user.profile.display_name).toBe('Maria Silva');
    expect(user.profile.email).toBe('maria@example.com');

    await ctx.container.jobs.drain('responder.turn');
    const log = (await ctx.request('GET', `${CONVERSATIONS}${id}/messages/`)).body.data;
    expect(log.map((m: any) => [m.author.role, m.content.body])).toEqual([
      ['end_user', 'Order 42\n\nWhere is it?'],
      ['ai_agent', 'Thanks for your email.'],
    ]);
    expect(log[0].author).toEqual({
      id: conversation.end_user_id,
      role: 'end_user',
      avatar: null,
      display_name: 'Maria Silva',
    });

    const events = (await eventsOf(ctx, ctx.agentA)).filter(
      (e) => e.payload.data.conversation_id === id || e.payload.data.end_user_id === conversation.end_user_id,
    );
    expect(events.map((e) => e.type)).toEqual([
      'v1.end_user.created',
      'v1.conversation.created',
      'v1.conversation.message',
      'v1.conversation.message',
    ]);
    // Native channels carry no channel tag.
    for (const event of events.slice(1, 3)) expect(event.tags ?? []).toEqual([]);
  });

  it('makes the subject alone the message when there is no text', async () => {
    const id = (await start(BODY)).body.conversation_id;
    const log = (await ctx.request('GET', `${CONVERSATIONS}${id}/messages/`)).body.data;
    expect(log[0].content).toEqual({ type: 'text', body: 'Order 42' });
  });

  it("accepts reply_as as the AI Agent's own address or a configured one, in any case, and 422 otherwise", async () => {
    for (const replyAs of ['alpha@email.roster.invalid', 'support@acme.example', 'HELP@acme.example'])
      expect((await start({ ...BODY, reply_as: replyAs })).status, replyAs).toBe(200);
    const before = (await eventsOf(ctx, ctx.agentA)).length;
    const error = expectError(await start({ ...BODY, reply_as: 'someone@else.example' }), 422, 'unprocessable');
    expect(error.message).toContain('someone@else.example');
    expect(error.message).toContain('alpha@email.roster.invalid');
    expect((await eventsOf(ctx, ctx.agentA)).length).toBe(before);
  });

  it('takes text up to 10 KB of UTF-8 and metadata up to 4 KB', async () => {
    expect((await start({ ...BODY, text: 'a'.repeat(10_240) })).status).toBe(200);
    expect(
      expectError(await start({ ...BODY, text: 'a'.repeat(10_241) }), 400, 'validation_error').details[0].parameter,
    ).toBe('$.text');
    // 5,121 characters of two bytes each: under the character bound, over the byte bound.
    const wide = expectError(await start({ ...BODY, text: 'é'.repeat(5_121) }), 400, 'validation_error');
    expect(wide.details[0].parameter).toBe('$.text');
    expect(wide.message).toContain('10,242 bytes');
    const big = { k: 'x'.repeat(4_096 - 8) };
    expect(JSON.stringify(big).length).toBe(4_096);
    expect((await start({ ...BODY, metadata: big })).status).toBe(200);
    const over = expectError(await start({ ...BODY, metadata: { k: 'x'.repeat(4_089) } }), 400, 'validation_error');
    expect(over.details[0].parameter).toBe('$.metadata');
  });

  it.each([
    ['$.name', { ...BODY, name: undefined }],
    ['$.subject', { ...BODY, subject: undefined }],
    ['$.reply_to', { ...BODY, reply_to: undefined }],
    ['$.reply_to', { ...BODY, reply_to: 'not an address' }],
    ['$.name', { ...BODY, name: '' }],
    ['$.cc[0]', { ...BODY, cc: ['nope'] }],
    ['$.cc', { ...BODY, cc: Array.from({ length: 51 }, (_, i) => `a${i}@example.com`) }],
    ['$.reply_as', { ...BODY, reply_as: 'nope' }],
    ['$.metadata.deep', { ...BODY, metadata: { deep: { x: 1 } } }],
  ])('answers 400 naming %s', async (parameter, body) => {
    const error = expectError(await start(body), 400, 'validation_error');
    expect(error.details.map((d: any) => d.parameter)).toContain(parameter);
  });

  it("keeps the conversation its AI Agent's own, and asks for a key", async () => {
    const id = (await start(BODY)).body.conversation_id;
    expectError(await ctx.request('GET', `${CONVERSATIONS}${id}/`, { key: ctx.keyB }), 404, 'not_found');
    const other = (await start(BODY, ctx.keyB)).body.conversation_id;
    expect((await ctx.request('GET', `${CONVERSATIONS}${other}/`, { key: ctx.keyB })).status).toBe(200);
    expectError(await ctx.request('GET', `${CONVERSATIONS}${other}/`), 404, 'not_found');
    expectError(await ctx.request('POST', EMAIL, { body: BODY, key: null }), 401, 'unauthorized');
  });
});
