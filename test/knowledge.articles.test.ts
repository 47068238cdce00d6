// Knowledge articles and tags: the all-or-nothing bulk upsert (defaults, fields left out, the
// 100 KB and source and tag checks, the article cap with Ada's exact 400), get, list with cursor
// pagination and repeatable filters, delete one, delete by filter, tags, tenant isolation, and the
// articles' own rate-limit family, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireTime } from '../src/lib/time.js';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import {
  ARTICLES,
  BULK_TAGS,
  SOURCES,
  TAGS,
  article,
  expectArticleShape,
  getArticle,
  newSource,
  newTags,
  onlyDetail,
  upsert,
  upserted,
} from './helpers/knowledge.js';

type Moving = { advance(ms: number): void };
const ids = (res: ApiResponse) => res.body.data.map((a: any) => a.id);
const masked = (res: ApiResponse, text: string) => ({
  status: res.status,
  type: res.headers['content-type'],
  body: res.raw.split(text).join('<id>'),
});

describe.each(ENGINES)('knowledge articles on %s', (engine) => {
  let ctx: TestContext;
  let clock: Moving;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    clock = ctx.clock as unknown as Moving;
    await newSource(ctx, 'help');
    await newSource(ctx, 'blog');
    await newTags(ctx, [
      { id: 'billing', name: 'Billing' },
      { id: 'account', name: 'Account' },
    ]);
  });
  afterAll(async () => ctx?.close());

  describe('bulk upsert', () => {
    it('creates articles with their defaults and answers one result per article, in order', async () => {
      const res = await upsert(ctx, [article('reset'), article('refund', { language: 'pt-BR', enabled: false })]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: 'reset', success: true, created: true },
        { id: 'refund', success: true, created: true },
      ]);
      const now = toWireTime(ctx.clock.now());
      const reset = await getArticle(ctx, 'reset');
      expectArticleShape(reset);
      expect(reset).toEqual({
        id: 'reset',
        name: 'Article reset',
        content: 'The text of reset.',
        url: null,
        knowledge_source_id: 'help',
        language: 'en',
        tag_ids: [],
        created: now,
        updated: now,
        external_created: null,
        external_updated: null,
        enabled: true,
        metadata: null,
        availability_rules: null,
      });
      expect(await getArticle(ctx, 'refund')).toMatchObject({ language: 'pt', enabled: false });
    });

    it('updates by id: fields sent replace, fields left out stay, null clears, and updated moves only on a change', async () => {
      await upserted(ctx, [
        article('full', {
          url: 'https://help.example.com/full',
          tag_ids: ['billing', 'account', 'billing'],
          language: 'zh-Hant-TW',
          external_created: '2026-03-02T09:00:00',
          external_updated: '2026-03-02T11:30:00.5+02:00',
          metadata: { zendesk: { id: 7 } },
          availability_rules: {
            match: 'any',
            conditions: [{ variable: { id: await languageId() }, operator: 'is_set' }],
          },
        }),
      ]);
      const created = await getArticle(ctx, 'full');
      expect(created).toMatchObject({
        tag_ids: ['billing', 'account'],
        language: 'zh-tw',
        external_created: '2026-03-02T09:00:00.000+00:00',
        external_updated: '2026-03-02T09:30:00.500+00:00',
        metadata: { zendesk: { id: 7 } },
      });

      clock.advance(1_000);
      expect(await upserted(ctx, [article('full')])).toEqual([{ id: 'full', success: true, created: false }]);
      expect(await getArticle(ctx, 'full')).toEqual(created);

      clock.advance(1_000);
      await upserted(ctx, [article('full', { name: 'Renamed', url: null, metadata: null, availability_rules: null })]);
      const renamed = await getArticle(ctx, 'full');
      expect(renamed).toEqual({
        ...created,
        name: 'Renamed',
        url: null,
        metadata: null,
        availability_rules: null,
        updated: toWireTime(ctx.clock.now()),
      });

      clock.advance(1_000);
      await upserted(ctx, [article('full', { name: 'Renamed', tag_ids: ['account'] })]);
      expect(await getArticle(ctx, 'full')).toEqual({
        ...renamed,
        tag_ids: ['account'],
        updated: toWireTime(ctx.clock.now()),
      });
    });

    it('refuses a request with any bad article, naming each problem, and changes nothing', async () => {
      const cases: Array<[unknown[], string, string]> = [
        [[article('a'), article('b', { knowledge_source_id: 'nope' })], '$[1].knowledge_source_id', 'names no knowledge source of this AI Agent ("nope")'],
        [[article('a'), article('a')], '$[1].id', 'repeats the id of $[0]; send each article once'],
        [[article('a', { tag_ids: ['billing', 'ghost'] })], '$[0].tag_ids[1]', 'names no tag of this AI Agent ("ghost")'],
        [[article('a', { language: 'xx' })], '$[0].language', 'is "xx", a language articles cannot be written in'],
        [[article('a', { language: 'not a tag' })], '$[0].language', 'must be a well-formed BCP 47 language tag, such as en, en-US or pt-BR'],
        [[article('a', { external_updated: 'yesterday' })], '$[0].external_updated', '"yesterday" is not an RFC 3339 date-time such as 2026-05-01T12:00:00Z'],
        [[article('a', { url: 'ftp://files.example.com/a' })], '$[0].url', 'must be an absolute http:// or https:// URL without spaces'],
        [[{ id: 'a', content: 'x', knowledge_source_id: 'help' }], '$[0].name', 'is required'],
        [[article('a', { content: 'x'.repeat(102_400) })], '$[0]', 'is 102,471 bytes as compact JSON; an article may be at most 102,400 bytes (100 KB)'],
        [[article('a', { name: 'x\u0000' })], '$[0].name', 'must not contain U+0000 or an unpaired UTF-16 surrogate (such text cannot be stored)'],
        [[article('a', { tag_ids: ['\udc00'] })], '$[0].tag_ids[0]', 'must not contain U+0000 or an unpaired UTF-16 surrogate (such text cannot be stored)'],
      ]; // prettier-ignore
      for (const [items, parameter, message] of cases) {
        expect(onlyDetail(await upsert(ctx, items)), parameter).toEqual({ parameter, location: 'body', message });
      }
      expectError(await upsert(ctx, { id: 'a' } as never), 400, 'validation_error');
      expect((await ctx.request('GET', `${ARTICLES}?id=a&id=b`)).body.data).toEqual([]);
      // 100 KB exactly is allowed.
      expect((await upsert(ctx, [article('a', { content: 'x'.repeat(102_400 - 71) })])).status).toBe(200);
      expect((await ctx.request('DELETE', `${ARTICLES}a`)).status).toBe(204);
    });
  });

  describe('get, list and delete', () => {
    beforeAll(async () => {
      await upserted(ctx, [
        article('B-2', { tag_ids: ['billing'] }),
        article('a b&c', { tag_ids: ['account'] }),
        article('b-1', { language: 'fr', tag_ids: ['billing', 'account'] }),
        article('post', {}, 'blog'),
      ]);
    });
    const list = (query = '', key?: string) => ctx.request('GET', `${ARTICLES}${query}`, key ? { key } : {});

    it('pages through every article in byte order of id, following next_page_url as given', async () => {
      const all = ids(await list());
      expect(all).toEqual([...all].sort((x: string, y: string) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1)));
      expect(all.slice(0, 3)).toEqual(['B-2', 'a b&c', 'b-1']);
      const seen: string[] = [];
      let url: string | null = `${ARTICLES}?limit=2`;
      while (url) {
        const res: ApiResponse = await ctx.request('GET', url.replace(/^https?:\/\/[^/]+/, ''));
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...ids(res));
        url = res.body.meta.next_page_url;
        if (url) expect(url).toMatch(/\?cursor=[^&]+&limit=2$/);
      }
      expect(seen).toEqual(all);
      // A cursor that is no article starts at the first id after it.
      expect(ids(await list('?cursor=B-3')).slice(0, 1)).toEqual(['a b&c']);
    });

    it('filters by any value of a filter and by every filter given; ?x=a&x=b and x[]=a mean the same', async () => {
      expect(ids(await list('?id=b-1&id=B-2'))).toEqual(['B-2', 'b-1']);
      expect(ids(await list('?id[]=b-1&id[]=B-2'))).toEqual(['B-2', 'b-1']);
      expect(ids(await list('?id=b-1&id[]=B-2'))).toEqual(['B-2', 'b-1']);
      expect(ids(await list('?tag_ids=billing'))).toEqual(['B-2', 'b-1']);
      expect(ids(await list('?tag_ids=billing&language=fr-CA'))).toEqual(['b-1']);
      expect(ids(await list('?knowledge_source_id=blog'))).toEqual(['post']);
      expect(ids(await list('?enabled=false'))).toEqual(['refund']);
      expect(ids(await list('?enabled=false&enabled=true&id=refund&id=post'))).toEqual(['post', 'refund']);
      expect(ids(await list('?language=xx'))).toEqual([]);
      for (const query of ['?limit=0', '?limit=101', '?limit=1.5', '?enabled=maybe', `?id=${'x'.repeat(101)}`]) {
        expectError(await list(query), 400, 'validation_error');
      }
    });

    it('gets and deletes one article; another agent gets 404 exactly as for a missing id and changes nothing', async () => {
      const path = `${ARTICLES}${encodeURIComponent('a b&c')}`;
      for (const method of ['GET', 'DELETE']) {
        const foreign = await ctx.request(method, path, { key: ctx.keyB });
        const missing = await ctx.request(method, `${ARTICLES}nothing`, { key: ctx.keyB });
        expectError(foreign, 404, 'not_found');
        expect(masked(foreign, 'a b&c')).toEqual(masked(missing, 'nothing'));
      }
      expect(ids(await list('', ctx.keyB))).toEqual([]);
      expect((await ctx.request('GET', path)).body.id).toBe('a b&c');
      const deleted = await ctx.request('DELETE', path);
      expect(deleted.status).toBe(204);
      expect(deleted.raw).toBe('');
      expectError(await ctx.request('GET', path), 404, 'not_found');
      expectError(await ctx.request('DELETE', path), 404, 'not_found');
    });

    it('deletes by filter: at least one filter, 404 when nothing matches, only what matches', async () => {
      const none = await ctx.request('DELETE', ARTICLES);
      expect(onlyDetail(none)).toEqual({
        parameter: '$',
        location: 'query',
        message:
          'needs at least one filter (id, enabled, language, knowledge_source_id or tag_ids); to delete every article, send enabled=true&enabled=false',
      });
      expectError(
        await ctx.request('DELETE', `${ARTICLES}?knowledge_source_id=blog`, { key: ctx.keyB }),
        404,
        'not_found',
      );
      expectError(await ctx.request('DELETE', `${ARTICLES}?language=de`), 404, 'not_found');
      const before = ids(await list());
      expect((await ctx.request('DELETE', `${ARTICLES}?knowledge_source_id=blog&id[]=post`)).status).toBe(204);
      expect(ids(await list())).toEqual(before.filter((id: string) => id !== 'post'));
      expect((await ctx.request('DELETE', `${ARTICLES}?tag_ids=billing&language=fr`)).status).toBe(204);
      expect(ids(await list())).toEqual(before.filter((id: string) => id !== 'post' && id !== 'b-1'));
    });
  });

  describe('tags', () => {
    it('upserts tags by id, lists them by id, and deletes one, taking it off every article', async () => {
      const res = await ctx.request('POST', BULK_TAGS, {
        body: [
          { id: 'billing', name: 'Billing & invoices' },
          { id: 'Zeta', name: 'Zeta' },
          { id: 'account', name: 'Account' },
        ],
      });
      expect(res.body).toEqual([
        { id: 'billing', success: true, created: false },
        { id: 'Zeta', success: true, created: true },
        { id: 'account', success: true, created: false },
      ]);
      expect((await ctx.request('GET', TAGS)).body).toEqual({
        data: [
          { id: 'Zeta', name: 'Zeta' },
          { id: 'account', name: 'Account' },
          { id: 'billing', name: 'Billing & invoices' },
        ],
      });
      await upserted(ctx, [article('tagged', { tag_ids: ['account', 'billing'] })]);
      const before = await getArticle(ctx, 'tagged');

      const foreign = await ctx.request('DELETE', `${TAGS}billing`, { key: ctx.keyB });
      expect(masked(foreign, 'billing')).toEqual(
        masked(await ctx.request('DELETE', `${TAGS}nope`, { key: ctx.keyB }), 'nope'),
      );
      expect((await ctx.request('DELETE', `${TAGS}billing`)).status).toBe(204);
      expectError(await ctx.request('DELETE', `${TAGS}billing`), 404, 'not_found');
      expect(await getArticle(ctx, 'tagged')).toEqual({ ...before, tag_ids: ['account'] });
      expect(ids(await ctx.request('GET', `${ARTICLES}?tag_ids=billing`))).toEqual([]);
      expect((await ctx.request('GET', TAGS, { key: ctx.keyB })).body).toEqual({ data: [] });
    });

    it('refuses a repeated id and bad names', async () => {
      const twice = await ctx.request('POST', BULK_TAGS, {
        body: [
          { id: 't', name: 'a' },
          { id: 't', name: 'b' },
        ],
      });
      expect(onlyDetail(twice)).toEqual({
        parameter: '$[1].id',
        location: 'body',
        message: 'repeats the id of $[0]; send each tag once',
      });
      expect(onlyDetail(await ctx.request('POST', BULK_TAGS, { body: [{ id: 't' }] })).parameter).toBe('$[0].name');
      expect(onlyDetail(await ctx.request('POST', BULK_TAGS, { body: [{ id: 't', name: '' }] })).parameter).toBe(
        '$[0].name',
      );
      expect((await ctx.request('GET', TAGS)).body.data.map((t: any) => t.id)).not.toContain('t');
    });
  });

  async function languageId(): Promise<string> {
    const res = await ctx.request('GET', '/api/v2/variables/');
    return res.body.data.find((v: any) => v.name === 'language').id;
  }
});

describe.each(ENGINES)('the article cap on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: { ROSTER_KNOWLEDGE_ARTICLE_CAP: '3' } });
    await newSource(ctx, 'help');
  });
  afterAll(async () => ctx?.close());

  it("refuses any new article past the cap with Ada's 400, whole, and still takes updates", async () => {
    await upserted(ctx, [article('one'), article('two')]);
    const over = await upsert(ctx, [article('one', { name: 'Changed' }), article('three'), article('four')]);
    expect(over.status).toBe(400);
    expect(over.body).toEqual({
      errors: [
        {
          type: 'bad_request',
          message: 'Maximum article limit of 3 exceeded',
          details: {
            code: 'knowledge.articles.total_exceeded',
            new_article_ids: ['three', 'four'],
            new_article_count: 2,
          },
        },
      ],
    });
    expect((await getArticle(ctx, 'one')).name).toBe('Article one');

    await upserted(ctx, [article('three')]);
    expect(await upserted(ctx, [article('one', { name: 'Changed' }), article('two', { enabled: false })])).toEqual([
      { id: 'one', success: true, created: false },
      { id: 'two', success: true, created: false },
    ]);
    const many = await upsert(ctx, [article('one'), ...Array.from({ length: 150 }, (_, i) => article(`n${i}`))]);
    expect(many.body.errors[0].details).toEqual({
      code: 'knowledge.articles.total_exceeded',
      new_article_ids: Array.from({ length: 100 }, (_, i) => `n${i}`),
      new_article_count: 150,
    });
    // Another agent has a cap of its own.
    await newSource(ctx, 'help', ctx.keyB);
    expect((await upsert(ctx, [article('one'), article('two'), article('three')], ctx.keyB)).status).toBe(200);

    // Deleting makes room.
    expect((await ctx.request('DELETE', `${ARTICLES}one`)).status).toBe(204);
    expect((await upsert(ctx, [article('four')])).status).toBe(200);
  });
});

describe.each(ENGINES)('the knowledge_articles rate-limit family on %s', (engine) => {
  let ctx: TestContext;
  afterAll(async () => ctx?.close());

  it("counts article routes against Ada's article limits and the other knowledge routes against the default family", async () => {
    ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_RATE_LIMITS: 'on' } });
    await newSource(ctx, 'help');
    const policy = (res: ApiResponse) => res.headers['ratelimit-policy'];
    expect(policy(await ctx.request('GET', ARTICLES))).toBe('"knowledge_articles-1s";q=200;w=1');
    expect(policy(await ctx.request('GET', `${ARTICLES}x`))).toBe('"knowledge_articles-1s";q=200;w=1');
    expect(policy(await upsert(ctx, [article('x')]))).toBe('"knowledge_articles-1s";q=200;w=1');
    expect(policy(await ctx.request('GET', '/api/v2/knowledge/search/?query=x'))).toBe(
      '"knowledge_articles-1s";q=200;w=1',
    );
    expect(policy(await ctx.request('GET', SOURCES))).toBe('"default-1s";q=10;w=1');
    expect(policy(await ctx.request('GET', TAGS))).toBe('"default-1s";q=10;w=1');
    expect(policy(await ctx.request('GET', '/api/v2/variables/'))).toBe('"default-1s";q=10;w=1');
  });

  it('refuses the request past the family limit with 429, leaving the default family untouched', async () => {
    const limited = await createTestContext(engine, {
      manualClock: true,
      env: { ROSTER_RATE_LIMITS: 'on', ROSTER_RATE_LIMIT_KNOWLEDGE_ARTICLES: '3/1s,1000/1m' },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.request('GET', ARTICLES)).status).toBe(200);
      const refused = await limited.request('DELETE', `${ARTICLES}x`);
      expectError(refused, 429, 'rate_limited');
      expect(refused.headers['retry-after']).toBe('1');
      expect((await limited.request('GET', SOURCES)).status).toBe(200);
      (limited.clock as unknown as Moving).advance(1_000);
      expect((await limited.request('GET', ARTICLES)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
