// Rate limits: per agent and per family, three windows, 429 rate_limited with Retry-After, the
// IETF RateLimit-Policy / RateLimit headers on every /api/v2 answer, Ada's numbers by default,
// a switch to turn them off, and counters shared between instances through Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  REDIS_URL,
  createTestContext,
  expectError,
  withoutRedis,
  type ApiResponse,
  type TestContext,
} from './helpers/harness.js';
import { createAppOn, redisReady, type ExtraApp } from './helpers/second-app.js';

const NO_REDIS = withoutRedis('rate limits shared through Redis by two instances');
const SMALL = {
  ROSTER_RATE_LIMITS: 'on',
  ROSTER_RATE_LIMIT_END_USERS: '3/1s,5/1m,100/1d',
  ROSTER_RATE_LIMIT_CONVERSATIONS: '3/1s,5/1m,100/1d',
};
const MISSING = '/api/v2/end-users/ffffffffffffffffffffffff';
const POLICY = /^"(end_users|conversations|default)-(\d+(?:s|m|h|d))";q=(\d+);w=(\d+)$/;
const LIMIT = /^"(end_users|conversations|default)-(\d+(?:s|m|h|d))";r=(\d+);t=(\d+)$/;

/** The RateLimit-Policy / RateLimit pair, parsed; fails when either is missing or malformed. */
function limitHeaders(res: ApiResponse) {
  const policy = POLICY.exec(String(res.headers['ratelimit-policy']));
  const limit = LIMIT.exec(String(res.headers.ratelimit));
  expect(policy, `RateLimit-Policy: ${res.headers['ratelimit-policy']}`).not.toBeNull();
  expect(limit, `RateLimit: ${res.headers.ratelimit}`).not.toBeNull();
  const [, family, window, q, w] = policy as RegExpExecArray;
  const [, family2, window2, r, t] = limit as RegExpExecArray;
  expect(`${family2}-${window2}`).toBe(`${family}-${window}`);
  return { name: `${family}-${window}`, q: Number(q), w: Number(w), r: Number(r), t: Number(t) };
}

function expectNoLimitHeaders(res: ApiResponse) {
  expect(res.headers['ratelimit-policy']).toBeUndefined();
  expect(res.headers.ratelimit).toBeUndefined();
  expect(res.headers['retry-after']).toBeUndefined();
}

function expectRateLimited(res: ApiResponse): number {
  expectError(res, 429, 'rate_limited');
  const retryAfter = String(res.headers['retry-after']);
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  limitHeaders(res);
  return Number(retryAfter);
}

let agentSeq = 0;
/** A key of a brand-new agent, so each test starts with full budgets. */
async function freshKey(ctx: TestContext): Promise<string> {
  return (await ctx.container.modules.agents.service.createKey(`rl-${process.pid}-${++agentSeq}`)).secret;
}

describe.each(ENGINES)('rate limits on %s', (engine) => {
  describe('with small custom limits', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext(engine, { env: SMALL });
    });
    afterAll(async () => ctx?.close());

    it('allows 3 requests in a second and answers the 4th with 429, Retry-After and the headers', async () => {
      const key = await freshKey(ctx);
      for (let i = 0; i < 3; i++) {
        const res = await ctx.request('GET', '/api/v2/end-users/', { key });
        expect(res.status).toBe(200);
        expect(limitHeaders(res)).toEqual({ name: 'end_users-1s', q: 3, w: 1, r: 2 - i, t: expect.any(Number) });
        expect(res.headers['retry-after']).toBeUndefined();
      }
      const limited = await ctx.request('POST', '/api/v2/end-users/', { key, body: {} });
      expect(expectRateLimited(limited)).toBe(1);
      expect(limitHeaders(limited)).toMatchObject({ name: 'end_users-1s', q: 3, w: 1, r: 0 });
      expect(limitHeaders(limited).t).toBeLessThanOrEqual(1);
      // The limited request did nothing.
      const list = await ctx.request('GET', '/api/v2/end-users/', { key: ctx.keyA });
      expect(list.status).toBe(200);
    });

    it('lets requests through again once Retry-After has passed', async () => {
      const key = await freshKey(ctx);
      for (let i = 0; i < 3; i++) expect((await ctx.request('GET', MISSING, { key })).status).toBe(404);
      const retryAfter = expectRateLimited(await ctx.request('GET', MISSING, { key }));
      // Windows follow Roster's clock: move it past Retry-After instead of waiting.
      ctx.clock.advance(retryAfter * 1_000);
      expect((await ctx.request('GET', MISSING, { key })).status).toBe(404);
    });

    it('enforces the minute window and reports it once it is the tightest', async () => {
      const key = await freshKey(ctx);
      for (let i = 0; i < 3; i++) expect((await ctx.request('GET', MISSING, { key })).status).toBe(404);
      ctx.clock.advance(1_100);
      expect((await ctx.request('GET', MISSING, { key })).status).toBe(404);
      const fifth = await ctx.request('GET', MISSING, { key });
      expect(fifth.status).toBe(404);
      const headers = limitHeaders(fifth);
      expect(headers).toMatchObject({ name: 'end_users-1m', q: 5, w: 60, r: 0 });
      expect(headers.t).toBeGreaterThanOrEqual(50);
      expect(headers.t).toBeLessThanOrEqual(60);
      const retryAfter = expectRateLimited(await ctx.request('GET', MISSING, { key }));
      expect(retryAfter).toBeGreaterThanOrEqual(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('keeps budgets per agent', async () => {
      const exhausted = await freshKey(ctx);
      const other = await freshKey(ctx);
      for (let i = 0; i < 3; i++) await ctx.request('GET', '/api/v2/end-users/', { key: exhausted });
      expectRateLimited(await ctx.request('GET', '/api/v2/end-users/', { key: exhausted }));
      for (let i = 0; i < 3; i++) {
        const res = await ctx.request('GET', '/api/v2/end-users/', { key: other });
        expect(res.status).toBe(200);
        expect(limitHeaders(res).r).toBe(2 - i);
      }
    });

    it('shares one budget between the keys of one agent', async () => {
      const first = await ctx.container.modules.agents.service.createKey(`rl-shared-${process.pid}`);
      const second = await ctx.container.modules.agents.service.createKey(`rl-shared-${process.pid}`);
      for (const key of [first.secret, second.secret, first.secret]) {
        expect((await ctx.request('GET', '/api/v2/end-users/', { key })).status).toBe(200);
      }
      expectRateLimited(await ctx.request('GET', '/api/v2/end-users/', { key: second.secret }));
    });

    it('counts the default family (other /api/v2 paths) apart from end users', async () => {
      const key = await freshKey(ctx);
      for (let i = 0; i < 3; i++) await ctx.request('GET', '/api/v2/end-users/', { key });
      expectRateLimited(await ctx.request('GET', '/api/v2/end-users/', { key }));

      const unknown = await ctx.request('GET', '/api/v2/not-a-route', { key });
      expectError(unknown, 404, 'not_found');
      expect(limitHeaders(unknown)).toMatchObject({ name: 'default-1s', q: 10, w: 1, r: 9 });
    });

    it('counts channels and conversations together in the conversations family', async () => {
      const key = await freshKey(ctx);
      const channels = await ctx.request('GET', '/api/v2/channels/?type=native', { key });
      expect(channels.status).toBe(200);
      expect(limitHeaders(channels).name).toMatch(/^conversations-/);
      const conversation = await ctx.request('GET', '/api/v2/conversations/0123456789abcdef01234567/', { key });
      expectError(conversation, 404, 'not_found');
      expect(limitHeaders(conversation).name).toMatch(/^conversations-/);
      // End users have a budget of their own.
      expect(limitHeaders(await ctx.request('GET', '/api/v2/end-users/', { key })).name).toMatch(/^end_users-/);
      await ctx.request('GET', '/api/v2/channels/?type=custom', { key });
      expectRateLimited(await ctx.request('POST', '/api/v2/conversations/', { key, body: {} }));
      expectRateLimited(await ctx.request('GET', '/api/v2/channels/?type=custom', { key }));
    });

    it('sends no rate limit headers outside /api/v2, nor a 429', async () => {
      for (let i = 0; i < 15; i++) {
        const res = await ctx.request('GET', '/healthz', { key: null });
        expect(res.status).toBe(200);
        expectNoLimitHeaders(res);
      }
    });
  });

  describe("with Ada's default numbers", () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext(engine, { env: { ROSTER_RATE_LIMITS: 'on' } });
    });
    afterAll(async () => ctx?.close());

    it('allows 30 end-user requests in a second and limits the 31st', async () => {
      const key = await freshKey(ctx);
      const started = Date.now();
      for (let i = 0; i < 30; i++) {
        const res = await ctx.request('GET', MISSING, { key });
        expect(res.status).toBe(404);
        if (i === 0) expect(limitHeaders(res)).toMatchObject({ name: 'end_users-1s', q: 30, w: 1, r: 29 });
      }
      const limited = await ctx.request('GET', MISSING, { key });
      expect(Date.now() - started, 'the 31 requests must fit in one second').toBeLessThan(1_000);
      expect(expectRateLimited(limited)).toBe(1);
    });

    it('allows 10 requests a second in the default family and limits the 11th', async () => {
      const key = await freshKey(ctx);
      for (let i = 0; i < 10; i++) {
        const res = await ctx.request('GET', '/api/v2/not-a-route', { key });
        expectError(res, 404, 'not_found');
        expect(limitHeaders(res)).toMatchObject({ name: 'default-1s', q: 10, w: 1, r: 9 - i });
      }
      expectRateLimited(await ctx.request('GET', '/api/v2/not-a-route', { key }));
      // End users still have their own budget.
      expect((await ctx.request('GET', '/api/v2/end-users/', { key })).status).toBe(200);
    });

    it('puts the headers on every /api/v2 answer, errors included', async () => {
      const key = await freshKey(ctx);
      const created = await ctx.request('POST', '/api/v2/end-users/', { key, body: { external_id: 'rl-headers' } });
      const id = created.body.end_user_id;
      const answers: Array<[number, ApiResponse]> = [
        [201, created],
        [200, await ctx.request('POST', '/api/v2/end-users', { key, body: { external_id: 'rl-headers' } })],
        [200, await ctx.request('GET', `/api/v2/end-users/${id}`, { key })],
        [200, await ctx.request('PATCH', `/api/v2/end-users/${id}/`, { key, body: { profile: { first_name: 'R' } } })],
        [200, await ctx.request('GET', '/api/v2/end-users/?external_id=rl-headers', { key })],
        [404, await ctx.request('GET', MISSING, { key })],
        [404, await ctx.request('GET', '/api/v2/end-users/?external_id=none', { key })],
        [400, await ctx.request('GET', '/api/v2/end-users/?limit=0', { key })],
        [400, await ctx.request('PATCH', `/api/v2/end-users/${id}`, { key, body: {} })],
        [
          400,
          await ctx.request('POST', '/api/v2/end-users/', {
            key,
            payload: '{',
            headers: { 'content-type': 'application/json' },
          }),
        ],
        [
          400,
          await ctx.request('POST', '/api/v2/end-users/', {
            key,
            payload: 'x',
            headers: { 'content-type': 'text/plain' },
          }),
        ],
        [404, await ctx.request('GET', '/api/v2/not-a-route', { key })],
      ];
      for (const [status, res] of answers) {
        expect(res.status, res.raw).toBe(status);
        limitHeaders(res);
      }
    });
  });

  describe('switched off', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext(engine, {
        env: { ROSTER_RATE_LIMITS: 'off', ROSTER_RATE_LIMIT_END_USERS: '3/1s' },
      });
    });
    afterAll(async () => ctx?.close());

    it('never answers 429 and sends no rate limit headers', async () => {
      for (let i = 0; i < 40; i++) {
        const res = await ctx.request('GET', i % 2 ? MISSING : '/api/v2/not-a-route');
        expect(res.status).toBe(404);
        expectNoLimitHeaders(res);
      }
      const created = await ctx.request('POST', '/api/v2/end-users/', { body: {} });
      expect(created.status).toBe(201);
      expectNoLimitHeaders(created);
    });
  });

  describe.skipIf(NO_REDIS)('shared through Redis by two instances', () => {
    let ctx: TestContext;
    let second: ExtraApp;
    const env = { ...SMALL, REDIS_URL: REDIS_URL! };
    beforeAll(async () => {
      ctx = await createTestContext(engine, { env });
      second = await createAppOn(ctx.database, env);
      await redisReady(ctx.container.redis);
      await redisReady(second.container.redis);
    });
    afterAll(async () => {
      await second?.close();
      await ctx?.close();
    });

    it('counts requests to either instance against one budget', async () => {
      const created = await ctx.container.modules.agents.service.createKey(`rl-redis-${process.pid}`);
      const key = created.secret;
      const one = (url: string) => ctx.request('GET', url, { key });
      const two = (url: string) => second.request('GET', url, key);

      const answers = [
        await one('/api/v2/end-users/'),
        await two('/api/v2/end-users/'),
        await one('/api/v2/end-users'),
      ];
      answers.forEach((res, i) => {
        expect(res.status).toBe(200);
        expect(limitHeaders(res)).toMatchObject({ name: 'end_users-1s', q: 3, r: 2 - i });
      });
      expectRateLimited(await two('/api/v2/end-users/'));
      expectRateLimited(await one('/api/v2/end-users/'));
      // The other family is still open on both instances.
      expect((await two('/api/v2/not-a-route')).status).toBe(404);

      // The counters are in Redis under this agent's id, not in either process.
      const redis = ctx.container.redis!;
      const stored = await redis.keys(`roster:rl:end_users:*${created.agent.id}*`);
      expect(stored.length).toBeGreaterThanOrEqual(3);
      await redis.del(...(await redis.keys(`roster:rl:*${created.agent.id}*`)));
    });
  });
});
