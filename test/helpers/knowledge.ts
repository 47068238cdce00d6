// Shared paths, builders and assertions for the Knowledge API suites.
import { expect } from 'vitest';
import type { ApiResponse, TestContext } from './harness.js';
import { TIME_RE } from './end-users.js';

export const SOURCES = '/api/v2/knowledge/sources/';
export const ARTICLES = '/api/v2/knowledge/articles/';
export const BULK_ARTICLES = '/api/v2/knowledge/bulk/articles/';
export const TAGS = '/api/v2/knowledge/tags/';
export const BULK_TAGS = '/api/v2/knowledge/bulk/tags/';
export const VARIABLES = '/api/v2/variables/';
export const SEARCH = '/api/v2/knowledge/search/';

export const SOURCE_KEYS = ['created', 'external_id', 'id', 'last_sync', 'metadata', 'name', 'status', 'updated'];
export const ARTICLE_KEYS = [
  'availability_rules',
  'content',
  'created',
  'enabled',
  'external_created',
  'external_updated',
  'id',
  'knowledge_source_id',
  'language',
  'metadata',
  'name',
  'tag_ids',
  'updated',
  'url',
];

const keyed = (key?: string) => (key ? { key } : {});

/** A valid upsert item of source `source`; tests spread their changes over it. */
export function article(id: string, fields: Record<string, unknown> = {}, source = 'help') {
  return { id, name: `Article ${id}`, content: `The text of ${id}.`, knowledge_source_id: source, ...fields };
}

export async function newSource(ctx: TestContext, id: string, key?: string, name = `Source ${id}`): Promise<any> {
  const res = await ctx.request('POST', SOURCES, { body: { id, name }, ...keyed(key) });
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.raw}`);
  return res.body;
}

export function upsert(ctx: TestContext, items: unknown[], key?: string): Promise<ApiResponse> {
  return ctx.request('POST', BULK_ARTICLES, { body: items, ...keyed(key) });
}

export async function upserted(ctx: TestContext, items: unknown[], key?: string): Promise<any[]> {
  const res = await upsert(ctx, items, key);
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.raw}`);
  return res.body;
}

export async function getArticle(ctx: TestContext, id: string, key?: string): Promise<any> {
  const res = await ctx.request('GET', `${ARTICLES}${encodeURIComponent(id)}`, keyed(key));
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.raw}`);
  return res.body;
}

export async function newTags(ctx: TestContext, tags: Array<{ id: string; name: string }>, key?: string) {
  const res = await ctx.request('POST', BULK_TAGS, { body: tags, ...keyed(key) });
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${res.raw}`);
  return res.body;
}

export function expectArticleShape(value: any): void {
  expect(Object.keys(value).sort()).toEqual(ARTICLE_KEYS);
  expect(value.created).toMatch(TIME_RE);
  expect(value.updated).toMatch(TIME_RE);
}

/** The one validation_error detail a 400 carries. */
export function onlyDetail(res: ApiResponse): { parameter: string; location: string; message: string } {
  if (res.status !== 400) throw new Error(`expected 400, got ${res.status}: ${res.raw}`);
  const [error] = res.body.errors;
  expect(error.type).toBe('validation_error');
  expect(error.details).toHaveLength(1);
  return error.details[0];
}
