// Bearer authentication: every way of not presenting a valid key is a 401 in the envelope with
// WWW-Authenticate: Bearer; revocation bites within the 1 s cache; new keys work at once; keys
// are random, prefixed and stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function expectUnauthorized(res: ApiResponse) {
  expectError(res, 401, 'unauthorized');
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.errors[0].details).toBeNull();
}

describe.each(ENGINES)('auth on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  const rejected: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['the Basic scheme', { authorization: 'Basic xyz' }],
    ['Basic with valid-looking credentials', { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` }],
    ['"Bearer" with no key', { authorization: 'Bearer' }],
    ['"Bearer " with only a space', { authorization: 'Bearer ' }],
    ['a key with no scheme', { authorization: 'roster_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }],
    ['two tokens after Bearer', { authorization: 'Bearer one two' }],
    ['an unknown key', { authorization: `Bearer roster_${randomBytes(32).toString('base64url')}` }],
    ['a key longer than any real one', { authorization: `Bearer roster_${'a'.repeat(2_000)}` }],
  ];

  it.each(rejected)('answers 401 for %s', async (_name, headers) => {
    for (const [method, url, body] of [
      ['GET', '/api/v2/end-users/', undefined],
      ['POST', '/api/v2/end-users/', {}],
      ['GET', '/api/v2/end-users/aaaaaaaaaaaaaaaaaaaaaaaa', undefined],
      ['PATCH', '/api/v2/end-users/aaaaaaaaaaaaaaaaaaaaaaaa', { profile: {} }],
    ] as const) {
      expectUnauthorized(await ctx.request(method, url, { key: null, headers, ...(body ? { body } : {}) }));
    }
  });

  it('accepts a valid key, with the scheme in any case', async () => {
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(200);
    const lower = await ctx.request('GET', '/api/v2/end-users/', {
      key: null,
      headers: { authorization: `bearer ${ctx.keyA}` },
    });
    expect(lower.status).toBe(200);
  });

  it('rejects a valid key with a character changed or appended', async () => {
    const last = ctx.keyA.slice(-1);
    const changed = ctx.keyA.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expectUnauthorized(await ctx.request('GET', '/api/v2/end-users/', { key: changed }));
    expectUnauthorized(await ctx.request('GET', '/api/v2/end-users/', { key: `${ctx.keyA}x` }));
    expectUnauthorized(await ctx.request('GET', '/api/v2/end-users/', { key: ctx.keyA.slice(0, -1) }));
  });

  it('stops accepting a revoked key within a second (the cache follows the clock)', async () => {
    const created = await ctx.container.modules.agents.service.createKey('alpha', 'to revoke');
    // Warm the success cache, so the test covers the cached path.
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: created.secret })).status).toBe(200);
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: created.secret })).status).toBe(200);

    await ctx.container.modules.agents.service.revokeKey(created.key.id);
    ctx.clock.advance(1_000);
    expectUnauthorized(await ctx.request('GET', '/api/v2/end-users/', { key: created.secret }));
    // And it stays revoked.
    ctx.clock.advance(1_100);
    expectUnauthorized(await ctx.request('POST', '/api/v2/end-users/', { key: created.secret, body: {} }));
    // The agent's other keys are untouched.
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(200);
  });

  it('accepts a key created while the app runs at once, even right after it was refused', async () => {
    const secret = `roster_${randomBytes(32).toString('base64url')}`;
    expectUnauthorized(await ctx.request('GET', '/api/v2/end-users/', { key: secret }));
    await ctx.container.modules.agents.service.ensureKey('alpha', secret, 'made while running');
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: secret })).status).toBe(200);

    const fresh = await ctx.container.modules.agents.service.createKey('alpha', 'fresh');
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: fresh.secret })).status).toBe(200);
  });

  it('lets every key of an agent reach the same end users', async () => {
    const second = await ctx.container.modules.agents.service.createKey('alpha', 'second');
    const third = await ctx.container.modules.agents.service.createKey('alpha', 'third');
    expect(second.agent.id).toBe(ctx.agentA);
    expect(third.agent.id).toBe(ctx.agentA);
    expect(new Set([ctx.keyA, second.secret, third.secret]).size).toBe(3);

    const created = await ctx.request('POST', '/api/v2/end-users/', {
      key: second.secret,
      body: { external_id: 'many-keys' },
    });
    expect(created.status).toBe(201);
    for (const key of [ctx.keyA, second.secret, third.secret]) {
      const got = await ctx.request('GET', `/api/v2/end-users/${created.body.end_user_id}`, { key });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(created.body);
    }
    // Another agent's key does not see it.
    expectError(
      await ctx.request('GET', `/api/v2/end-users/${created.body.end_user_id}`, { key: ctx.keyB }),
      404,
      'not_found',
    );
  });

  it('stores keys only as SHA-256 hashes', async () => {
    const rows = await ctx.container.db.kysely.selectFrom('api_keys').selectAll().execute();
    const secrets = [ctx.keyA, ctx.keyB];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      for (const value of Object.values(row)) {
        for (const secret of secrets) {
          expect(String(value)).not.toContain(secret);
          // Not even the random part of the key (the short display prefix is allowed).
          expect(String(value)).not.toContain(secret.slice('roster_'.length));
        }
      }
    }
    for (const [secret, agentId] of [
      [ctx.keyA, ctx.agentA],
      [ctx.keyB, ctx.agentB],
    ] as const) {
      const row = rows.find((r) => r.key_hash === sha256(secret));
      expect(row, 'a row whose key_hash is the SHA-256 hex of the key').toBeDefined();
      expect(row?.agent_id).toBe(agentId);
      expect(row?.revoked_at).toBeNull();
    }
  });

  it('makes keys of "roster_" and at least 32 random bytes', async () => {
    const keys = [ctx.keyA, ctx.keyB];
    for (let i = 0; i < 5; i++) keys.push((await ctx.container.modules.agents.service.createKey('gamma')).secret);
    for (const key of keys) {
      expect(key).toMatch(/^roster_[A-Za-z0-9_-]+$/);
      const body = key.slice('roster_'.length);
      expect(Buffer.from(body, 'base64url').length).toBeGreaterThanOrEqual(32);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });
});
