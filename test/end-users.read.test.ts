// GET /api/v2/end-users/{id}, the external_id lookup and the paginated list, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import {
  USERS,
  expectEndUserShape,
  expectInvalid,
  expectNotFound,
  getUser,
  listAll,
  newUser,
  pathOf,
} from './helpers/end-users.js';

describe.each(ENGINES)('reading end users on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  /** A key of a fresh agent, so a list test sees only the users it made. */
  const freshKey = async (handle: string) => (await ctx.container.modules.agents.service.createKey(handle)).secret;
  const list = (query: string, key?: string, headers?: Record<string, string>) =>
    ctx.request('GET', `${USERS}${query}`, { ...(key ? { key } : {}), ...(headers ? { headers } : {}) });

  describe('GET by id', () => {
    it('answers 200 with the end user', async () => {
      const user = await newUser(ctx, { external_id: 'read-1', profile: { first_name: 'Read', metadata: { a: 1 } } });
      const res = await getUser(ctx, user.end_user_id);
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual(user);
      expectEndUserShape(res.body);
      const slashed = await ctx.request('GET', `${USERS}${user.end_user_id}/`);
      expect(slashed.status).toBe(200);
      expect(slashed.body).toStrictEqual(user);
    });

    it('finds an id sent in upper-case hex', async () => {
      const user = await newUser(ctx);
      const res = await getUser(ctx, user.end_user_id.toUpperCase());
      expect(res.status).toBe(200);
      expect(res.body.end_user_id).toBe(user.end_user_id);
    });

    it.each([
      ['an unknown well-formed id', '0123456789abcdef01234567'],
      ['a non-hex id', 'zzz'],
      ['24 non-hex characters', 'zzzzzzzzzzzzzzzzzzzzzzzz'],
      ['23 hex characters', '0123456789abcdef0123456'],
      ['25 hex characters', '0123456789abcdef012345678'],
    ])('answers 404 not_found for %s', async (_name, id) => {
      expectNotFound(await getUser(ctx, id));
    });

    it("answers 404 for another agent's end user", async () => {
      const user = await newUser(ctx);
      expectNotFound(await getUser(ctx, user.end_user_id, ctx.keyB));
    });
  });

  describe('lookup by external_id', () => {
    it('answers the single unwrapped end user, matched case-insensitively', async () => {
      const user = await newUser(ctx, { external_id: 'Look-Ùp-1' });
      for (const value of ['Look-Ùp-1', 'look-ùp-1', 'LOOK-ÙP-1']) {
        const res = await list(`?external_id=${encodeURIComponent(value)}`);
        expect(res.status).toBe(200);
        expect(res.body).toStrictEqual(user);
      }
      const noSlash = await ctx.request('GET', `/api/v2/end-users?external_id=look-%C3%B9p-1`);
      expect(noSlash.status).toBe(200);
      expect(noSlash.body.end_user_id).toBe(user.end_user_id);
    });

    it("answers 404 when no end user has that external_id, including another agent's", async () => {
      expectNotFound(await list('?external_id=nobody-here'));
      await newUser(ctx, { external_id: 'beta-only' }, ctx.keyB);
      expectNotFound(await list('?external_id=beta-only'));
    });

    it.each([
      ['empty', ''],
      ['37 characters', 'x'.repeat(37)],
      ['with <', 'a<b'],
    ])('rejects an external_id that is %s', async (_name, value) => {
      expectInvalid(await list(`?external_id=${encodeURIComponent(value)}`), '$.external_id', 'query');
    });

    it('rejects external_id together with cursor or limit', async () => {
      const user = await newUser(ctx, { external_id: 'combo-1' });
      expectInvalid(await list(`?external_id=combo-1&cursor=${user.end_user_id}`), '$.cursor', 'query');
      expectInvalid(await list('?external_id=combo-1&limit=10'), '$.limit', 'query');
      const both = expectError(
        await list(`?external_id=combo-1&limit=10&cursor=${user.end_user_id}`),
        400,
        'validation_error',
      );
      expect(both.details.map((d: any) => [d.parameter, d.location]).sort()).toEqual([
        ['$.cursor', 'query'],
        ['$.limit', 'query'],
      ]);
    });
  });

  describe('list', () => {
    let key: string;
    let ids: string[];
    let betaBetween: string;
    beforeAll(async () => {
      key = await freshKey('listing');
      ids = [];
      for (let i = 0; i < 7; i++) {
        ids.push((await newUser(ctx, { external_id: `list-${i}` }, key)).end_user_id);
        // Another agent's user: a well-formed id that is no record of ours.
        if (i === 3) betaBetween = (await newUser(ctx, {}, ctx.keyB)).end_user_id;
      }
    });

    it("lists the agent's users oldest first, in creation order", async () => {
      const res = await list('', key);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['data', 'meta']);
      expect(res.body.data.map((u: any) => u.end_user_id)).toEqual(ids);
      expect([...ids].sort()).toEqual(ids);
      expect(res.body.meta).toStrictEqual({ next_page_url: null });
      res.body.data.forEach(expectEndUserShape);
    });

    it('answers an empty page with next_page_url null', async () => {
      const res = await list('', await freshKey('empty-agent'));
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual({ data: [], meta: { next_page_url: null } });
    });

    it('treats the cursor as the first id of the page, inclusive', async () => {
      const res = await list(`?cursor=${ids[2]}&limit=2`, key);
      expect(res.body.data.map((u: any) => u.end_user_id)).toEqual([ids[2], ids[3]]);
      expect(new URL(res.body.meta.next_page_url).searchParams.get('cursor')).toBe(ids[4]);
      const upper = await list(`?cursor=${ids[2]!.toUpperCase()}&limit=2`, key);
      expect(upper.body.data.map((u: any) => u.end_user_id)).toEqual([ids[2], ids[3]]);
    });

    it('starts a well-formed cursor that matches no record at the next record after it', async () => {
      // Each agent's ids have their own random bytes: the other agent's id falls anywhere among ours.
      const res = await list(`?cursor=${betaBetween}`, key);
      expect(res.status).toBe(200);
      expect(res.body.data.map((u: any) => u.end_user_id)).toEqual(ids.filter((id) => id > betaBetween));
      const fromZero = await list('?cursor=000000000000000000000000', key);
      expect(fromZero.body.data.map((u: any) => u.end_user_id)).toEqual(ids);
      const pastEnd = await list('?cursor=ffffffffffffffffffffffff', key);
      expect(pastEnd.body).toStrictEqual({ data: [], meta: { next_page_url: null } });
    });

    it('builds next_page_url from the Host header, the same path, the next cursor and the given limit', async () => {
      const res = await list('?limit=3', key, { host: 'roster.example.test:8443' });
      expect(res.body.data.map((u: any) => u.end_user_id)).toEqual(ids.slice(0, 3));
      const next = new URL(res.body.meta.next_page_url);
      expect(next.origin).toBe('http://roster.example.test:8443');
      expect(next.pathname).toBe('/api/v2/end-users/');
      expect(Object.fromEntries(next.searchParams)).toStrictEqual({ cursor: ids[3], limit: '3' });

      const bare = await ctx.request('GET', '/api/v2/end-users?limit=3', {
        key,
        headers: { host: 'api.example.test' },
      });
      const bareNext = new URL(bare.body.meta.next_page_url);
      expect(bareNext.origin).toBe('http://api.example.test');
      expect(bareNext.pathname).toBe('/api/v2/end-users');
    });

    it('answers next_page_url null on a page that ends exactly at the last record', async () => {
      const res = await list('?limit=7', key);
      expect(res.body.data).toHaveLength(7);
      expect(res.body.meta.next_page_url).toBeNull();
      const tail = await list(`?cursor=${ids[5]}&limit=2`, key);
      expect(tail.body.data.map((u: any) => u.end_user_id)).toEqual(ids.slice(5));
      expect(tail.body.meta.next_page_url).toBeNull();
    });

    it('visits every user exactly once when following next_page_url with limit=3', async () => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let url: string | null = `${USERS}?limit=3`;
      while (url !== null) {
        const res: ApiResponse = await ctx.request('GET', url, { key });
        expect(res.status).toBe(200);
        sizes.push(res.body.data.length);
        seen.push(...res.body.data.map((u: any) => u.end_user_id));
        url = res.body.meta.next_page_url === null ? null : pathOf(res.body.meta.next_page_url);
        if (url !== null) expect(new URL(res.body.meta.next_page_url).searchParams.get('limit')).toBe('3');
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual(ids);
    });

    it('defaults to 100 per page and leaves limit out of next_page_url when not given', async () => {
      const big = await freshKey('hundred-and-one');
      const made: string[] = [];
      for (let i = 0; i < 101; i++) made.push((await newUser(ctx, {}, big)).end_user_id);
      const first = await list('', big);
      expect(first.body.data.map((u: any) => u.end_user_id)).toEqual(made.slice(0, 100));
      const next = new URL(first.body.meta.next_page_url);
      expect(Object.fromEntries(next.searchParams)).toStrictEqual({ cursor: made[100] });
      const second = await ctx.request('GET', pathOf(first.body.meta.next_page_url), { key: big });
      expect(second.body).toStrictEqual({
        data: [expect.objectContaining({ end_user_id: made[100] })],
        meta: { next_page_url: null },
      });
      expect((await list('?limit=100', big)).body.data).toHaveLength(100);
      expect((await list('?limit=1', big)).body.data.map((u: any) => u.end_user_id)).toEqual([made[0]]);
      expect((await listAll(ctx, big, 7)).map((u) => u.end_user_id)).toEqual(made);
    });

    // Only plain decimal digits: text that JavaScript would read as a number ("1e1", "0x10") is not a limit.
    it.each(['0', '101', 'abc', '1.5', '', '-1', '1e1', '0x10', '10.0', '+5', '%205', 'true'])(
      'rejects limit=%j with $.limit in the query',
      async (limit) => {
        expectInvalid(await list(`?limit=${limit}`, key), '$.limit', 'query');
      },
    );

    it.each(['zzz', '0123456789abcdef0123456', '0123456789abcdef012345678', 'g'.repeat(24), ''])(
      'rejects cursor=%j with $.cursor in the query',
      async (cursor) => {
        expectInvalid(await list(`?cursor=${cursor}`, key), '$.cursor', 'query');
      },
    );
  });
});
