// Security hardening through the real HTTP layer, on both engines: what one tenant's key can learn
// about others or make the server do to them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, CHANNEL_BODY, CONVERSATIONS, newChannel } from './helpers/conversations.js';
import { ENGINES, REDIS_URL, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const counterOf = (id: string) => Number.parseInt(id.slice(18), 16);

describe.each(ENGINES)('security on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it("does not let the gap between one agent's ids count other agents' activity", async () => {
    const create = async (key: string) => {
      const res = await ctx.request('POST', '/api/v2/end-users/', { key, body: {} });
      expect(res.status).toBe(201);
      return res.body.end_user_id as string;
    };
    const first = await create(ctx.keyA);
    for (let i = 0; i < 12; i++) await create(ctx.keyB);
    const second = await create(ctx.keyA);
    // Creating an end user records an event; no other id is minted for agent A in between.
    expect(counterOf(second) - counterOf(first)).toBeLessThanOrEqual(2);
    expect(second).toMatch(/^[0-9a-f]{24}$/);
    expect(second.slice(8, 18)).toBe(first.slice(8, 18));
  });

  it('refuses non-finite numbers (1e400) in metadata with 400 and stores nothing', async () => {
    const channelsBefore = (await ctx.request('GET', `${CHANNELS}?type=custom`)).body.data.length;
    const res = await ctx.request('POST', CHANNELS, {
      payload: `{"name":"n","description":"d","modality":"messaging","metadata":{"score":1e400}}`,
      headers: { 'content-type': 'application/json' },
    });
    const error = expectError(res, 400, 'validation_error');
    expect(error.details).toEqual([{ parameter: '$.metadata.score', location: 'body', message: expect.any(String) }]);
    expect((await ctx.request('GET', `${CHANNELS}?type=custom`)).body.data.length).toBe(channelsBefore);

    const channel = await newChannel(ctx, { metadata: { score: 1 } });
    const conversation = await ctx.request('POST', CONVERSATIONS, { body: { channel_id: channel.id } });
    expect(conversation.status).toBe(201);
    for (const [method, url, payload] of [
      ['PATCH', `${CHANNELS}${channel.id}`, '{"metadata":{"score":-1e400}}'],
      ['POST', CONVERSATIONS, `{"channel_id":"${channel.id}","metadata":{"x":1e999}}`],
      ['PATCH', `${CONVERSATIONS}${conversation.body.id}`, '{"metadata":{"x":1e400}}'],
      ['POST', '/api/v2/end-users/', '{"profile":{"metadata":{"deep":{"x":[1,1e400]}}}}'],
    ] as const) {
      const refused = await ctx.request(method, url, { payload, headers: { 'content-type': 'application/json' } });
      expect(refused.status, `${method} ${url}: ${refused.raw}`).toBe(400);
    }
    const stored = (await ctx.request('GET', `${CHANNELS}?type=custom`)).body.data.find(
      (c: any) => c.id === channel.id,
    );
    expect(stored.metadata).toEqual({ score: 1 });
    expect((await ctx.request('GET', `${CONVERSATIONS}${conversation.body.id}`)).body.metadata).toEqual({});
  });

  it('refuses a body nested more than 32 levels with 400 before building it; 32 levels and large flat bodies parse', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deep = await ctx.request('POST', CHANNELS, {
      payload: `{"name":"n","description":"d","modality":"messaging","metadata":{"x":${nested(32)}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(expectError(deep, 400, 'bad_request').message).toMatch(/more than 32 levels/);
    // 32 levels in all is parsed and then judged by the schema (metadata values must be flat).
    const allowed = await ctx.request('POST', CHANNELS, {
      payload: `{"name":"n","description":"d","modality":"messaging","metadata":{"x":${nested(30)}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectError(allowed, 400, 'validation_error');
    // Brackets inside strings do not count.
    const quoted = await ctx.request('POST', CHANNELS, {
      body: { ...CHANNEL_BODY, description: '[{'.repeat(500) },
    });
    expect(quoted.status, quoted.raw).toBe(201);
    // A flat body near the 10 MiB limit still parses (and is then judged by the schema).
    const flat = await ctx.request('POST', CHANNELS, {
      body: { ...CHANNEL_BODY, metadata: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i])) },
    });
    expect(flat.status).toBe(400);
    expect(flat.body.errors[0].type).toBe('validation_error');
  });

  it("keeps another client's latency low while 8 bodies of 10 MiB nested arrays arrive", async () => {
    const body = '['.repeat(5 * 1024 * 1024) + ']'.repeat(5 * 1024 * 1024 - 1);
    const attacks = Array.from({ length: 8 }, () =>
      ctx.request('POST', '/api/v2/end-users/', { payload: body, headers: { 'content-type': 'application/json' } }),
    );
    const latencies: number[] = [];
    const probe = (async () => {
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        expect((await ctx.request('GET', '/api/v2/end-users/?limit=1', { key: ctx.keyB })).status).toBe(200);
        latencies.push(performance.now() - started);
      }
    })();
    const answers = await Promise.all(attacks);
    await probe;
    for (const answer of answers) expect(expectError(answer, 400, 'bad_request').message).toMatch(/32 levels/);
    const max = Math.max(...latencies);
    console.log(`[security] ${engine}: 8 nested 10 MiB bodies; another client's GET max ${max.toFixed(0)} ms`);
    // Without the bound each body held the event loop for over a second (4 s and more in all).
    expect(max).toBeLessThan(3_000);
  });

  it('builds next_page_url from ROSTER_PUBLIC_URL, or from a valid Host and http(s) only', async () => {
    for (let i = 0; i < 3; i++)
      expect((await ctx.request('POST', '/api/v2/end-users/', { key: ctx.keyB, body: {} })).status).toBe(201);
    const page = async (target: TestContext, headers: Record<string, string>) => {
      const res = await target.request('GET', '/api/v2/end-users/?limit=1', { key: target.keyB, headers });
      expect(res.status).toBe(200);
      return res.body.meta.next_page_url as string;
    };
    const phish = await page(ctx, { host: 'evil.example.com/phish?x=' });
    expect(phish).not.toContain('evil');
    expect(phish).toMatch(/^\/api\/v2\/end-users\/\?cursor=[0-9a-f]{24}&limit=1$/);
    expect(await page(ctx, { host: 'roster.example.com:8443' })).toMatch(
      /^http:\/\/roster\.example\.com:8443\/api\/v2\/end-users\/\?cursor=/,
    );

    const proxied = await createTestContext(engine, { env: { ROSTER_TRUST_PROXY: 'on' } });
    try {
      for (let i = 0; i < 2; i++) await proxied.request('POST', '/api/v2/end-users/', { key: proxied.keyB, body: {} });
      const link = await page(proxied, { host: 'roster.example.com', 'x-forwarded-proto': 'javascript' });
      expect(link).toMatch(/^http:\/\/roster\.example\.com\/api\/v2\/end-users\/\?cursor=/);
      expect(await page(proxied, { host: 'roster.example.com', 'x-forwarded-proto': 'https' })).toMatch(/^https:\/\//);
      expect(await page(proxied, { host: 'a', 'x-forwarded-host': 'evil.example.com/x?' })).not.toContain('evil');
    } finally {
      await proxied.close();
    }

    const configured = await createTestContext(engine, { env: { ROSTER_PUBLIC_URL: 'https://api.roster.example/' } });
    try {
      for (let i = 0; i < 2; i++)
        await configured.request('POST', '/api/v2/end-users/', { key: configured.keyB, body: {} });
      expect(await page(configured, { host: 'evil.example.com' })).toMatch(
        /^https:\/\/api\.roster\.example\/api\/v2\/end-users\/\?cursor=[0-9a-f]{24}&limit=1$/,
      );
    } finally {
      await configured.close();
    }
  });

  it('counts percent-encoded paths in the family of the route they reach', async () => {
    const limited = await createTestContext(engine, {
      env: { ROSTER_RATE_LIMITS: 'on', ROSTER_RATE_LIMIT_END_USERS: '3/1m', ROSTER_RATE_LIMIT_DEFAULT: '100/1m' },
    });
    try {
      const statuses: number[] = [];
      for (const path of ['/api/v2/end-users/', '/api/v2/%65nd-users/', '/api/v2/end-%75sers/']) {
        for (let i = 0; i < 2; i++) statuses.push((await limited.request('GET', path)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('caps webhook endpoints per AI Agent (ROSTER_WEBHOOK_MAX_ENDPOINTS) with 422 naming the cap, also under concurrency', async () => {
    const capped = await createTestContext(engine, { env: { ROSTER_WEBHOOK_MAX_ENDPOINTS: '3' } });
    try {
      const create = (key: string) =>
        capped.request('POST', '/api/v2/webhooks/', { key, body: { url: 'https://hooks.example.com/x' } });
      const answers = await Promise.all(Array.from({ length: 8 }, () => create(capped.keyA)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused).toHaveLength(5);
      for (const answer of refused) {
        const error = expectError(answer, 422, 'unprocessable');
        expect(error.message).toMatch(/at most 3 are allowed/);
        expect(error.details).toEqual({ cap: 3 });
      }
      // The cap is per agent; deleting one frees a place.
      expect((await create(capped.keyB)).status).toBe(201);
      const first = answers.find((a) => a.status === 201)!.body.id;
      expect((await capped.request('DELETE', `/api/v2/webhooks/${first}`)).status).toBe(204);
      expect((await create(capped.keyA)).status).toBe(201);
    } finally {
      await capped.close();
    }
  });

  it('keeps at most 100 sensitive keys per end user by default, with 400 naming the cap', async () => {
    const user = (await ctx.request('POST', '/api/v2/end-users/', { body: {} })).body.end_user_id as string;
    const patch = (from: number, count: number, value: string | null = 'v') =>
      ctx.request('PATCH', `/api/v2/end-users/${user}`, {
        body: {
          profile: {
            sensitive_metadata: {
              fields: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, value])),
            },
          },
        },
      });
    for (let round = 0; round < 5; round++) expect((await patch(round * 20, 20)).status).toBe(200);
    const refused = expectError(await patch(100, 20), 400, 'validation_error');
    expect(refused.details).toEqual([
      {
        parameter: '$.profile.sensitive_metadata.fields',
        location: 'body',
        message: expect.stringMatching(/at most 100/),
      },
    ]);
    // Rewriting stored keys does not grow the set; removing some makes room.
    expect((await patch(0, 20)).status).toBe(200);
    expect((await patch(0, 10, null)).status).toBe(200);
    expect((await patch(100, 10)).status).toBe(200);
    expect((await patch(110, 1)).status).toBe(400);
    const stored = await ctx.container.db.kysely
      .selectFrom('sensitive_values')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('end_user_id', '=', user)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(100);
  });

  it('logs one line per request with the route pattern and redacted query values, never the URL', async () => {
    const lines: string[] = [];
    const logged = await createTestContext(engine, {
      app: { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } },
    });
    try {
      const email = 'person.private@example.com';
      const user = await logged.request('POST', '/api/v2/end-users/', { body: { external_id: email } });
      const id = user.body.end_user_id as string;
      lines.length = 0;
      expect((await logged.request('GET', `/api/v2/end-users/?external_id=${encodeURIComponent(email)}`)).status).toBe(
        200,
      );
      expect(
        (await logged.request('GET', `/api/v2/end-users/${id}?pasted=${encodeURIComponent('card 4111 1111')}`)).status,
      ).toBe(200);
      expect((await logged.request('GET', `/api/v2/nowhere/${email}`)).status).toBe(404);
      const entries = lines.map((l) => JSON.parse(l));
      expect(entries.map((e) => e.url)).toEqual([
        '/api/v2/end-users/?external_id=[redacted]',
        '/api/v2/end-users/:end_user_id?pasted=[redacted]',
        '(no route)',
      ]);
      expect(entries.map((e) => e.status_code)).toEqual([200, 200, 404]);
      const all = lines.join('');
      for (const secret of [email, encodeURIComponent(email), id, '4111']) expect(all).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });

  it('serves /metrics openly, behind a bearer token, or not at all (ROSTER_METRICS)', async () => {
    expect((await ctx.request('GET', '/metrics', { key: null })).status).toBe(200);
    const token = 'metrics-token-0123456789abcdef';
    const guarded = await createTestContext(engine, { env: { ROSTER_METRICS: 'token', ROSTER_METRICS_TOKEN: token } });
    try {
      for (const key of [null, ctx.keyA, guarded.keyA, `${token}x`, token.slice(0, -1)]) {
        const res = await guarded.request('GET', '/metrics', { key });
        expectError(res, 401, 'unauthorized');
        expect(res.raw).not.toContain('roster_http_requests_total');
      }
      const res = await guarded.request('GET', '/metrics', { key: token });
      expect(res.status).toBe(200);
      expect(res.raw).toContain('roster_http_requests_total');
    } finally {
      await guarded.close();
    }
    const off = await createTestContext(engine, { env: { ROSTER_METRICS: 'off' } });
    try {
      expectError(await off.request('GET', '/metrics', { key: null }), 404, 'not_found');
    } finally {
      await off.close();
    }
  });

  it.each(REDIS_URL ? ['memory', 'redis'] : ['memory'])(
    'answers 429 with Retry-After to an address after too many failed authentications (counters in %s)',
    async (store) => {
      const limited = await createTestContext(engine, {
        manualClock: true,
        env: {
          ROSTER_RATE_LIMITS: 'on',
          ROSTER_AUTH_FAILURE_LIMIT: '5/1m',
          ...(store === 'redis' ? { REDIS_URL: REDIS_URL! } : {}),
        },
      });
      try {
        // A fresh address per run: Redis counters outlive the test.
        const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
        const from = async (remoteAddress: string, key: string | null) => {
          const res = await limited.app.inject({
            method: 'GET',
            url: '/api/v2/end-users/',
            remoteAddress,
            headers: key === null ? {} : { authorization: `Bearer ${key}` },
          });
          return { status: res.statusCode, retryAfter: res.headers['retry-after'], body: res.json() };
        };
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await from(address, `wrong-key-${i}-xxxxxxxxxxxxxxxx`)).status);
        statuses.push((await from(address, null)).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
        const blocked = await from(address, limited.keyA);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(60);
        expect(blocked.body.errors[0].type).toBe('rate_limited');
        // Other addresses are not affected.
        expect((await from(`${address.split('.').slice(0, 3).join('.')}.251`, limited.keyA)).status).toBe(200);
        limited.clock.advance(61_000);
        expect((await from(address, limited.keyA)).status).toBe(200);
      } finally {
        await limited.close();
      }
    },
  );
});
