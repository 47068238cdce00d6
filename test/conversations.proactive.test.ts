// Proactive calls: POST /api/v2/conversations/proactive/ answers 202 with the queued attempt,
// which jobs take through initiated to its verdict with one v1.proactive_call.* event per
// state; an answered call starts a conversation on the native Voice channel. Idempotency-Key,
// field rules and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { CONVERSATIONS, eventsOf, subscribe } from './helpers/conversations.js';
import { ID_RE, TIME_RE } from './helpers/end-users.js';

const PROACTIVE = `${CONVERSATIONS}proactive/`;
const BODY = { channel: 'voice', recipient: { phone_number: '+14155550123' }, metadata: { order: '42' } };
const KIND = 'proactive.call';

describe.each(ENGINES)('proactive calls on %s', (engine) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    await subscribe(ctx);
    await subscribe(ctx, ctx.keyB);
  });
  afterAll(async () => ctx?.close());

  const ask = (body: unknown, headers: Record<string, string> = {}, key?: string) =>
    ctx.request('POST', PROACTIVE, { body, headers, ...(key ? { key } : {}) });
  /** Moves the clock past each step and runs what is due. */
  async function step(ms: number) {
    ctx.clock.advance(ms);
    await ctx.container.jobs.drain(KIND);
  }
  const attemptEvents = async (id: string) =>
    (await eventsOf(ctx, ctx.agentA)).filter((e) => e.payload.data.proactive_attempt_id === id);

  it('answers 202 with the queued attempt, then sends initiated and answered, and starts a voice conversation', async () => {
    const res = await ask({ ...BODY, language: 'en-US' });
    expect(res.status, res.raw).toBe(202);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    const attempt = res.body;
    expect(Object.keys(attempt).sort()).toEqual(
      [
        'channel',
        'conversation_id',
        'created_at',
        'failure_reason',
        'id',
        'language',
        'metadata',
        'recipient',
        'status',
        'updated_at',
      ].sort(),
    );
    expect(attempt).toMatchObject({
      status: 'queued',
      channel: 'voice',
      recipient: { phone_number: '+14155550123' },
      language: 'en-US',
      metadata: { order: '42' },
      conversation_id: null,
      failure_reason: null,
    });
    expect(attempt.id).toMatch(ID_RE);
    expect(attempt.created_at).toMatch(TIME_RE);

    // Nothing happens before its time.
    await ctx.container.jobs.drain(KIND);
    expect((await attemptEvents(attempt.id)).map((e) => e.type)).toEqual(['v1.proactive_call.queued']);
    await step(1_000);
    expect((await attemptEvents(attempt.id)).map((e) => e.type)).toEqual([
      'v1.proactive_call.queued',
      'v1.proactive_call.initiated',
    ]);
    await step(2_000);
    const events = await attemptEvents(attempt.id);
    expect(events.map((e) => e.type)).toEqual([
      'v1.proactive_call.queued',
      'v1.proactive_call.initiated',
      'v1.proactive_call.answered',
    ]);
    const answered = events[2]!.payload.data;
    expect(answered.status).toBe('answered');
    expect(answered.failure_reason).toBeNull();
    expect(answered.conversation_id).toMatch(ID_RE);
    expect(events[0]!.payload.data).toEqual({ proactive_attempt_id: attempt.id, ...attempt, id: undefined });

    const conversation = (await ctx.request('GET', `${CONVERSATIONS}${answered.conversation_id}/`)).body;
    const voice = (await ctx.request('GET', '/api/v2/channels/?type=native&modality=voice')).body.data[0];
    expect(conversation.channel_id).toBe(voice.id);
    expect(conversation.metadata).toEqual({ order: '42' });
    const user = (await ctx.request('GET', `/api/v2/end-users/${conversation.end_user_id}`)).body;
    expect(user.profile.language).toBe('en-US');
    const created = (await eventsOf(ctx, ctx.agentA, 'v1.conversation.created')).filter(
      (e) => e.payload.data.conversation_id === conversation.id,
    );
    expect(created).toHaveLength(1);

    // Later runs change nothing.
    await step(60_000);
    expect(await attemptEvents(attempt.id)).toHaveLength(3);
  });

  it.each([
    ['+14155550000', 'v1.proactive_call.failed', 'no_answer'],
    ['+14155551111', 'v1.proactive_call.machine_detected', null],
  ])('ends a call to %s with %s and no conversation', async (phone, type, reason) => {
    const attempt = (await ask({ ...BODY, recipient: { phone_number: phone } })).body;
    await step(1_000);
    await step(2_000);
    const events = await attemptEvents(attempt.id);
    expect(events.map((e) => e.type)).toEqual(['v1.proactive_call.queued', 'v1.proactive_call.initiated', type]);
    expect(events[2]!.payload.data.failure_reason).toBe(reason);
    expect(events[2]!.payload.data.conversation_id).toBeNull();
  });

  it('answers a reused Idempotency-Key with the first attempt and Idempotent-Replayed, queuing nothing', async () => {
    const first = await ask(BODY, { 'idempotency-key': 'call-1' });
    expect(first.status).toBe(202);
    const again = await ask({ ...BODY, recipient: { phone_number: '+441234567890' } }, { 'idempotency-key': 'call-1' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await attemptEvents(first.body.id)).toHaveLength(1);
    // Keys are the AI Agent's own: another agent's same key makes a new attempt.
    const other = await ask(BODY, { 'idempotency-key': 'call-1' }, ctx.keyB);
    expect(other.status).toBe(202);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.id).not.toBe(first.body.id);
    // A different key is a new attempt.
    expect((await ask(BODY, { 'idempotency-key': 'call-2' })).body.id).not.toBe(first.body.id);
  });

  it.each([
    ['$.channel', { ...BODY, channel: 'messaging' }],
    ['$.channel', { recipient: BODY.recipient }],
    ['$.recipient', { channel: 'voice' }],
    ['$.recipient.phone_number', { ...BODY, recipient: { phone_number: '4155550123' } }],
    ['$.recipient.phone_number', { ...BODY, recipient: {} }],
    ['$.metadata.x', { ...BODY, metadata: { x: [1] } }],
    ['$.metadata', { ...BODY, metadata: { k: 'x'.repeat(4_089) } }],
  ])('answers 400 naming %s and queues nothing', async (parameter, body) => {
    const before = (await eventsOf(ctx, ctx.agentA, 'v1.proactive_call.queued')).length;
    const error = expectError(await ask(body), 400, 'validation_error');
    expect(error.details.map((d: any) => d.parameter)).toContain(parameter);
    expect((await eventsOf(ctx, ctx.agentA, 'v1.proactive_call.queued')).length).toBe(before);
  });

  it('answers 400 for an Idempotency-Key over 255 characters, and 401 without a key', async () => {
    const error = expectError(await ask(BODY, { 'idempotency-key': 'k'.repeat(256) }), 400, 'validation_error');
    expect(error.details[0].location).toBe('header');
    expectError(await ctx.request('POST', PROACTIVE, { body: BODY, key: null }), 401, 'unauthorized');
  });

  it('lists every event type Ada defines, and endpoints may filter on each', async () => {
    const names = [
      'v1.conversation.handoff.ended',
      'v1.audit_log.emitted',
      'v1.proactive_call.queued',
      'v1.proactive_call.initiated',
      'v1.proactive_call.answered',
      'v1.proactive_call.machine_detected',
      'v1.proactive_call.failed',
    ];
    const listed = (await ctx.request('GET', '/api/v2/webhooks/event-types/')).body.data.map((t: any) => t.name);
    for (const name of names) expect(listed).toContain(name);
    const hook = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: 'https://hooks.example.com/calls', event_filters: names },
    });
    expect(hook.status, hook.raw).toBe(201);
    expect(hook.body.event_filters).toEqual(names);
  });

  it("sends an attempt's events to its own AI Agent only", async () => {
    const attempt = (await ask(BODY, {}, ctx.keyB)).body;
    expect(await attemptEvents(attempt.id)).toHaveLength(0);
    expect(
      (await eventsOf(ctx, ctx.agentB)).filter((e) => e.payload.data.proactive_attempt_id === attempt.id),
    ).toHaveLength(1);
  });
});
