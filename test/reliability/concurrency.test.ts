// Issue 5, item 1: races on external_id over real HTTP against real listening Roster processes.
// 200 simultaneous creates of one external_id (in mixed casing) make one end user; 20
// simultaneous PATCHes claiming one external_id leave exactly one holder. On PostgreSQL the same
// runs again across two processes sharing the database, with requests alternated between them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type EngineName, type TestDatabase } from '../helpers/harness.js';
import {
  build,
  call,
  defaultAgentId,
  figures,
  inBatches,
  kill,
  killAllRoster,
  newApiKey,
  queryRows,
  rosterEnv,
  startRoster,
  tally,
  within,
  type Reply,
  type RosterProcess,
} from './helpers/processes.js';

const CREATES = 200;
const PATCHERS = 20;

/** A distinct casing of `text` for each i (letters flip by the bits of i). */
function casing(text: string, i: number): string {
  let letter = 0;
  return [...text]
    .map((ch) => {
      if (ch.toLowerCase() === ch.toUpperCase()) return ch;
      return (i >> (letter++ % 8)) & 1 ? ch.toUpperCase() : ch.toLowerCase();
    })
    .join('');
}

/** Settles every request; a network failure becomes a status-less entry instead of a rejection. */
type Outcome = Reply | { status: 'network-error'; error: string };
const settle = (p: Promise<Reply>): Promise<Outcome> =>
  p.catch((e: unknown) => ({ status: 'network-error' as const, error: String(e) }));

beforeAll(build, 180_000);
afterAll(killAllRoster);

const CASES: Array<[EngineName, number]> = ENGINES.flatMap((engine): Array<[EngineName, number]> =>
  engine === 'postgres'
    ? [
        [engine, 1],
        [engine, 2],
      ]
    : [[engine, 1]],
);

describe.each(CASES)('concurrent writes on %s through %i Roster process(es)', (engine, count) => {
  const key = newApiKey();
  let database: TestDatabase | undefined;
  let procs: RosterProcess[] = [];
  let agentId: string;
  const label = `${engine}/${count}-process`;
  /** The process the i-th request goes to: alternated when there are two. */
  const target = (i: number) => (procs[i % procs.length] as RosterProcess).url;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const env = rosterEnv(engine, database, { ROSTER_API_KEY: key });
    // The first start migrates the database; further instances start together, as a
    // deployment would roll them out.
    procs = [await startRoster(env)];
    if (count > 1) procs.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startRoster(env)))));
    agentId = await defaultAgentId(engine, database);
  });

  afterAll(async () => {
    await Promise.allSettled(procs.map((p) => kill(p, 'SIGTERM')));
    await killAllRoster();
    await database?.drop();
  });

  it(`${CREATES} concurrent creates of one external_id in mixed casing: one 201, the rest 200 with the same user`, async () => {
    const base = `Crm-Äpfel-${randomBytes(4).toString('hex')}`;
    const started = Date.now();
    const outcomes = await within(
      Promise.all(
        Array.from({ length: CREATES }, (_, i) =>
          settle(
            call(target(i), 'POST', '/api/v2/end-users/', key, {
              external_id: casing(base, i),
              profile: { first_name: `Caller ${i}`, metadata: { attempt: i } },
            }),
          ),
        ),
      ),
      120_000,
      `${CREATES} concurrent creates`,
    );
    const elapsedMs = Date.now() - started;
    const statuses = tally(outcomes.map((o) => o.status));
    const serverErrors = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500).length;
    figures(`concurrency.create ${label}`, { requests: CREATES, statuses, serverErrors, elapsedMs });

    expect(outcomes.filter((o) => o.status === 'network-error')).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(statuses).toEqual({ '201': 1, '200': CREATES - 1 });

    const winnerIndex = outcomes.findIndex((o) => o.status === 201);
    const winner = (outcomes[winnerIndex] as Reply).body;
    // The casing first stored is echoed, and the winner's profile is the one kept.
    expect(winner.external_id).toBe(casing(base, winnerIndex));
    expect(winner.profile.first_name).toBe(`Caller ${winnerIndex}`);
    for (const o of outcomes) expect((o as Reply).body).toEqual(winner);

    const rows = await queryRows<{ id: string }>(
      engine,
      database!,
      'SELECT id FROM end_users WHERE agent_id = ? AND external_id_lower = ?',
      [agentId, base.toLowerCase()],
    );
    expect(rows.map((r) => r.id)).toEqual([winner.end_user_id]);
    for (const proc of procs) {
      const found = await call(
        proc.url,
        'GET',
        `/api/v2/end-users/?external_id=${encodeURIComponent(base.toUpperCase())}`,
        key,
      );
      expect(found.status).toBe(200);
      expect(found.body).toEqual(winner);
    }
  });

  it(`${PATCHERS} concurrent PATCHes setting one external_id on different users: one 200, the rest 409`, async () => {
    const suffix = randomBytes(4).toString('hex');
    const users = await inBatches(
      Array.from({ length: PATCHERS }, (_, j) => j),
      4,
      async (j) => {
        const res = await call(target(j), 'POST', '/api/v2/end-users/', key, {
          external_id: `holder-${j}-${suffix}`,
          profile: { first_name: `Holder ${j}` },
        });
        expect(res.status).toBe(201);
        return res.body;
      },
    );

    const shared = `Shared-Äpfel-${suffix}`;
    const started = Date.now();
    const outcomes = await within(
      Promise.all(
        users.map((user, j) =>
          settle(
            call(target(j), 'PATCH', `/api/v2/end-users/${user.end_user_id}`, key, {
              external_id: casing(shared, j + 1),
              profile: { first_name: `Patched ${j}` },
            }),
          ),
        ),
      ),
      60_000,
      `${PATCHERS} concurrent PATCHes`,
    );
    const elapsedMs = Date.now() - started;
    const statuses = tally(outcomes.map((o) => o.status));
    figures(`concurrency.patch ${label}`, { requests: PATCHERS, statuses, elapsedMs });

    expect(outcomes.filter((o) => o.status === 'network-error')).toEqual([]);
    expect(statuses).toEqual({ '200': 1, '409': PATCHERS - 1 });
    for (const o of outcomes as Reply[]) {
      if (o.status !== 409) continue;
      expect(o.body.errors).toHaveLength(1);
      expect(o.body.errors[0].type).toBe('conflict');
      expect(o.body.errors[0].details).toEqual([
        expect.objectContaining({ parameter: '$.external_id', location: 'body' }),
      ]);
    }

    // Only the winner holds the value; each loser is exactly as it was (the whole PATCH failed).
    const w = outcomes.findIndex((o) => o.status === 200);
    const winnerId = users[w].end_user_id as string;
    expect((outcomes[w] as Reply).body).toMatchObject({ end_user_id: winnerId, external_id: casing(shared, w + 1) });
    const now = await inBatches(users, 4, (user, j) =>
      call(target(j), 'GET', `/api/v2/end-users/${user.end_user_id}`, key),
    );
    now.forEach((res, j) => {
      expect(res.status).toBe(200);
      if (j === w) expect(res.body).toEqual((outcomes[w] as Reply).body);
      else expect(res.body).toEqual(users[j]);
    });
    const holders = await queryRows<{ id: string }>(
      engine,
      database!,
      'SELECT id FROM end_users WHERE agent_id = ? AND external_id_lower = ?',
      [agentId, shared.toLowerCase()],
    );
    expect(holders.map((r) => r.id)).toEqual([winnerId]);
    for (const proc of procs) {
      const found = await call(
        proc.url,
        'GET',
        `/api/v2/end-users/?external_id=${encodeURIComponent(shared.toLowerCase())}`,
        key,
      );
      expect(found.body.end_user_id).toBe(winnerId);
    }
  });
});
