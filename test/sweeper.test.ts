// The unattached end-user sweeper: end users made by POST and never attached to a conversation
// are deleted once ROSTER_UNATTACHED_END_USER_TTL (24 h by default) has passed since creation;
// attached ones stay; an attach racing the sweep either wins (user kept) or loses (user gone).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { manualClock } from '../src/lib/clock.js';
import { startServer } from '../src/server.js';
import { sweepOnce, type SweepDeps } from '../src/modules/end-users/end-users.jobs.js';

/** The sweeps the periodic jobs run, run once on demand. */
const createSweeper = (deps: SweepDeps) => ({ sweep: () => sweepOnce(deps) });
import type { EndUsersStore } from '../src/modules/end-users/end-users.store.js';
import {
  ENGINES,
  TEST_ENCRYPTION_KEY,
  createTestContext,
  createTestDatabase,
  type TestContext,
} from './helpers/harness.js';

const H = 3_600_000;
const TTL = 24 * H;
const BASE = '/api/v2/end-users/';

describe.each(ENGINES)('unattached end-user sweeper on %s', (engine) => {
  let ctx: TestContext;
  let t0: number;
  beforeEach(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    t0 = ctx.clock.now();
  });
  afterEach(async () => ctx?.close());

  const at = (offsetMs: number) => (ctx.clock as ReturnType<typeof manualClock>).set(t0 + offsetMs);
  const store = () => ctx.container.modules.endUsers.store;
  const sweeperWith = (options: { batchSize?: number; store?: EndUsersStore } = {}) =>
    createSweeper({
      store: options.store ?? store(),
      units: ctx.container.units,
      forget: ctx.container.forget,
      clock: ctx.clock,
      unattachedTtlMs: ctx.container.config.unattachedEndUserTtlMs,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
  const post = async (body: unknown = {}) => {
    const res = await ctx.request('POST', BASE, { body });
    expect(res.status, res.raw).toBe(201);
    return res.body.end_user_id as string;
  };
  const status = async (id: string) => (await ctx.request('GET', `${BASE}${id}`)).status;
  const listIds = async () => {
    const res = await ctx.request('GET', `${BASE}?limit=100`);
    expect(res.body.meta.next_page_url).toBeNull();
    return (res.body.data as Array<{ end_user_id: string }>).map((u) => u.end_user_id);
  };
  const attach = (id: string) => store().markAttached(ctx.agentA, id, ctx.clock.now());

  it('deletes an unattached end user at created_at + 24 h, with its sensitive values, and frees its external_id', async () => {
    expect(ctx.container.config.unattachedEndUserTtlMs).toBe(TTL);
    const old = await post({ external_id: 'Sweep-Me', profile: { sensitive_metadata: { fields: { token: 'x' } } } });
    at(H);
    const young = await post({ external_id: 'young' });
    at(12 * H);
    const patched = await ctx.request('PATCH', `${BASE}${old}`, {
      body: { profile: { sensitive_metadata: { fields: { later: 'y' } } } },
    });
    expect(patched.status).toBe(200);
    const sensitiveOf = (id: string) =>
      ctx.container.db.kysely
        .selectFrom('sensitive_values')
        .select('key')
        .where('end_user_id', '=', id)
        .orderBy('key')
        .execute();
    expect(await sensitiveOf(old)).toEqual([{ key: 'later' }, { key: 'token' }]);

    at(TTL - 1);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 0, sensitiveValuesPurged: 0 });
    expect(await status(old)).toBe(200);
    at(TTL);
    // The 'token' value expires at this very moment too, but goes with its end user.
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 1, sensitiveValuesPurged: 0 });
    expect(await status(old)).toBe(404);
    expect((await ctx.request('GET', `${BASE}?external_id=sweep-me`)).status).toBe(404);
    expect(await listIds()).toEqual([young]);
    expect(await sensitiveOf(old)).toEqual([]);
    expect(await ctx.request('PATCH', `${BASE}${old}`, { body: { profile: {} } }).then((r) => r.status)).toBe(404);

    const again = await ctx.request('POST', BASE, { body: { external_id: 'SWEEP-ME' } });
    expect(again.status).toBe(201);
    expect(again.body.end_user_id).not.toBe(old);
    expect(again.body.external_id).toBe('SWEEP-ME');
    expect(await status(young)).toBe(200);
    at(H + TTL);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 1, sensitiveValuesPurged: 0 });
    expect(await listIds()).toEqual([again.body.end_user_id]);
  });

  it('keeps attached end users forever; attaching a deleted one returns false', async () => {
    const kept = await post();
    const lost = await post();
    expect(await attach(kept)).toBe(true);
    expect(await store().markAttached(ctx.agentB, lost, ctx.clock.now())).toBe(false); // another agent's
    at(TTL);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 1, sensitiveValuesPurged: 0 });
    expect(await attach(lost)).toBe(false);
    expect(await attach(kept)).toBe(true);
    const row = await store().findById(ctx.agentA, kept);
    expect(row?.attachedAt).toBe(t0); // the first attach time is kept
    at(365 * 24 * H);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 0, sensitiveValuesPurged: 0 });
    expect(await status(kept)).toBe(200);
    expect(await status(lost)).toBe(404);
  });

  it('deletes exactly the expired unattached end users among a mix', async () => {
    const oldUnattached: string[] = [];
    const oldAttached: string[] = [];
    const young: string[] = [];
    for (let i = 0; i < 10; i++) oldUnattached.push(await post({ external_id: `ou-${i}` }));
    for (let i = 0; i < 10; i++) oldAttached.push(await post({ external_id: `oa-${i}` }));
    for (const id of oldAttached) expect(await attach(id)).toBe(true);
    at(12 * H);
    for (let i = 0; i < 10; i++) young.push(await post({ external_id: `y-${i}` }));
    at(TTL);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 10, sensitiveValuesPurged: 0 });
    expect(await listIds()).toEqual([...oldAttached, ...young].sort());
    for (const id of oldUnattached) expect(await status(id)).toBe(404);
    expect(await sweeperWith().sweep()).toEqual({ endUsersDeleted: 0, sensitiveValuesPurged: 0 });
  });

  it('works through a backlog in batches', async () => {
    for (let i = 0; i < 30; i++) await post();
    at(TTL + H);
    const batches: number[] = [];
    const base = store();
    const counting: EndUsersStore = {
      ...base,
      async lockExpiredUnattached(cutoff, batch, ex) {
        const due = await base.lockExpiredUnattached(cutoff, batch, ex);
        batches.push(due.length);
        return due;
      },
    };
    expect(await sweeperWith({ batchSize: 7, store: counting }).sweep()).toEqual({
      endUsersDeleted: 30,
      sensitiveValuesPurged: 0,
    });
    expect(batches).toEqual([7, 7, 7, 7, 2]);
    expect(await listIds()).toEqual([]);
  });

  it('never deletes an end user whose attach succeeded, when attach and sweep race', async () => {
    const sweeper = sweeperWith({ batchSize: 3 });
    const keptAll: string[] = [];
    for (let round = 0; round < 3; round++) {
      const start = ctx.clock.now();
      const ids: string[] = [];
      for (let i = 0; i < 50; i++)
        ids.push((await ctx.container.modules.endUsers.service.create(ctx.agentA, {})).endUser.id);
      (ctx.clock as ReturnType<typeof manualClock>).set(start + TTL); // every one exactly at the TTL
      const attempts = ids.filter((_, i) => i % 2 === 0);
      const work: Array<Promise<unknown>> = [];
      const results = new Map<string, boolean>();
      // Attaches are spread over the time the sweep takes, so some land before their user's
      // batch and some after it.
      attempts.forEach((id, i) => {
        if (i % 5 === 0) work.push(sweeper.sweep());
        const wait = new Promise((resolve) => setTimeout(resolve, (i * 7) % 13));
        work.push(wait.then(() => attach(id)).then((ok) => results.set(id, ok)));
      });
      await Promise.all(work);
      await sweeper.sweep();
      for (const id of ids) {
        const row = await store().findById(ctx.agentA, id);
        const attached = results.get(id) === true;
        expect(row !== null, `round ${round}, ${id}: attach returned ${results.get(id)}`).toBe(attached);
        if (row) expect(row.attachedAt).toBe(start + TTL);
      }
      keptAll.push(...[...results].filter(([, ok]) => ok).map(([id]) => id));
      expect(await listIds()).toEqual([...keptAll].sort());
    }
  });
});

describe.each(ENGINES)('sweeper in a running server on %s', (engine) => {
  it('deletes the unattached end user over real time and HTTP, keeps the attached one', async () => {
    const database = await createTestDatabase(engine);
    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROSTER_RATE_LIMITS: 'off',
      ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ROSTER_UNATTACHED_END_USER_TTL: '1s',
      ROSTER_SWEEP_INTERVAL: '200ms',
      ...database.env,
    });
    const server = await startServer(config, () => {});
    try {
      const { secret, agent } = await server.container.modules.agents.service.createKey('sweeper-agent');
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      const create = async (externalId: string) => {
        const res = await fetch(`${server.url}${BASE}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ external_id: externalId }),
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { end_user_id: string }).end_user_id;
      };
      const get = (id: string) => fetch(`${server.url}${BASE}${id}`, { headers }).then((r) => r.status);
      const doomed = await create('doomed');
      const attached = await create('attached');
      expect(await server.container.modules.endUsers.store.markAttached(agent.id, attached, Date.now())).toBe(true);
      expect([await get(doomed), await get(attached)]).toEqual([200, 200]);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect([await get(doomed), await get(attached)]).toEqual([404, 200]);
      const lookup = await fetch(`${server.url}${BASE}?external_id=doomed`, { headers });
      expect(lookup.status).toBe(404);
    } finally {
      await server.shutdown();
      await database.drop();
    }
  });
});
