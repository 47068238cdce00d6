// Sensitive metadata is write-only on the wire, encrypted at rest, bound to its row by the AAD,
// expires per key 24 h after its last write, and never reaches a response or a log line.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../src/app.js';
import type { manualClock } from '../src/lib/clock.js';
import { sweepOnce, type SweepDeps } from '../src/modules/end-users/end-users.jobs.js';

/** The sweeps the periodic jobs run, run once on demand. */
const createSweeper = (deps: SweepDeps) => ({ sweep: () => sweepOnce(deps) });
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import { dumpTables } from './helpers/table-dump.js';

const H = 3_600_000;
const BASE = '/api/v2/end-users/';
const PROFILE_KEYS = [
  'avatar',
  'display_name',
  'email',
  'first_name',
  'language',
  'last_name',
  'metadata',
  'system_properties',
];
/** A value that cannot occur by chance in any response, file or log line. */
const secret = (tag: string) => `zq9-${tag}-plaintext-c0ffee`;
const sens = (fields: Record<string, unknown> | null) => (fields === null ? null : { fields });

describe.each(ENGINES)('sensitive metadata on %s', (engine) => {
  let ctx: TestContext;
  let t0: number;
  beforeEach(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    t0 = ctx.clock.now();
  });
  afterEach(async () => ctx?.close());

  const at = (offsetMs: number) => (ctx.clock as ReturnType<typeof manualClock>).set(t0 + offsetMs);
  const post = (body: unknown) => ctx.request('POST', BASE, { body });
  const patch = (id: string, body: unknown) => ctx.request('PATCH', `${BASE}${id}`, { body });
  const read = (id: string, agentId = ctx.agentA) => ctx.container.modules.endUsers.service.readSensitive(agentId, id);
  const rows = (id?: string) => {
    let query = ctx.container.db.kysely.selectFrom('sensitive_values').selectAll();
    if (id !== undefined) query = query.where('end_user_id', '=', id);
    return query.orderBy('end_user_id').orderBy('key').execute();
  };
  const sweeper = () =>
    createSweeper({
      store: ctx.container.modules.endUsers.store,
      units: ctx.container.units,
      forget: ctx.container.forget,
      clock: ctx.clock,
      unattachedTtlMs: 365 * 24 * H,
    });
  const expectClean = (res: ApiResponse, status: number, secrets: string[]) => {
    expect(res.status, res.raw).toBe(status);
    expect(leaked(res.raw, secrets)).toEqual([]);
    if (status < 300) {
      expect(res.raw).not.toContain('sensitive');
      const users = Array.isArray(res.body.data) ? res.body.data : [res.body];
      for (const user of users) expect(Object.keys(user.profile).sort()).toEqual(PROFILE_KEYS);
    }
  };

  it('never puts a sensitive value in a response, successful or not', async () => {
    const s = Array.from({ length: 12 }, (_, i) => secret(`resp${i}`));
    const created = await post({
      external_id: 'Sens-1',
      profile: { first_name: 'Ana', sensitive_metadata: sens({ token: s[0], vip: true, score: 42 }) },
    });
    expectClean(created, 201, s);
    const id = created.body.end_user_id as string;
    const hit = await post({
      external_id: 'sens-1',
      profile: { first_name: 'Bo', sensitive_metadata: sens({ token: s[1] }) },
    });
    expectClean(hit, 200, s);
    expect(hit.body).toEqual(created.body);
    // The upsert hit applies nothing, sensitive fields included.
    expect(await read(id)).toEqual({ token: s[0], vip: true, score: 42 });

    expectClean(await ctx.request('GET', `${BASE}${id}`), 200, s);
    expectClean(await ctx.request('GET', `${BASE}?external_id=SENS-1`), 200, s);
    const list = await ctx.request('GET', BASE);
    expectClean(list, 200, s);
    expect(list.body.data.map((u: { end_user_id: string }) => u.end_user_id)).toEqual([id]);
    const patched = await patch(id, { profile: { sensitive_metadata: sens({ token: s[2], other: s[3] }) } });
    expectClean(patched, 200, s);
    expect(patched.body).toEqual(created.body);

    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, `${s[4]}-${i}`]));
    const many = await post({ profile: { sensitive_metadata: sens(tooMany) } });
    expectClean(many, 400, [s[4] as string]);
    expect(expectError(many, 400, 'validation_error').details).toEqual([
      { parameter: '$.profile.sensitive_metadata.fields', location: 'body', message: 'must have at most 20 keys' },
    ]);
    expectClean(await patch(id, { profile: { sensitive_metadata: sens(tooMany) } }), 400, [s[4] as string]);

    const overlap = await post({
      profile: { metadata: { token: 'plain' }, sensitive_metadata: sens({ token: s[5] }) },
    });
    expectClean(overlap, 400, s);
    expect(expectError(overlap, 400, 'validation_error').details[0].parameter).toBe(
      '$.profile.sensitive_metadata.fields.token',
    );
    const overlapPatch = await patch(id, {
      profile: { metadata: { plan: 'x' }, sensitive_metadata: sens({ plan: s[5] }) },
    });
    expectClean(overlapPatch, 400, s);
    expectClean(await post({ profile: { sensitive_metadata: sens({ token: s[6]!.repeat(200) }) } }), 400, s);
    expectClean(await post({ profile: { sensitive_metadata: sens({ 'bad key': s[7] }) } }), 400, s);
    expectClean(await post({ profile: { sensitive_metadata: sens({ token: s[8], n: 1.5 }) } }), 400, s);
    expectClean(
      await patch('0123456789abcdef01234567', { profile: { sensitive_metadata: sens({ token: s[9] }) } }),
      404,
      s,
    );
    expectClean(await post({ external_id: 'taken', profile: {} }), 201, s);
    const conflict = await patch(id, { external_id: 'TAKEN', profile: { sensitive_metadata: sens({ token: s[10] }) } });
    expectClean(conflict, 409, s);
    expectError(conflict, 409, 'conflict');
    const broken = await ctx.request('POST', BASE, {
      payload: `{"profile":{"sensitive_metadata":{"fields":{"token":"${s[11]}"`,
      headers: { 'content-type': 'application/json' },
    });
    expectClean(broken, 400, s);
    expectError(broken, 400, 'bad_request');
    // None of the refused writes reached storage.
    expect(await read(id)).toEqual({ token: s[2], other: s[3], vip: true, score: 42 });
  });

  it('stores only AES-GCM envelopes: no plaintext anywhere in the database', async () => {
    const plain = secret('at-rest');
    const control = 'control-metadata-5b1e2d'; // stored in clear, proves the scan sees the data
    const a = await post({
      profile: { metadata: { note: control }, sensitive_metadata: sens({ card: plain, pin_ok: true }) },
    });
    const b = await post({ profile: { sensitive_metadata: sens({ card: plain }) } });
    const [idA, idB] = [a.body.end_user_id as string, b.body.end_user_id as string];
    const kid = ctx.container.keyring.currentKeyId;
    expect(kid).toMatch(/^[0-9a-f]{8}$/);
    const stored = await rows(idA);
    expect(stored.map((r) => [r.key, r.agent_id])).toEqual([
      ['card', ctx.agentA],
      ['pin_ok', ctx.agentA],
    ]);
    for (const row of [...stored, ...(await rows(idB))]) {
      expect(row.envelope.startsWith(`v1.${kid}.`)).toBe(true);
      expect(row.envelope.split('.')).toHaveLength(5);
      expect(row.envelope).not.toContain(plain);
    }
    // A fresh IV per value: the same plaintext never yields the same envelope.
    const envelopes = [stored[0]!.envelope, (await rows(idB))[0]!.envelope];
    await patch(idA, { profile: { sensitive_metadata: sens({ card: plain }) } });
    envelopes.push((await rows(idA))[0]!.envelope);
    expect(new Set(envelopes).size).toBe(3);

    if (engine === 'sqlite') {
      const dir = ctx.container.config.dataDir;
      const scan = () =>
        Buffer.concat(
          ['roster.db', 'roster.db-wal', 'roster.db-shm']
            .map((f) => path.join(dir, f))
            .filter((f) => fs.existsSync(f))
            .map((f) => fs.readFileSync(f)),
        );
      expect(fs.statSync(path.join(dir, 'roster.db-wal')).size).toBeGreaterThan(0);
      const before = scan();
      expect(before.includes(control)).toBe(true);
      expect(before.includes(plain)).toBe(false);
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.container.db.kysely);
      expect(fs.readFileSync(path.join(dir, 'roster.db')).includes(control)).toBe(true);
      expect(scan().includes(plain)).toBe(false);
    } else {
      const result = await sql<{
        t: string;
      }>`select s::text as t from sensitive_values s union all select e::text from end_users e`.execute(
        ctx.container.db.kysely,
      );
      const text = result.rows.map((r) => r.t).join('\n');
      expect(text).toContain(control);
      expect(text).toContain(envelopes[2]);
      expect(text).not.toContain(plain);
      const dump = await dumpTables(ctx.database.location);
      expect(dump).toContain(control);
      expect(dump).not.toContain(plain);
    }
  });

  it('decrypts through the internal read path with the types written', async () => {
    const fields = { s: 'héllo wörld ✓', b: false, t: true, i: -7, max: Number.MAX_SAFE_INTEGER, zero: 0 };
    const created = await post({ profile: { sensitive_metadata: sens(fields) } });
    expect(created.status).toBe(201);
    const values = await read(created.body.end_user_id);
    expect(values).toEqual(fields);
    expect(Object.entries(values).map(([k, v]) => [k, typeof v])).toEqual([
      ['b', 'boolean'],
      ['i', 'number'],
      ['max', 'number'],
      ['s', 'string'],
      ['t', 'boolean'],
      ['zero', 'number'],
    ]);
    // Another agent reads nothing of it.
    expect(await read(created.body.end_user_id, ctx.agentB)).toEqual({});
  });

  it('binds each envelope to its agent, end user and key (AAD)', async () => {
    const kysely = ctx.container.db.kysely;
    const u1 = (await post({ profile: { sensitive_metadata: sens({ token: secret('u1'), spare: 'x' }) } })).body
      .end_user_id as string;
    const u2 = (await post({ profile: { sensitive_metadata: sens({ token: secret('u2') }) } })).body
      .end_user_id as string;
    const envelope = async (id: string, key: string) => (await rows(id)).find((r) => r.key === key)!.envelope;
    const put = (id: string, key: string, value: string) =>
      kysely
        .updateTable('sensitive_values')
        .set({ envelope: value })
        .where('end_user_id', '=', id)
        .where('key', '=', key)
        .execute();

    const [token1, token2, spare1] = [
      await envelope(u1, 'token'),
      await envelope(u2, 'token'),
      await envelope(u1, 'spare'),
    ];
    await put(u2, 'token', token1); // another end user's row
    await expect(read(u2)).rejects.toThrow();
    await put(u2, 'token', token2);
    expect(await read(u2)).toEqual({ token: secret('u2') });
    await put(u1, 'spare', token1); // another key of the same end user
    await expect(read(u1)).rejects.toThrow();
    await put(u1, 'spare', spare1);
    expect(await read(u1)).toEqual({ token: secret('u1'), spare: 'x' });

    const parts = token1.split('.');
    parts[3] = (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1); // tampered ciphertext
    await put(u1, 'token', parts.join('.'));
    await expect(read(u1)).rejects.toThrow();
    await put(u1, 'token', token1);
    await kysely.updateTable('sensitive_values').set({ agent_id: ctx.agentB }).where('end_user_id', '=', u1).execute();
    await expect(read(u1, ctx.agentB)).rejects.toThrow(); // another agent
    expect(await read(u1)).toEqual({});
  });

  it('PATCH upserts per key, null removes a key; sensitive-only changes keep updated_at', async () => {
    const created = await post({ profile: { sensitive_metadata: sens({ a: '1', b: '2', c: 3 }) } });
    const id = created.body.end_user_id as string;
    at(1_000);
    const res = await patch(id, { profile: { sensitive_metadata: sens({ b: 'two', a: null, d: true }) } });
    expect(res.status).toBe(200);
    expect(res.body.updated_at).toBe(created.body.updated_at);
    expect(await read(id)).toEqual({ b: 'two', c: 3, d: true });
    expect((await rows(id)).map((r) => [r.key, Number(r.updated_at)])).toEqual([
      ['b', t0 + 1_000],
      ['c', t0],
      ['d', t0 + 1_000],
    ]);
    expect((await patch(id, { profile: { sensitive_metadata: sens({ nothing_here: null }) } })).status).toBe(200);
    expect((await patch(id, { profile: { sensitive_metadata: null } })).status).toBe(200);
    expect((await patch(id, { profile: { sensitive_metadata: sens({}) } })).status).toBe(200);
    expect(await read(id)).toEqual({ b: 'two', c: 3, d: true });
  });

  it('treats null on create as nothing to store', async () => {
    const one = await post({ profile: { sensitive_metadata: sens({ a: null, b: 'x' }) } });
    const two = await post({ profile: { sensitive_metadata: sens({ a: null }) } });
    const three = await post({ profile: { sensitive_metadata: null } });
    expect([one.status, two.status, three.status]).toEqual([201, 201, 201]);
    expect((await rows()).map((r) => [r.end_user_id, r.key])).toEqual([[one.body.end_user_id, 'b']]);
    expect(await read(one.body.end_user_id)).toEqual({ b: 'x' });
  });

  it('expires each key 24 h after its own last write, at once and before any sweep', async () => {
    const id = (await post({ profile: { sensitive_metadata: sens({ a: 'A1' }) } })).body.end_user_id as string;
    at(10 * H);
    expect((await patch(id, { profile: { sensitive_metadata: sens({ b: 'B1' }) } })).status).toBe(200);
    at(20 * H);
    expect((await patch(id, { profile: { sensitive_metadata: sens({ a: 'A2' }) } })).status).toBe(200);
    expect((await rows(id)).map((r) => [r.key, Number(r.expires_at)])).toEqual([
      ['a', t0 + 44 * H],
      ['b', t0 + 34 * H],
    ]);
    const expectations: Array<[number, Record<string, string>]> = [
      [24 * H + 1, { a: 'A2', b: 'B1' }],
      [34 * H - 1, { a: 'A2', b: 'B1' }],
      [34 * H, { a: 'A2' }],
      [44 * H - 1, { a: 'A2' }],
      [44 * H, {}],
    ];
    for (const [offset, expected] of expectations) {
      at(offset);
      expect(await read(id), `at t0+${offset}ms`).toEqual(expected);
    }
    expect(await rows(id)).toHaveLength(2); // unreadable, though not yet purged
  });

  it('does not count expired values for the metadata/sensitive key rule', async () => {
    const id = (await post({ profile: { sensitive_metadata: sens({ plan: 'S' }) } })).body.end_user_id as string;
    const clash = await patch(id, { profile: { metadata: { plan: 'gold' } } });
    expect(expectError(clash, 400, 'validation_error').details).toEqual([
      { parameter: '$.profile.metadata.plan', location: 'body', message: expect.stringContaining('"plan"') },
    ]);
    at(24 * H - 1);
    expectError(await patch(id, { profile: { metadata: { plan: 'gold' } } }), 400, 'validation_error');
    at(24 * H);
    const ok = await patch(id, { profile: { metadata: { plan: 'gold' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.profile.metadata).toEqual({ plan: 'gold' });
    expectError(await patch(id, { profile: { sensitive_metadata: sens({ plan: 'S2' }) } }), 400, 'validation_error');
    // Removing the sensitive key in the same request frees it for metadata.
    const other = (await post({ profile: { sensitive_metadata: sens({ tier: 'x' }) } })).body.end_user_id as string;
    const swap = await patch(other, { profile: { metadata: { tier: 'y' }, sensitive_metadata: sens({ tier: null }) } });
    expect(swap.status).toBe(200);
    expect(await read(other)).toEqual({});
  });

  it('lets the sweeper purge expired values and keep the others', async () => {
    const u1 = (await post({ profile: { sensitive_metadata: sens({ a: '1' }) } })).body.end_user_id as string;
    at(12 * H);
    await patch(u1, { profile: { sensitive_metadata: sens({ b: '2' }) } });
    const u2 = (await post({ profile: { sensitive_metadata: sens({ c: '3' }) } })).body.end_user_id as string;
    at(24 * H);
    expect(await sweeper().sweep()).toEqual({ endUsersDeleted: 0, sensitiveValuesPurged: 1 });
    expect((await rows()).map((r) => [r.end_user_id, r.key])).toEqual(
      [
        [u1, 'b'],
        [u2, 'c'],
      ].sort(),
    );
    expect(await read(u1)).toEqual({ b: '2' });
    at(36 * H);
    expect(await sweeper().sweep()).toEqual({ endUsersDeleted: 0, sensitiveValuesPurged: 2 });
    expect(await rows()).toEqual([]);
    expect((await ctx.request('GET', `${BASE}${u1}`)).status).toBe(200);
  });
});

describe.each(ENGINES)('sensitive metadata in logs on %s', (engine) => {
  it('keeps sensitive values and API keys out of every log line', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const ctx = await createTestContext(engine, {
      app: { logger: { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, stream } },
    });
    try {
      const s = Array.from({ length: 6 }, (_, i) => secret(`log${i}`));
      const fakeKey = 'roster_notarealkey-0123456789abcdefghijklmnop';
      const created = await ctx.request('POST', BASE, {
        body: { external_id: 'log-1', profile: { sensitive_metadata: sens({ t: s[0] }) } },
      });
      const id = created.body.end_user_id as string;
      const statuses = [created.status];
      const send = async (method: string, url: string, body?: unknown, key?: string) =>
        statuses.push((await ctx.request(method, url, { body, ...(key ? { key } : {}) })).status);
      await send('POST', BASE, { external_id: 'LOG-1', profile: { sensitive_metadata: sens({ t: s[1] }) } });
      await send('PATCH', `${BASE}${id}`, { profile: { sensitive_metadata: sens({ t: s[2] }) } }, ctx.keyA);
      await send('POST', BASE, {
        profile: {
          sensitive_metadata: sens(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, s[3]]))),
        },
      });
      await send('POST', BASE, { external_id: 'log-2', profile: {} });
      await send('PATCH', `${BASE}${id}`, { external_id: 'log-2', profile: { sensitive_metadata: sens({ t: s[4] }) } });
      await send('GET', `${BASE}${id}`, undefined, fakeKey);
      await send('GET', `${BASE}${id}`, undefined, ctx.keyB);
      // A failure inside the database: the request errors with a 500 and its error is logged.
      const kysely = ctx.container.db.kysely;
      await sql`ALTER TABLE sensitive_values RENAME TO sensitive_values_away`.execute(kysely);
      const failed = await ctx.request('POST', BASE, { body: { profile: { sensitive_metadata: sens({ t: s[5] }) } } });
      await sql`ALTER TABLE sensitive_values_away RENAME TO sensitive_values`.execute(kysely);
      expectError(failed, 500, 'internal_error');
      expect(failed.raw).not.toMatch(/sensitive_values|insert|select/i);
      statuses.push(failed.status);
      expect(statuses).toEqual([201, 200, 200, 400, 201, 409, 401, 404, 500]);

      const records = lines.map((l) => JSON.parse(l) as { msg?: string; level: number });
      // One line per request, written when it ends.
      expect(records.filter((r) => r.msg === 'request completed')).toHaveLength(statuses.length);
      expect(records.some((r) => r.msg === 'request failed' && r.level === 50)).toBe(true);
      const all = lines.join('');
      expect(leaked(all, [...s, ctx.keyA, ctx.keyB, fakeKey])).toEqual([]);
      expect(await ctx.container.modules.endUsers.service.readSensitive(ctx.agentA, id)).toEqual({ t: s[2] });
    } finally {
      await ctx.close();
    }
  });
});

function leaked(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}
