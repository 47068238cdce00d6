// The Webhook management API: create, get, list, patch, delete and
// the event-type catalog, with their validation rules, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URL_MAX_LENGTH } from '../src/modules/webhooks/webhooks.url.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { expectInvalid, expectNotFound, pathOf } from './helpers/end-users.js';
import {
  ALLOW_PRIVATE,
  CREATED,
  HOOKS,
  UPDATED,
  createHook,
  expectWebhookShape,
  keyed,
  newHook,
  webhookRow,
} from './helpers/webhook-api.js';

const MISSING_ID = 'ffffffffffffffffffffffff';
const BAD_IDS = [MISSING_ID, 'zzz', 'zzzzzzzzzzzzzzzzzzzzzzzz', '0123456789abcdef0123456', '0123456789abcdef012345678'];

describe.each(ENGINES)('webhook management on %s', (engine) => {
  let ctx: TestContext;
  let clock: { advance(ms: number): void };
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    clock = ctx.clock as typeof clock;
  });
  afterAll(async () => ctx?.close());

  const freshKey = async (handle: string) => (await ctx.container.modules.agents.service.createKey(handle)).secret;
  const get = (id: string, key?: string) => ctx.request('GET', `${HOOKS}${id}`, keyed(key));
  const patch = (id: string, body: unknown, key?: string) =>
    ctx.request('PATCH', `${HOOKS}${id}`, { body, ...keyed(key) });

  describe('POST /webhooks/', () => {
    it('creates an endpoint with the documented defaults and answers 201', async () => {
      const res = await createHook(ctx, { url: 'https://hooks.example.com/a' });
      expect(res.status).toBe(201);
      expectWebhookShape(res.body);
      expect(res.body).toMatchObject({
        url: 'https://hooks.example.com/a',
        description: '',
        event_filters: [],
        enabled: true,
      });
      expect(res.body.updated_at).toBe(res.body.created_at);
      expect(new Date(res.body.created_at).getTime()).toBe(ctx.clock.now());
      const row = await webhookRow(ctx, res.body.id);
      expect(row).toMatchObject({
        agent_id: ctx.agentA,
        enabled: 1,
        event_filters: '[]',
        failing_since: null,
        previous_secret: null,
      });
      expect(row.secret).not.toMatch(/whsec_/);
    });

    it('stores every field sent, drops repeated event types and ignores unknown properties', async () => {
      const res = await createHook(ctx, {
        url: 'https://hooks.example.com/b?x=1',
        description: 'CRM sync',
        event_filters: [UPDATED, CREATED, UPDATED],
        enabled: false,
        id: MISSING_ID,
        secret: 'whsec_ignored',
        created_at: '2000-01-01T00:00:00Z',
      });
      expect(res.status).toBe(201);
      expectWebhookShape(res.body);
      expect(res.body).toMatchObject({
        url: 'https://hooks.example.com/b?x=1',
        description: 'CRM sync',
        event_filters: [UPDATED, CREATED],
        enabled: false,
      });
      expect(res.body.id).not.toBe(MISSING_ID);
      expect(res.body.created_at).not.toMatch(/^2000/);
      expect((await webhookRow(ctx, res.body.id)).enabled).toBe(0);
    });

    it.each([
      ['missing', {}],
      ['not a string', { url: 42 }],
      ['not absolute', { url: 'hooks.example.com/x' }],
      ['http', { url: 'http://hooks.example.com/x' }],
      ['another scheme', { url: 'ftp://hooks.example.com/x' }],
      ['over the length limit', { url: `https://hooks.example.com/${'a'.repeat(URL_MAX_LENGTH)}` }],
      ['a loopback IPv4 literal', { url: 'https://127.0.0.1/x' }],
      ['a private IPv4 literal', { url: 'https://10.1.2.3/x' }],
      ['a loopback IPv6 literal', { url: 'https://[::1]/x' }],
      ['the metadata service address', { url: 'https://169.254.169.254/latest' }],
      ['localhost', { url: 'https://localhost/x' }],
      ['a name under localhost', { url: 'https://api.localhost:8443/x' }],
      ['an IPv4-mapped IPv6 private literal', { url: 'https://[::ffff:192.168.0.1]/x' }],
    ])('refuses a url that is %s at $.url', async (_name, body) => {
      const before = (await ctx.request('GET', HOOKS)).body.data.length;
      expectInvalid(await createHook(ctx, body), '$.url');
      expect((await ctx.request('GET', HOOKS)).body.data.length).toBe(before);
    });

    it('explains why a url is refused', async () => {
      const http = expectInvalid(await createHook(ctx, { url: 'http://hooks.example.com/x' }), '$.url');
      expect(http.details[0].message).toMatch(/https/);
      const loopback = expectInvalid(await createHook(ctx, { url: 'https://127.0.0.1/x' }), '$.url');
      expect(loopback.details[0].message).toMatch(/private|loopback/);
      expect(loopback.message).toMatch(/^\$\.url /);
    });

    it.each([
      ['$.description', { description: 'x'.repeat(1001) }],
      ['$.description', { description: 7 }],
      ['$.event_filters', { event_filters: CREATED }],
      ['$.event_filters', { event_filters: Array.from({ length: 51 }, () => CREATED) }],
      ['$.event_filters[1]', { event_filters: [CREATED, 3] }],
      ['$.enabled', { enabled: 'yes' }],
    ])('refuses a body breaking a field rule at %s', async (parameter, fields) => {
      expectInvalid(await createHook(ctx, { url: 'https://hooks.example.com/x', ...fields }), parameter);
    });

    it('accepts a description of exactly 1000 characters and 50 filters', async () => {
      const res = await createHook(ctx, {
        url: 'https://hooks.example.com/x',
        description: 'é'.repeat(1000),
        event_filters: Array(50).fill(CREATED),
      });
      expect(res.status).toBe(201);
      expect(res.body.event_filters).toEqual([CREATED]);
    });

    it('refuses an unknown event type, naming it and listing the valid ones', async () => {
      const error = expectInvalid(
        await createHook(ctx, { url: 'https://hooks.example.com/x', event_filters: [CREATED, 'v1.end_user.deleted'] }),
        '$.event_filters[1]',
      );
      expect(error.details[0].message).toContain('"v1.end_user.deleted"');
      for (const { name } of ctx.container.eventTypes) expect(error.details[0].message).toContain(name);
    });

    it('reports every unknown event type and a refused url together', async () => {
      const res = await createHook(ctx, {
        url: 'https://10.0.0.1/',
        event_filters: ['nope', CREATED, 'v1.END_USER.CREATED'],
      });
      const error = expectError(res, 400, 'validation_error');
      expect(error.details.map((d: any) => [d.parameter, d.location])).toEqual([
        ['$.url', 'body'],
        ['$.event_filters[0]', 'body'],
        ['$.event_filters[2]', 'body'],
      ]);
    });

    it('answers 401 without a key', async () => {
      expectError(
        await ctx.request('POST', HOOKS, { key: null, body: { url: 'https://hooks.example.com/x' } }),
        401,
        'unauthorized',
      );
    });
  });

  describe('GET /webhooks/:id', () => {
    it('answers the endpoint, with or without trailing slash and in either hex case', async () => {
      const hook = await newHook(ctx, { description: 'read me', event_filters: [UPDATED] });
      for (const url of [`${HOOKS}${hook.id}`, `${HOOKS}${hook.id}/`, `${HOOKS}${hook.id.toUpperCase()}`]) {
        const res = await ctx.request('GET', url);
        expect(res.status, url).toBe(200);
        expect(res.body).toStrictEqual(hook);
      }
    });

    it.each(BAD_IDS)('answers 404 not_found for %s', async (id) => {
      const error = expectNotFound(await get(id));
      expect(error.message).toContain(id);
    });
  });

  describe('GET /webhooks/', () => {
    let key: string;
    let ids: string[];
    beforeAll(async () => {
      key = await freshKey('hook-lister');
      ids = [];
      for (let i = 0; i < 5; i++) ids.push((await newHook(ctx, { description: `n${i}` }, key)).id);
    });

    it("lists the agent's endpoints oldest first", async () => {
      const res = await ctx.request('GET', HOOKS, { key });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['data', 'meta']);
      expect(res.body.data.map((h: any) => h.id)).toEqual(ids);
      expect([...ids].sort()).toEqual(ids);
      expect(res.body.meta).toStrictEqual({ next_page_url: null });
      res.body.data.forEach(expectWebhookShape);
      expect(res.body.data.map((h: any) => h.description)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    });

    it('pages with limit and an inclusive cursor, following next_page_url', async () => {
      const first = await ctx.request('GET', `${HOOKS}?limit=2`, { key, headers: { host: 'roster.example.test' } });
      expect(first.body.data.map((h: any) => h.id)).toEqual(ids.slice(0, 2));
      const next = new URL(first.body.meta.next_page_url);
      expect(next.origin).toBe('http://roster.example.test');
      expect(next.pathname).toBe('/api/v2/webhooks/');
      expect(Object.fromEntries(next.searchParams)).toStrictEqual({ cursor: ids[2], limit: '2' });
      const second = await ctx.request('GET', pathOf(first.body.meta.next_page_url), { key });
      expect(second.body.data.map((h: any) => h.id)).toEqual(ids.slice(2, 4));
      const third = await ctx.request('GET', pathOf(second.body.meta.next_page_url), { key });
      expect(third.body).toMatchObject({ meta: { next_page_url: null } });
      expect(third.body.data.map((h: any) => h.id)).toEqual(ids.slice(4));
      const bare = await ctx.request('GET', `/api/v2/webhooks?cursor=${ids[1]!.toUpperCase()}`, { key });
      expect(bare.body.data.map((h: any) => h.id)).toEqual(ids.slice(1));
    });

    it('starts an unmatched cursor at the next endpoint and answers an empty page for a fresh agent', async () => {
      expect(
        (await ctx.request('GET', `${HOOKS}?cursor=000000000000000000000000`, { key })).body.data.map((h: any) => h.id),
      ).toEqual(ids);
      expect((await ctx.request('GET', `${HOOKS}?cursor=${MISSING_ID}`, { key })).body).toStrictEqual({
        data: [],
        meta: { next_page_url: null },
      });
      expect((await ctx.request('GET', HOOKS, { key: await freshKey('hookless') })).body).toStrictEqual({
        data: [],
        meta: { next_page_url: null },
      });
    });

    it.each([
      ['$.limit', '?limit=0'],
      ['$.limit', '?limit=101'],
      ['$.limit', '?limit=abc'],
      ['$.cursor', '?cursor=xyz'],
    ])('refuses %s in %s', async (parameter, query) => {
      expectInvalid(await ctx.request('GET', `${HOOKS}${query}`, { key }), parameter, 'query');
    });
  });

  describe('PATCH /webhooks/:id', () => {
    it('changes only the fields sent and moves updated_at', async () => {
      const hook = await newHook(ctx, { description: 'before', event_filters: [CREATED] });
      clock.advance(1_500);
      const res = await patch(hook.id, { description: 'after' });
      expect(res.status).toBe(200);
      expectWebhookShape(res.body);
      expect(res.body).toStrictEqual({
        ...hook,
        description: 'after',
        updated_at: new Date(ctx.clock.now()).toISOString().replace('Z', '+00:00'),
      });
      expect((await get(hook.id)).body).toStrictEqual(res.body);

      clock.advance(1_000);
      const all = await patch(hook.id, {
        url: 'https://other.example.org/h',
        event_filters: [UPDATED, UPDATED],
        enabled: false,
      });
      expect(all.body).toMatchObject({
        url: 'https://other.example.org/h',
        description: 'after',
        event_filters: [UPDATED],
        enabled: false,
      });
      expect(all.body.updated_at).not.toBe(res.body.updated_at);
      expect(all.body.created_at).toBe(hook.created_at);
      const cleared = await patch(hook.id, { event_filters: [] });
      expect(cleared.body.event_filters).toEqual([]);
    });

    it('keeps updated_at when nothing changes', async () => {
      const hook = await newHook(ctx, { description: 'same', event_filters: [CREATED, UPDATED] });
      clock.advance(2_000);
      for (const body of [
        {},
        { description: 'same' },
        { event_filters: [CREATED, UPDATED, CREATED] },
        { enabled: true, url: hook.url },
        { unknown: 1 },
      ]) {
        const res = await patch(hook.id, body);
        expect(res.status).toBe(200);
        expect(res.body).toStrictEqual(hook);
      }
    });

    it('clears failing_since when a disabled endpoint is enabled again', async () => {
      const hook = await newHook(ctx);
      const db = ctx.container.db.kysely;
      await db.updateTable('webhooks').set({ enabled: 0, failing_since: 12_345 }).where('id', '=', hook.id).execute();
      clock.advance(1_000);
      const res = await patch(hook.id, { enabled: true });
      expect(res.body.enabled).toBe(true);
      expect(await webhookRow(ctx, hook.id)).toMatchObject({
        enabled: 1,
        failing_since: null,
        updated_at: ctx.clock.now(),
      });
    });

    it('leaves failing_since alone otherwise', async () => {
      const hook = await newHook(ctx);
      const db = ctx.container.db.kysely;
      await db.updateTable('webhooks').set({ failing_since: 777 }).where('id', '=', hook.id).execute();
      await patch(hook.id, { enabled: true, description: 'still failing' });
      expect(await webhookRow(ctx, hook.id)).toMatchObject({ enabled: 1, failing_since: 777 });
      await patch(hook.id, { enabled: false });
      expect(await webhookRow(ctx, hook.id)).toMatchObject({ enabled: 0, failing_since: 777 });
    });

    it.each([
      ['$.url', { url: 'http://hooks.example.com/' }],
      ['$.url', { url: 'https://[::1]:8443/' }],
      ['$.url', { url: null }],
      ['$.description', { description: 'x'.repeat(1001) }],
      ['$.event_filters[0]', { event_filters: ['v2.anything'] }],
      ['$.enabled', { enabled: 1 }],
    ])('refuses %s by the rules of create and changes nothing', async (parameter, body) => {
      const hook = await newHook(ctx);
      expectInvalid(await patch(hook.id, { description: 'would change', ...body }), parameter);
      expect((await get(hook.id)).body).toStrictEqual(hook);
    });

    it('answers 400 for a missing body and 404 for an unknown id', async () => {
      const hook = await newHook(ctx);
      expectError(await ctx.request('PATCH', `${HOOKS}${hook.id}`), 400, 'bad_request');
      for (const id of BAD_IDS) expectNotFound(await patch(id, { description: 'x' }));
    });
  });

  describe('DELETE /webhooks/:id', () => {
    it('answers 204 with an empty body, after which the endpoint is gone', async () => {
      const hook = await newHook(ctx);
      const res = await ctx.request('DELETE', `${HOOKS}${hook.id}`);
      expect(res.status).toBe(204);
      expect(res.raw).toBe('');
      expectNotFound(await get(hook.id));
      expectNotFound(await ctx.request('DELETE', `${HOOKS}${hook.id}`));
      expect(
        await ctx.container.db.kysely.selectFrom('webhooks').select('id').where('id', '=', hook.id).execute(),
      ).toEqual([]);
    });

    it('takes a trailing slash and a JSON content type with no body', async () => {
      const hook = await newHook(ctx);
      const res = await ctx.request('DELETE', `${HOOKS}${hook.id}/`, {
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(204);
    });

    it.each(BAD_IDS)('answers 404 for %s', async (id) => {
      expectNotFound(await ctx.request('DELETE', `${HOOKS}${id}`));
    });
  });

  describe('GET /webhooks/event-types/', () => {
    it('lists exactly the catalog, with and without trailing slash', async () => {
      for (const url of [`${HOOKS}event-types/`, `${HOOKS}event-types`]) {
        const res = await ctx.request('GET', url);
        expect(res.status, url).toBe(200);
        expect(res.body).toStrictEqual({
          data: ctx.container.eventTypes
            .filter((t) => !t.extension)
            .map(({ name, description }) => ({ name, description })),
        });
        expect(res.body.data.map((t: { name: string }) => t.name)).not.toContain('roster.end_user.erased');
      }
    });

    it("lists Roster's extension types too with include=extensions, and rejects another include", async () => {
      const res = await ctx.request('GET', `${HOOKS}event-types/?include=extensions`);
      expect(res.body).toStrictEqual({
        data: ctx.container.eventTypes.map(({ name, description }) => ({ name, description })),
      });
      expect(res.body.data.map((t: { name: string }) => t.name)).toContain('roster.end_user.erased');
      expect((await ctx.request('GET', `${HOOKS}event-types/?include=all`)).status).toBe(400);
    });

    it('answers 401 without a key', async () => {
      expectError(await ctx.request('GET', `${HOOKS}event-types/`, { key: null }), 401, 'unauthorized');
    });
  });

  describe('with the private-address allowance', () => {
    let local: TestContext;
    beforeAll(async () => {
      local = await createTestContext(engine, { env: ALLOW_PRIVATE });
    });
    afterAll(async () => local?.close());

    it.each(['http://127.0.0.1:9000/hooks', 'https://localhost/x', 'http://[::1]:8080/', 'https://10.1.2.3/x'])(
      'accepts %s',
      async (url) => {
        const res = await createHook(local, { url });
        expect(res.status).toBe(201);
        expect(res.body.url).toBe(url);
      },
    );

    it.each(['ftp://127.0.0.1/x', 'not a url'])('still refuses %s', async (url) => {
      expectInvalid(await createHook(local, { url }), '$.url');
    });
  });
});
