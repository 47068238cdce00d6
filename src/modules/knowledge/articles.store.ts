// Queries for knowledge articles and their tag links. No rules live here: the services decide,
// the store reads and writes, on the executor it is given. The search itself is the full-text
// port's (src/db/full-text.ts); this store turns its keys back into articles.
import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { fullTextSearch, type FullTextHit } from '../../db/full-text.js';
import { jsonArrayFor, jsonArrayOf } from '../../db/json-array.js';
import { prepare, type PreparedQuery } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { AvailabilityRule } from './availability.js';
import { ARTICLE_SEARCH, type KnowledgeArticlesTable } from './knowledge.tables.js';

export interface Article {
  key: number;
  agentId: string;
  id: string;
  sourceId: string;
  name: string;
  content: string;
  url: string | null;
  language: string;
  enabled: boolean;
  metadata: Record<string, unknown> | null;
  rules: AvailabilityRule | null;
  externalCreated: number | null;
  externalUpdated: number | null;
  createdAt: number;
  updatedAt: number;
  tagIds: string[];
}

/** An article to write: everything but the key the database assigns. */
export type ArticleInput = Omit<Article, 'key'>;

export interface ArticleFilter {
  ids?: string[];
  enabled?: boolean[];
  languages?: string[];
  sourceIds?: string[];
  tagIds?: string[];
}

type Row = Selectable<KnowledgeArticlesTable>;

/** Rows per statement: far below both engines' limits on parameters. */
const CHUNK = 500;
/** Keys per statement of findByKeys, which keeps one compiled statement per count up to this. */
const BY_KEYS_CHUNK = 50;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as never));
const num = (value: number | null) => (value === null ? null : Number(value));

function toArticle(row: Row, tagIds: string[]): Article {
  return {
    key: Number(row.row_key),
    agentId: row.agent_id,
    id: row.id,
    sourceId: row.knowledge_source_id,
    name: row.name,
    content: row.content,
    url: row.url,
    language: row.language,
    enabled: Number(row.enabled) === 1,
    metadata: json(row.metadata),
    rules: json(row.availability_rules),
    externalCreated: num(row.external_created),
    externalUpdated: num(row.external_updated),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    tagIds,
  };
}

function toRow(article: ArticleInput): Insertable<KnowledgeArticlesTable> {
  return {
    agent_id: article.agentId,
    id: article.id,
    knowledge_source_id: article.sourceId,
    name: article.name,
    content: article.content,
    url: article.url,
    language: article.language,
    enabled: article.enabled ? 1 : 0,
    metadata: article.metadata === null ? null : JSON.stringify(article.metadata),
    availability_rules: article.rules === null ? null : JSON.stringify(article.rules),
    external_created: article.externalCreated,
    external_updated: article.externalUpdated,
    created_at: article.createdAt,
    updated_at: article.updatedAt,
  };
}

const UPDATED_COLUMNS = [
  'knowledge_source_id',
  'name',
  'content',
  'url',
  'language',
  'enabled',
  'metadata',
  'availability_rules',
  'external_created',
  'external_updated',
  'updated_at',
] as const;

type ArticlesEb = ExpressionBuilder<Database, 'knowledge_articles'>;

function matching(eb: ArticlesEb, agentId: string, filter: ArticleFilter) {
  const conditions = [eb('knowledge_articles.agent_id', '=', agentId)];
  if (filter.ids?.length) conditions.push(eb('knowledge_articles.id', 'in', filter.ids));
  if (filter.enabled?.length)
    conditions.push(eb('knowledge_articles.enabled', 'in', [...new Set(filter.enabled.map((e) => (e ? 1 : 0)))]));
  if (filter.languages?.length) conditions.push(eb('knowledge_articles.language', 'in', filter.languages));
  if (filter.sourceIds?.length) conditions.push(eb('knowledge_articles.knowledge_source_id', 'in', filter.sourceIds));
  if (filter.tagIds?.length) {
    const tagIds = filter.tagIds;
    conditions.push(
      eb.exists(
        eb
          .selectFrom('knowledge_article_tags as t')
          .select(sql.lit(1).as('one'))
          .whereRef('t.article_key', '=', 'knowledge_articles.row_key')
          .where('t.tag_id', 'in', tagIds),
      ),
    );
  }
  return eb.and(conditions);
}

export function createArticlesStore(db: Db) {
  const k = db.kysely;
  const search = fullTextSearch(db, ARTICLE_SEARCH);
  const q = {
    byId: prepare<Row, 'agent_id' | 'id'>('knowledge_article_by_id', (p) =>
      k.selectFrom('knowledge_articles').selectAll().where('agent_id', '=', p('agent_id')).where('id', '=', p('id')),
    ),
    count: prepare<{ n: number }, 'agent_id'>('knowledge_articles_count', (p) =>
      k
        .selectFrom('knowledge_articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('agent_id', '=', p('agent_id')),
    ),
    deleteOne: prepare<never, 'agent_id' | 'id'>('knowledge_article_delete', (p) =>
      k.deleteFrom('knowledge_articles').where('agent_id', '=', p('agent_id')).where('id', '=', p('id')),
    ),
    sourceBatch: prepare<{ row_key: number }, 'agent_id' | 'source_id' | 'limit'>('knowledge_source_batch', (p) =>
      k
        .selectFrom('knowledge_articles')
        .select('row_key')
        .where('agent_id', '=', p('agent_id'))
        .where('knowledge_source_id', '=', p('source_id'))
        .limit(p('limit')),
    ),
  };

  /**
   * Articles with their tag ids by key, one statement per number of keys (compiled once each):
   * what a search reads for its few hits.
   */
  const withTagIds = jsonArrayFor(k);
  const byKeys = new Map<number, PreparedQuery<Row & { tag_ids: unknown }, string>>();
  const byKeysOf = (n: number) => {
    let query = byKeys.get(n);
    if (!query) {
      query = prepare<Row & { tag_ids: unknown }, string>(`knowledge_articles_by_keys_${n}`, (p) =>
        k
          .selectFrom('knowledge_articles')
          .selectAll()
          .select((eb) =>
            withTagIds(
              eb
                .selectFrom('knowledge_article_tags')
                .select('tag_id')
                .whereRef('article_key', '=', 'knowledge_articles.row_key')
                .orderBy('position'),
            ).as('tag_ids'),
          )
          .where(
            'row_key',
            'in',
            Array.from({ length: n }, (_, i) => p(`k${i}`)),
          ),
      );
      byKeys.set(n, query);
    }
    return query;
  };

  /** Tag ids of each article, in the order they were given. */
  async function tagsOf(keys: readonly number[], ex: Executor): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(keys.map((key) => [key, []]));
    for (const part of chunks(keys)) {
      const rows = await all(
        ex,
        k
          .selectFrom('knowledge_article_tags')
          .select(['article_key', 'tag_id'])
          .where('article_key', 'in', part)
          .orderBy('article_key')
          .orderBy('position'),
      );
      for (const row of rows) out.get(Number(row.article_key))?.push(row.tag_id);
    }
    return out;
  }

  async function withTags(rows: Row[], ex: Executor): Promise<Article[]> {
    const tags = await tagsOf(
      rows.map((r) => Number(r.row_key)),
      ex,
    );
    return rows.map((row) => toArticle(row, tags.get(Number(row.row_key)) ?? []));
  }

  return {
    async get(agentId: string, id: string, ex: Executor = db.root): Promise<Article | null> {
      const row = await q.byId.first({ agent_id: agentId, id }, ex);
      return row ? ((await withTags([row], ex))[0] ?? null) : null;
    },

    /** The articles with these ids, by id. */
    async findByIds(agentId: string, ids: readonly string[], ex: Executor): Promise<Map<string, Article>> {
      const rows: Row[] = [];
      for (const part of chunks(ids)) {
        rows.push(
          ...(await all(
            ex,
            k.selectFrom('knowledge_articles').selectAll().where('agent_id', '=', agentId).where('id', 'in', part),
          )),
        );
      }
      return new Map((await withTags(rows, ex)).map((a) => [a.id, a]));
    },

    /**
     * The articles with these keys, in the order of the keys (missing ones left out). Read off the
     * event loop's thread by default, as searches are (committed articles only).
     */
    async findByKeys(agentId: string, keys: readonly number[], ex: Executor = db.reads): Promise<Article[]> {
      if (keys.length === 0) return [];
      // By key alone, then the agent checked here: given the agent too, SQLite (without table
      // statistics) reads every article of the agent through its index instead of the few keys.
      const found = new Map<number, Article>();
      for (const part of chunks(keys, BY_KEYS_CHUNK)) {
        const args = Object.fromEntries(part.map((key, i) => [`k${i}`, key]));
        for (const row of await byKeysOf(part.length).all(args, ex)) {
          if (row.agent_id !== agentId) continue;
          const tagIds = jsonArrayOf<{ tag_id: string }>(row.tag_ids).map((t) => t.tag_id);
          found.set(Number(row.row_key), toArticle(row, tagIds));
        }
      }
      return keys.flatMap((key) => found.get(key) ?? []);
    },

    async count(agentId: string, ex: Executor): Promise<number> {
      return Number((await q.count.first({ agent_id: agentId }, ex))?.n ?? 0);
    },

    /** Up to `limit` matching articles with id >= cursor, in byte order of id. */
    async list(agentId: string, filter: ArticleFilter, cursor: string | null, limit: number): Promise<Article[]> {
      let query = k
        .selectFrom('knowledge_articles')
        .selectAll()
        .where((eb) => matching(eb, agentId, filter));
      if (cursor !== null) query = query.where('id', '>=', cursor);
      return withTags(await all(db.root, query.orderBy('id').limit(limit)), db.root);
    },

    /** Inserts or updates by (agent, id); returns the key of each article written, by id. */
    async upsert(articles: readonly ArticleInput[], ex: Executor): Promise<Map<string, number>> {
      const keys = new Map<string, number>();
      for (const part of chunks(articles)) {
        const rows = await all(
          ex,
          k
            .insertInto('knowledge_articles')
            .values(part.map(toRow))
            .onConflict((oc) =>
              oc
                .columns(['agent_id', 'id'])
                .doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
            )
            .returning(['row_key', 'id']),
        );
        for (const row of rows) keys.set(row.id, Number(row.row_key));
      }
      if (articles.length > 0) search.changed();
      return keys;
    },

    /** Makes each article's tags exactly these, in this order. */
    async replaceTags(
      agentId: string,
      entries: ReadonlyArray<{ key: number; tagIds: readonly string[] }>,
      ex: Executor,
    ): Promise<void> {
      for (const part of chunks(entries)) {
        await changed(
          ex,
          k.deleteFrom('knowledge_article_tags').where(
            'article_key',
            'in',
            part.map((e) => e.key),
          ),
        );
      }
      const links = entries.flatMap((e) =>
        e.tagIds.map((tagId, position) => ({ article_key: e.key, agent_id: agentId, tag_id: tagId, position })),
      );
      for (const part of chunks(links)) await changed(ex, k.insertInto('knowledge_article_tags').values(part));
    },

    /** Deletes one article; false when there is none. Its tag links go with it. */
    async deleteOne(agentId: string, id: string, ex: Executor = db.root): Promise<boolean> {
      const deleted = (await q.deleteOne.run({ agent_id: agentId, id }, ex)) > 0;
      if (deleted) search.changed();
      return deleted;
    },

    /** Deletes every matching article; how many. */
    async deleteMatching(agentId: string, filter: ArticleFilter, ex: Executor): Promise<number> {
      const deleted = await changed(
        ex,
        k.deleteFrom('knowledge_articles').where((eb) => matching(eb, agentId, filter)),
      );
      if (deleted > 0) search.changed();
      return deleted;
    },

    /** Deletes up to `batch` articles of a source; how many. */
    async deleteBatchOfSource(agentId: string, sourceId: string, batch: number, ex: Executor): Promise<number> {
      const keys = (await q.sourceBatch.all({ agent_id: agentId, source_id: sourceId, limit: batch }, ex)).map(
        (r) => r.row_key,
      );
      if (keys.length === 0) return 0;
      const deleted = await changed(ex, k.deleteFrom('knowledge_articles').where('row_key', 'in', keys));
      search.changed();
      return deleted;
    },

    /**
     * Enabled articles of the agent in `language` containing any of `terms`, best first. By
     * default on the reader threads (Db.reads): ranking is the costly part of a search.
     */
    async search(
      agentId: string,
      language: string,
      terms: readonly string[],
      limit: number,
      ex: Executor = db.reads,
    ): Promise<FullTextHit[]> {
      return search.search(ex, { filters: { agent_id: agentId, enabled: 1 }, language, terms, limit });
    },

    /** How many of `terms` an article contains, out of those its language does not ignore. */
    async coverage(key: number, language: string, terms: readonly string[], ex: Executor = db.reads) {
      return search.coverage(ex, key, language, terms);
    },

    /** Tells the search that articles changed other than through this store (a reset). */
    searchChanged(): void {
      search.changed();
    },

    /** After a large import: see FullTextSearch.optimize. */
    optimizeSearch(): Promise<void> {
      return search.optimize();
    },
  };
}

export type ArticlesStore = ReturnType<typeof createArticlesStore>;
