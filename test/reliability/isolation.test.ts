// Tenant isolation, end to end: with agent B's key, every End Users endpoint answers agent A's
// resources exactly as it answers ids and external_ids that never existed (status, headers and
// body byte for byte apart from the quoted text), nothing B does changes A's data, external_id
// namespaces stay apart under concurrent creates, and rate limit budgets are per agent under
// concurrent load. test/tenancy.test.ts covers the basic cases; this suite sweeps them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type ApiResponse, type TestContext } from '../helpers/harness.js';
import { USERS, listAll, mixCase, newUser } from '../helpers/end-users.js';

const VOLATILE_HEADERS = new Set(['x-request-id', 'date']);
const randomHexId = () => Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

/** Everything a client can observe of an answer, with `text` (what it asked about) masked. */
function observable(res: ApiResponse, text: string) {
  const headers = Object.entries(res.headers)
    .filter(([name]) => !VOLATILE_HEADERS.has(name))
    .sort();
  return { status: res.status, headers, body: res.raw.split(text).join('<asked>') };
}

/** A never-used external_id with the same UTF-8 length and character classes as `ext`. */
const decoy = (ext: string) => ext.replace(/[a-z]/g, 'z').replace(/[A-Z]/g, 'Z').replace(/[0-9]/g, '7');

describe.each(ENGINES)('tenant isolation on %s', (engine) => {
  let ctx: TestContext;
  const a: any[] = [];
  let b: any[] = [];
  let snapshotA: any[];
  let sensitiveA: Record<string, unknown>;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    for (const body of [
      {
        external_id: 'acme-1',
        profile: { first_name: 'Ana', metadata: { plan: 'gold' }, sensitive_metadata: { fields: { ssn: 'a-secret' } } },
      },
      { external_id: 'Shared-Ext', profile: { email: 'ana@example.com' } },
      { external_id: 'ünï-ß-42', profile: { language: 'de' } },
      { profile: { display_name: 'no external id' } },
    ])
      a.push(await newUser(ctx, body));
    b = [await newUser(ctx, { external_id: 'b-own' }, ctx.keyB), await newUser(ctx, {}, ctx.keyB)];
    snapshotA = await listAll(ctx, ctx.keyA);
    sensitiveA = await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, a[0].end_user_id);
  });
  afterAll(async () => ctx?.close());

  const asB = (method: string, url: string, body?: unknown) =>
    ctx.request(method, url, { key: ctx.keyB, ...(body === undefined ? {} : { body }) });

  it("answers every by-id request for agent A's users to agent B exactly like a random id", async () => {
    const patches = [
      { profile: {} },
      { profile: { first_name: 'Mallory', metadata: null, sensitive_metadata: { fields: { ssn: 'stolen' } } } },
      { external_id: 'b-own', profile: {} }, // taken in B's namespace: must still be 404, not 409
      { external_id: null, profile: { email: null } },
      { profile: { first_name: 7 } }, // invalid: 400 for both, the body is read before the id
      { external_id: 'x'.repeat(37), profile: {} },
    ];
    let compared = 0;
    for (const user of a) {
      const random = randomHexId();
      for (const [shape, name] of [
        [(id: string) => id, 'id'],
        [(id: string) => id.toUpperCase(), 'upper'],
        [(id: string) => `${id}/`, 'slash'],
      ] as const) {
        const requests: Array<[string, string, unknown?]> = [
          ['GET', `${USERS}${shape(user.end_user_id)}`],
          ...patches.map((p): [string, string, unknown] => ['PATCH', `${USERS}${shape(user.end_user_id)}`, p]),
          ['DELETE', `${USERS}${shape(user.end_user_id)}`],
          ['GET', `${USERS}${shape(user.end_user_id)}/conversations`],
          ['POST', `${USERS}${shape(user.end_user_id)}`, {}],
        ];
        for (const [method, url, body] of requests) {
          const foreign = await asB(method, url, body);
          const missing = await asB(
            method,
            url.replace(user.end_user_id, random).replace(user.end_user_id.toUpperCase(), random.toUpperCase()),
            body,
          );
          const masked =
            name === 'upper' ? [user.end_user_id.toUpperCase(), random.toUpperCase()] : [user.end_user_id, random];
          expect(observable(foreign, masked[0] as string), `${method} ${url} ${JSON.stringify(body)}`).toEqual(
            observable(missing, masked[1] as string),
          );
          expect([400, 404]).toContain(foreign.status);
          compared++;
        }
      }
    }
    console.log(`[isolation] engine=${engine} by-id comparisons=${compared} (foreign vs random, status+headers+body)`);
  });

  it("leaves agent A's users out of everything agent B lists, pages through or looks up", async () => {
    const idsA = new Set(a.map((u) => u.end_user_id));
    expect(await listAll(ctx, ctx.keyB, 1)).toEqual(b);
    // A cursor naming one of A's users (any casing) starts B's page after it, with B's users only.
    for (const user of a) {
      for (const cursor of [user.end_user_id, user.end_user_id.toUpperCase()]) {
        const res = await asB('GET', `${USERS}?cursor=${cursor}&limit=1`);
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual(b.filter((u) => u.end_user_id >= user.end_user_id).slice(0, 1));
        for (const id of idsA) expect(res.raw).not.toContain(id);
      }
    }
    // Lookups of A's external_ids, in any casing, look exactly like lookups of unused ones.
    let lookups = 0;
    for (const ext of a.map((u) => u.external_id).filter((e): e is string => e !== null)) {
      for (const variant of [ext, ext.toUpperCase(), mixCase(ext, 0b1010101)]) {
        const foreign = await asB('GET', `${USERS}?external_id=${encodeURIComponent(variant)}`);
        const missing = await asB('GET', `${USERS}?external_id=${encodeURIComponent(decoy(variant))}`);
        expect(observable(foreign, variant)).toEqual(observable(missing, decoy(variant)));
        expect(foreign.status).toBe(404);
        lookups++;
      }
    }
    console.log(`[isolation] engine=${engine} lookups compared=${lookups}`);
  });

  it("gives agent B a user of its own when it posts agent A's external_id, in any casing", async () => {
    const created = await asB('POST', USERS, { external_id: 'ACME-1', profile: { first_name: 'Bea' } });
    expect(created.status).toBe(201);
    expect(created.body.external_id).toBe('ACME-1');
    expect(created.body.profile).toMatchObject({ first_name: 'Bea', metadata: {} });
    expect(a.map((u) => u.end_user_id)).not.toContain(created.body.end_user_id);
    const again = await asB('POST', USERS, { external_id: 'acme-1', profile: { first_name: 'ignored' } });
    expect([again.status, again.body]).toEqual([200, created.body]);
    b.push(created.body);
  });

  it("left agent A's data, sensitive values included, exactly as it was", async () => {
    expect(await listAll(ctx, ctx.keyA)).toEqual(snapshotA);
    expect(await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, a[0].end_user_id)).toEqual(
      sensitiveA,
    );
    expect(await ctx.container.modules.endUsers.service.readSensitive(ctx.agentB, a[0].end_user_id)).toEqual({});
    expect(await listAll(ctx, ctx.keyB)).toEqual(b);
  });

  it('keeps external_id namespaces apart when both agents create the same ids concurrently', async () => {
    const externalIds = Array.from({ length: 10 }, (_, i) => `race-${i}-Ωmega`);
    const attempts = externalIds.flatMap((ext) =>
      Array.from({ length: 16 }, (_, i) => ({
        ext,
        key: i % 2 ? ctx.keyB : ctx.keyA,
        body: { external_id: mixCase(ext, i * 37), profile: { first_name: `try-${i}` } },
      })),
    );
    const results = await Promise.all(attempts.map((t) => ctx.request('POST', USERS, { key: t.key, body: t.body })));
    const winners = new Map<string, string>();
    results.forEach((res, i) => {
      const t = attempts[i]!;
      expect([200, 201], res.raw).toContain(res.status);
      const slot = `${t.key === ctx.keyA ? 'A' : 'B'}:${t.ext}`;
      const seen = winners.get(slot);
      if (seen) expect(res.body.end_user_id).toBe(seen);
      else winners.set(slot, res.body.end_user_id);
    });
    for (const ext of externalIds) {
      const created = results.filter((res, i) => res.status === 201 && attempts[i]!.ext === ext);
      expect(created.map((res) => res.body.end_user_id).sort()).toEqual(
        [winners.get(`A:${ext}`), winners.get(`B:${ext}`)].sort(),
      );
      expect(winners.get(`A:${ext}`)).not.toBe(winners.get(`B:${ext}`));
      expect(
        (await ctx.request('GET', `${USERS}?external_id=${encodeURIComponent(ext.toUpperCase())}`)).body.end_user_id,
      ).toBe(winners.get(`A:${ext}`));
      expect((await asB('GET', `${USERS}?external_id=${encodeURIComponent(ext)}`)).body.end_user_id).toBe(
        winners.get(`B:${ext}`),
      );
    }
    expect((await listAll(ctx, ctx.keyA)).length).toBe(snapshotA.length + externalIds.length);
    expect((await listAll(ctx, ctx.keyB)).length).toBe(b.length + externalIds.length);
    console.log(
      `[isolation] engine=${engine} concurrent creates=${attempts.length} external_ids=${externalIds.length} users per agent per id=1`,
    );
  });
});

describe.each(ENGINES)('rate limit budgets per tenant on %s', (engine) => {
  const LIMIT = 8;
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, {
      env: { ROSTER_RATE_LIMITS: 'on', ROSTER_RATE_LIMIT_END_USERS: `${LIMIT}/1m`, ROSTER_RATE_LIMIT_DEFAULT: '4/1m' },
    });
  });
  afterAll(async () => ctx?.close());

  const remaining = (res: ApiResponse) => Number(/;r=(\d+)/.exec(String(res.headers.ratelimit))?.[1]);

  it("lets agent A's concurrent burst exhaust only A's budget, in every family", async () => {
    const id = '0123456789abcdef01234567';
    const burst = (key: string, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const route: [string, string, unknown?] = [
          ['POST', USERS, { external_id: `burst-${i}` }],
          ['GET', USERS],
          ['GET', `${USERS}${id}`],
          ['PATCH', `${USERS}${id}`, { profile: {} }],
          ['GET', `${USERS}?external_id=burst-0`],
        ][i % 5] as [string, string, unknown?];
        return ctx.request(route[0], route[1], { key, ...(route[2] === undefined ? {} : { body: route[2] }) });
      });
    const strangers = Array.from({ length: 20 }, () => ctx.request('GET', USERS, { key: `roster_${randomHexId()}` }));
    const [fromA, fromStrangers] = await Promise.all([Promise.all(burst(ctx.keyA, 40)), Promise.all(strangers)]);
    const admitted = fromA.filter((r) => r.status !== 429);
    expect(admitted).toHaveLength(LIMIT);
    for (const r of fromA.filter((r) => r.status === 429)) {
      expect(r.body.errors[0].type).toBe('rate_limited');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(fromStrangers.every((r) => r.status === 401)).toBe(true);
    // Refused writes wrote nothing: A has exactly the users its admitted creates made.
    const madeByA = admitted.filter((r) => r.status === 201).length;
    expect((await ctx.container.modules.endUsers.store.list(ctx.agentA, null, 100)).length).toBe(madeByA);

    // B still has its whole budget, counted from the top, and then its own 429.
    const fromB = await Promise.all(burst(ctx.keyB, LIMIT));
    expect(fromB.filter((r) => r.status === 429)).toEqual([]);
    expect(fromB.map(remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: LIMIT }, (_, i) => i));
    expect((await ctx.request('GET', USERS, { key: ctx.keyB })).status).toBe(429);

    // The default family: A exhausting it leaves B's untouched, and end_users stays exhausted for A.
    const other = '/api/v2/not-a-route';
    const defaultA = await Promise.all(Array.from({ length: 10 }, () => ctx.request('GET', other, { key: ctx.keyA })));
    expect(defaultA.filter((r) => r.status === 404)).toHaveLength(4);
    const defaultB = await ctx.request('GET', other, { key: ctx.keyB });
    expect([defaultB.status, remaining(defaultB)]).toEqual([404, 3]);
    console.log(
      `[isolation] engine=${engine} rate-limit burst A=${fromA.length} admitted=${admitted.length} B admitted=${LIMIT}/${LIMIT} strangers=401x${fromStrangers.length}`,
    );
  });
});
