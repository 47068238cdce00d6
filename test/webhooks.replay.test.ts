// Replay (a Roster extension): POST /api/v2/webhooks/{id}/replay/ queues the endpoint's past
// events again: the window is inclusive at both ends, the endpoint's current filters apply,
// deliveries still queued are reset and missing ones created, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { expectInvalid, expectNotFound } from './helpers/end-users.js';
import {
  CREATED,
  HOOKS,
  UPDATED,
  deliveriesOf,
  insertDelivery,
  insertEvent,
  keyed,
  newHook,
} from './helpers/webhook-api.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(ENGINES)('webhook replay on %s', (engine) => {
  let ctx: TestContext;
  let clock: { advance(ms: number): void };
  let notified = 0;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    clock = ctx.clock as typeof clock;
    // Count the wake-ups the unit of work gives the jobs runner after committing deliveries.
    const runner = ctx.container.jobs.runner;
    const committed = runner.committed;
    runner.committed = (kinds) => {
      if (kinds.has('webhook.delivery')) notified++;
      committed(kinds);
    };
  });
  afterAll(async () => ctx?.close());

  const replay = (id: string, body: unknown, key?: string) =>
    ctx.request('POST', `${HOOKS}${id}/replay/`, { body, ...keyed(key) });
  /** An endpoint that has existed since 1970: a replay covers only events since its creation. */
  const oldHook = async (body: Record<string, unknown> = {}) => {
    const hook = await newHook(ctx, body);
    await ctx.container.db.kysely.updateTable('webhooks').set({ created_at: 0 }).where('id', '=', hook.id).execute();
    return hook;
  };
  /** Ends the endpoint's queued deliveries as if made, so it may be replayed again. */
  const settle = (hookId: string) =>
    ctx.container.db.kysely.deleteFrom('jobs').where('group_key', '=', hookId).execute();

  it('re-queues the matching events of the window, bounds included, and creates the missing deliveries', async () => {
    const hook = await oldHook({ event_filters: [CREATED] });
    const other = await oldHook();
    const base = ctx.clock.now() - 36_000_000;
    const ev = {
      before: await insertEvent(ctx, ctx.agentA, CREATED, base - 1),
      since: await insertEvent(ctx, ctx.agentA, CREATED, base),
      mid: await insertEvent(ctx, ctx.agentA, CREATED, base + 1_000),
      updated: await insertEvent(ctx, ctx.agentA, UPDATED, base + 1_500),
      foreign: await insertEvent(ctx, ctx.agentB, CREATED, base + 2_000),
      until: await insertEvent(ctx, ctx.agentA, CREATED, base + 5_000),
      after: await insertEvent(ctx, ctx.agentA, CREATED, base + 5_001),
    };
    // A delivery in flight (leased by a runner, third attempt) is queued again from scratch.
    const midDelivery = await insertDelivery(ctx, ctx.agentA, hook.id, ev.mid, {
      state: 'pending',
      attempts: 3,
      leaseUntil: base + 9_000,
      leaseToken: 'lease-token-of-a-worker',
      at: base + 1_000,
    });
    await insertDelivery(ctx, ctx.agentA, hook.id, ev.before, { state: 'failed', attempts: 8, at: base });
    await insertDelivery(ctx, ctx.agentA, other.id, ev.mid, { state: 'pending', at: base + 1_000 });
    clock.advance(1_234);
    const now = ctx.clock.now();
    const notifiedBefore = notified;

    const res = await replay(hook.id, { since: iso(base), until: iso(base + 5_000) });
    expect(res.status).toBe(202);
    expect(res.body).toStrictEqual({ replayed: 3 });
    expect(notified).toBe(notifiedBefore + 1);

    const rows = await deliveriesOf(ctx, hook.id);
    expect([...rows.keys()].sort()).toEqual([ev.before, ev.since, ev.mid, ev.until].sort());
    const queued = {
      state: 'pending',
      trigger: 'replay',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      lease_token: null,
      updated_at: now,
    };
    expect(rows.get(ev.mid)).toMatchObject({ ...queued, id: midDelivery, created_at: base + 1_000 });
    for (const eventId of [ev.since, ev.until]) {
      const row = rows.get(eventId)!;
      expect(row).toMatchObject({ ...queued, agent_id: ctx.agentA, webhook_id: hook.id, created_at: now });
      expect(row.id).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(rows.get(ev.before)).toMatchObject({ state: 'failed', trigger: 'event', attempts: 8 });
    expect((await deliveriesOf(ctx, other.id)).get(ev.mid)).toMatchObject({ state: 'pending', trigger: 'event' });
  });

  it('replays every type for an endpoint without filters, and twice without duplicating deliveries', async () => {
    const hook = await oldHook();
    const base = ctx.clock.now() - 20_000_000;
    const ids = [
      await insertEvent(ctx, ctx.agentA, CREATED, base),
      await insertEvent(ctx, ctx.agentA, UPDATED, base + 10),
    ];
    const window = { since: iso(base), until: iso(base + 10) };
    expect((await replay(hook.id, window)).body).toStrictEqual({ replayed: 2 });
    const first = await deliveriesOf(ctx, hook.id);
    expect([...first.keys()].sort()).toEqual([...ids].sort());
    clock.advance(10);
    // While the first replay's deliveries are queued, a second is refused and changes nothing.
    const refused = expectError(await replay(hook.id, window), 409, 'conflict');
    expect(refused.message).toMatch(/still queued/);
    expect(await deliveriesOf(ctx, hook.id)).toEqual(first);
  });

  it('uses the filters the endpoint has now', async () => {
    const hook = await oldHook({ event_filters: [UPDATED] });
    const base = ctx.clock.now() - 30_000_000;
    await insertEvent(ctx, ctx.agentA, CREATED, base);
    const updated = await insertEvent(ctx, ctx.agentA, UPDATED, base);
    expect((await replay(hook.id, { since: iso(base), until: iso(base) })).body).toStrictEqual({ replayed: 1 });
    expect([...(await deliveriesOf(ctx, hook.id)).keys()]).toEqual([updated]);
    await ctx.request('PATCH', `${HOOKS}${hook.id}`, { body: { event_filters: [CREATED] } });
    await settle(hook.id);
    expect((await replay(hook.id, { since: iso(base), until: iso(base) })).body).toStrictEqual({ replayed: 1 });
    expect((await deliveriesOf(ctx, hook.id)).size).toBe(1);
  });

  it('ends the window at the current time when until is left out', async () => {
    const hook = await oldHook();
    const now = ctx.clock.now();
    const atNow = await insertEvent(ctx, ctx.agentA, CREATED, now);
    await insertEvent(ctx, ctx.agentA, CREATED, now + 1);
    const res = await replay(hook.id, { since: iso(now - 1) });
    expect(res.body).toStrictEqual({ replayed: 1 });
    expect([...(await deliveriesOf(ctx, hook.id)).keys()]).toEqual([atNow]);
  });

  it('reads offsets and the other RFC 3339 spellings', async () => {
    const hook = await oldHook();
    const at = Date.UTC(2024, 1, 29, 22, 30, 15, 250);
    await insertEvent(ctx, ctx.agentA, CREATED, at);
    const count = async (since: string, until: string) => {
      await settle(hook.id);
      const res = await replay(hook.id, { since, until });
      expect(res.status, res.raw).toBe(202);
      return res.body.replayed;
    };
    expect(await count('2024-03-01T00:30:15.250+02:00', '2024-03-01T00:30:15.250+02:00')).toBe(1);
    expect(await count('2024-03-01T00:30:15.251+02:00', '2024-03-01T00:30:16+02:00')).toBe(0);
    expect(await count('2024-02-29t17:00:15.2504-05:30', '2024-02-29 22:30:15.250z')).toBe(1);
    expect(await count('2024-02-29T22:30:15.25+0000', '2024-02-29T23:30:15.25+01')).toBe(1);
    expect(await count('0001-01-01T00:00:00Z', '2024-02-29T22:30:15.249Z')).toBe(0);
  });

  it('queues windows larger than one batch', async () => {
    const hook = await oldHook();
    const base = ctx.clock.now() - 50_000_000;
    const total = 1_203;
    const events = Array.from({ length: total }, (_, i) => ({
      id: newId(base + i),
      agent_id: ctx.agentA,
      type: i % 2 ? CREATED : UPDATED,
      payload: '{}',
      created_at: base + i,
    }));
    await ctx.container.db.kysely.insertInto('events').values(events).execute();
    const res = await replay(hook.id, { since: iso(base), until: iso(base + total - 1) });
    expect(res.body).toStrictEqual({ replayed: total });
    const rows = await deliveriesOf(ctx, hook.id);
    expect(rows.size).toBe(total);
    expect(new Set([...rows.values()].map((r) => r.id)).size).toBe(total);
  });

  it('answers {"replayed":0} and wakes nobody when nothing matches', async () => {
    const hook = await oldHook();
    const before = notified;
    const res = await replay(hook.id, { since: '1990-01-01T00:00:00Z', until: '1990-01-02T00:00:00Z' });
    expect(res.status).toBe(202);
    expect(res.body).toStrictEqual({ replayed: 0 });
    expect(notified).toBe(before);
  });

  it.each([
    ['$.since', {}],
    ['$.since', { since: 'yesterday' }],
    ['$.since', { since: '2026-01-01' }],
    ['$.since', { since: '2026-01-01T10:00:00' }],
    ['$.since', { since: '2026-02-30T10:00:00Z' }],
    ['$.since', { since: 1767225600000 }],
    ['$.until', { since: '2026-01-01T00:00:00Z', until: 'later' }],
    ['$.until', { since: '2026-01-02T00:00:00Z', until: '2026-01-01T23:59:59.999Z' }],
    ['$.until', { since: '2999-01-01T00:00:00Z' }],
  ])('refuses %s in %j', async (parameter, body) => {
    const hook = await oldHook();
    expectInvalid(await replay(hook.id, body), parameter);
    expect((await deliveriesOf(ctx, hook.id)).size).toBe(0);
  });

  it('answers 422 for a disabled endpoint, and replays once it is enabled again', async () => {
    const hook = await oldHook({ enabled: false });
    const base = ctx.clock.now() - 40_000_000;
    await insertEvent(ctx, ctx.agentA, CREATED, base);
    const body = { since: iso(base), until: iso(base) };
    const error = expectError(await replay(hook.id, body), 422, 'unprocessable');
    expect(error.message).toMatch(/enable/i);
    expect((await deliveriesOf(ctx, hook.id)).size).toBe(0);
    await ctx.request('PATCH', `${HOOKS}${hook.id}`, { body: { enabled: true } });
    expect((await replay(hook.id, body)).body).toStrictEqual({ replayed: 1 });
  });

  it('covers only events recorded since the endpoint was created', async () => {
    const before = await insertEvent(ctx, ctx.agentA, CREATED, ctx.clock.now() - 60_000);
    clock.advance(1_000);
    const hook = await newHook(ctx);
    const created = ctx.clock.now();
    const after = await insertEvent(ctx, ctx.agentA, CREATED, created);
    const res = await replay(hook.id, { since: iso(created - 3_600_000) });
    expect(res.body).toStrictEqual({ replayed: 1 });
    const rows = await deliveriesOf(ctx, hook.id);
    expect(rows.has(before)).toBe(false);
    expect([...rows.keys()]).toContain(after);
  });

  it('refuses with 422 a window of more than 10,000 events, queuing nothing', async () => {
    const hook = await oldHook({ event_filters: [UPDATED] });
    const base = ctx.clock.now() - 70_000_000;
    const events = Array.from({ length: 10_001 }, (_, i) => ({
      id: newId(base + i, 'replay-cap'),
      agent_id: ctx.agentA,
      type: UPDATED,
      payload: '{}',
      created_at: base + i,
    }));
    for (let i = 0; i < events.length; i += 500)
      await ctx.container.db.kysely
        .insertInto('events')
        .values(events.slice(i, i + 500))
        .execute();
    const error = expectError(
      await replay(hook.id, { since: iso(base), until: iso(base + 10_000) }),
      422,
      'unprocessable',
    );
    expect(error.message).toMatch(/10,000/);
    expect(error.details).toEqual({ cap: 10_000 });
    expect((await deliveriesOf(ctx, hook.id)).size).toBe(0);
    expect((await replay(hook.id, { since: iso(base), until: iso(base + 9_999) })).body).toStrictEqual({
      replayed: 10_000,
    });
  });

  it("answers 404 for unknown, malformed and other agents' endpoints", async () => {
    const hook = await oldHook();
    const body = { since: '2020-01-01T00:00:00Z' };
    for (const id of ['ffffffffffffffffffffffff', 'nope']) expectNotFound(await replay(id, body));
    expectNotFound(await replay(hook.id, body, ctx.keyB));
  });
});
