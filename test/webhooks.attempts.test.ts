// The delivery log (a Roster extension, GET /api/v2/webhooks/{id}/attempts/), newest first with
// an inclusive cursor, and DELETE taking an endpoint's deliveries and log with it, on both engines.
import { newId } from '../src/lib/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { expectInvalid, expectNotFound, pathOf } from './helpers/end-users.js';
import {
  ATTEMPT_KEYS,
  CREATED,
  HOOKS,
  UPDATED,
  insertAttempt,
  insertDelivery,
  insertEvent,
  keyed,
  newHook,
} from './helpers/webhook-api.js';

const SECOND = 1_000;

describe.each(ENGINES)('webhook delivery log on %s', (engine) => {
  let ctx: TestContext;
  let hook: any;
  let attemptIds: string[];
  let eventIds: string[];
  const base = Date.UTC(2026, 4, 1, 12, 0, 0);

  const attempts = (id: string, query = '', key?: string) =>
    ctx.request('GET', `${HOOKS}${id}/attempts/${query}`, keyed(key));

  beforeAll(async () => {
    ctx = await createTestContext(engine);
    hook = await newHook(ctx);
    const other = await newHook(ctx);
    eventIds = [
      await insertEvent(ctx, ctx.agentA, CREATED, base),
      await insertEvent(ctx, ctx.agentA, UPDATED, base + SECOND),
    ];
    // Delivered on its third attempt: its job is gone, only the attempts name it.
    const first = newId(base);
    const second = await insertDelivery(ctx, ctx.agentA, hook.id, eventIds[1]!, {
      state: 'pending',
      attempts: 1,
      at: base + SECOND,
    });
    const foreign = await insertDelivery(ctx, ctx.agentA, other.id, eventIds[0]!, { at: base });
    attemptIds = [
      await insertAttempt(ctx, ctx.agentA, hook.id, first, eventIds[0]!, CREATED, {
        at: base + 2 * SECOND,
        succeeded: false,
        statusCode: null,
        error: 'connect ECONNREFUSED',
        durationMs: 3,
      }),
      await insertAttempt(ctx, ctx.agentA, hook.id, first, eventIds[0]!, CREATED, {
        at: base + 3 * SECOND,
        attempt: 2,
        succeeded: false,
        statusCode: 503,
        responseBody: 'busy',
      }),
      await insertAttempt(ctx, ctx.agentA, hook.id, first, eventIds[0]!, CREATED, {
        at: base + 4 * SECOND,
        attempt: 3,
        statusCode: 204,
      }),
      await insertAttempt(ctx, ctx.agentA, hook.id, second, eventIds[1]!, UPDATED, {
        at: base + 5 * SECOND,
        succeeded: false,
        statusCode: 500,
      }),
      await insertAttempt(ctx, ctx.agentA, hook.id, first, eventIds[0]!, CREATED, {
        at: base + 6 * SECOND,
        trigger: 'replay',
        statusCode: 200,
        durationMs: 41,
      }),
    ];
    await insertAttempt(ctx, ctx.agentA, other.id, foreign, eventIds[0]!, CREATED, { at: base + 7 * SECOND });
  });
  afterAll(async () => ctx?.close());

  it("lists the endpoint's attempts newest first, each in its documented shape", async () => {
    const res = await attempts(hook.id);
    expect(res.status).toBe(200);
    expect(res.body.meta).toStrictEqual({ next_page_url: null });
    const data = res.body.data as any[];
    expect(data.map((a) => a.id)).toEqual([...attemptIds].reverse());
    for (const a of data) expect(Object.keys(a).sort()).toEqual(ATTEMPT_KEYS);
    expect(data[4]).toStrictEqual({
      id: attemptIds[0],
      webhook_id: hook.id,
      message_id: `msg_${eventIds[0]}`,
      event_type: CREATED,
      attempt: 1,
      trigger: 'event',
      status: 'failed',
      status_code: null,
      duration_ms: 3,
      error: 'connect ECONNREFUSED',
      response_body: null,
      created_at: '2026-05-01T12:00:02.000+00:00',
    });
    expect(data[3]).toMatchObject({
      attempt: 2,
      status: 'failed',
      status_code: 503,
      response_body: 'busy',
      error: null,
    });
    expect(data[2]).toMatchObject({ attempt: 3, status: 'succeeded', status_code: 204 });
    expect(data[1]).toMatchObject({ message_id: `msg_${eventIds[1]}`, event_type: UPDATED, status_code: 500 });
    expect(data[0]).toMatchObject({ trigger: 'replay', status: 'succeeded', duration_ms: 41 });
  });

  it('pages newest first from an inclusive cursor, following next_page_url', async () => {
    const newest = [...attemptIds].reverse();
    const first = await attempts(hook.id, '?limit=2');
    expect(first.body.data.map((a: any) => a.id)).toEqual(newest.slice(0, 2));
    const next = new URL(first.body.meta.next_page_url);
    expect(next.pathname).toBe(`/api/v2/webhooks/${hook.id}/attempts/`);
    expect(Object.fromEntries(next.searchParams)).toStrictEqual({ cursor: newest[2], limit: '2' });
    const second = await ctx.request('GET', pathOf(first.body.meta.next_page_url));
    expect(second.body.data.map((a: any) => a.id)).toEqual(newest.slice(2, 4));
    const third = await ctx.request('GET', pathOf(second.body.meta.next_page_url));
    expect(third.body).toMatchObject({ meta: { next_page_url: null } });
    expect(third.body.data.map((a: any) => a.id)).toEqual(newest.slice(4));

    const upper = await attempts(hook.id, `?cursor=${newest[1]!.toUpperCase()}`);
    expect(upper.body.data.map((a: any) => a.id)).toEqual(newest.slice(1));
    const noSlash = await ctx.request('GET', `${HOOKS}${hook.id}/attempts?limit=1`);
    expect(noSlash.body.data.map((a: any) => a.id)).toEqual(newest.slice(0, 1));
  });

  it('starts an unmatched cursor at the next older attempt', async () => {
    const newest = [...attemptIds].reverse();
    expect((await attempts(hook.id, '?cursor=ffffffffffffffffffffffff')).body.data.map((a: any) => a.id)).toEqual(
      newest,
    );
    expect((await attempts(hook.id, '?cursor=000000000000000000000000')).body).toStrictEqual({
      data: [],
      meta: { next_page_url: null },
    });
    // Between the 3rd and 4th attempts (ids carry their second, then process bytes and a counter).
    const between = `${attemptIds[2]!.slice(0, 8)}ffffffffffffffff`;
    expect(between > attemptIds[2]! && between < attemptIds[3]!).toBe(true);
    expect((await attempts(hook.id, `?cursor=${between}`)).body.data.map((a: any) => a.id)).toEqual(
      attemptIds.slice(0, 3).reverse(),
    );
  });

  it('answers an empty log for an endpoint never delivered to', async () => {
    const fresh = await newHook(ctx);
    expect((await attempts(fresh.id)).body).toStrictEqual({ data: [], meta: { next_page_url: null } });
  });

  it.each([
    ['$.limit', '?limit=0'],
    ['$.limit', '?limit=101'],
    ['$.cursor', '?cursor=12345'],
  ])('refuses %s in %s', async (parameter, query) => {
    expectInvalid(await attempts(hook.id, query), parameter, 'query');
  });

  it("answers 404 for unknown, malformed and other agents' endpoints", async () => {
    for (const id of ['ffffffffffffffffffffffff', 'x']) expectNotFound(await attempts(id));
    const foreign = await attempts(hook.id, '', ctx.keyB);
    expectNotFound(foreign);
    expect(foreign.raw).not.toContain(eventIds[0]);
  });

  it("deletes the endpoint's deliveries and attempts with it, and nothing of other endpoints", async () => {
    const doomed = await newHook(ctx);
    const keeper = await newHook(ctx);
    const eventId = await insertEvent(ctx, ctx.agentA, CREATED, base + 10 * SECOND);
    const gone = await insertDelivery(ctx, ctx.agentA, doomed.id, eventId);
    const kept = await insertDelivery(ctx, ctx.agentA, keeper.id, eventId);
    await insertAttempt(ctx, ctx.agentA, doomed.id, gone, eventId, CREATED, { at: base + 11 * SECOND });
    const keptAttempt = await insertAttempt(ctx, ctx.agentA, keeper.id, kept, eventId, CREATED, {
      at: base + 11 * SECOND,
    });

    expect((await ctx.request('DELETE', `${HOOKS}${doomed.id}`)).status).toBe(204);
    const db = ctx.container.db.kysely;
    expect(await db.selectFrom('jobs').select('id').where('group_key', '=', doomed.id).execute()).toEqual([]);
    expect(await db.selectFrom('webhook_attempts').select('id').where('webhook_id', '=', doomed.id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('jobs').select('id').where('group_key', '=', keeper.id).execute()).toEqual([
      { id: kept },
    ]);
    expect((await attempts(keeper.id)).body.data.map((a: any) => a.id)).toEqual([keptAttempt]);
    // The event itself stays: other endpoints and replays still need it.
    expect(await db.selectFrom('events').select('id').where('id', '=', eventId).execute()).toEqual([{ id: eventId }]);
    expectNotFound(await attempts(doomed.id));
  });
});
