// Full-text search, the one place that knows how each engine does it. A module describes its
// searchable table once (a FullTextSpec) and gets, on both engines, the same three things:
//
// - DDL for its migration: `rowKeyColumn` (the integer key an index is keyed by),
//   `bytewiseText` (a text column that compares byte by byte, so ids sort alike on both engines)
//   and `createFullTextIndex`;
// - `fullTextSearch(db, spec)`: the rows matching any of a list of terms in one language,
//   best first, with a score;
// - the number of those terms a given row contains, which is how a caller judges whether the best
//   match is good enough, in the engine's own terms (its stemming, its stop words).
//
// SQLite uses an FTS5 table over the spec's text columns (external content: the text is stored
// once, in the table itself), kept in step by triggers, with the Porter stemmer over Unicode
// words for every language and BM25 for ranking. PostgreSQL uses a stored tsvector column
// generated from the same columns with the text search configuration of each row's language
// (`simple` where PostgreSQL has none), a GIN index and ts_rank. Ranking scores are therefore
// comparable within one answer, not across engines.
//
// Terms are plain words (letters and digits only): callers extract them from free text, so no
// user input ever reaches either engine's query syntax.
//
// Ranking reads every row a query matches, so a word found in a large share of the rows would
// make every search that contains it cost as much as reading the whole table. As search engines
// do with "common terms" (Lucene's cutoff frequency), a word found in more than COMMON_ROWS rows
// takes no part in a search that has rarer words: those decide which rows match and how they
// rank, and the common word adds little to either. The rows counted are those the search could
// match (same language and filters, so one tenant's counts never depend on another's articles),
// up to that cutoff, so the count stays cheap too. Counts are kept (WordCounts below) until the
// table changes, so a word is counted once, not on every search.
//
// A search made only of common words is answered in tiers, each one query, the first that finds
// `limit` rows giving the answer (so scores within one answer always come from one ranking):
//
// 1. rows whose title (the spec's `title` field, which has an index of its own) holds any of the
//    words: a title is a few words long, so even a common word is in few titles, and a word in
//    the title is the strongest sign an article is about it;
// 2. rows holding all the words (when there are several);
// 3. rows holding any of them, ranked in full: the costly case, reached only when the first two
//    find too few rows, which is when the words are not that common after all.
import { LRUCache } from 'lru-cache';
import { PostgresAdapter, sql, type CreateTableBuilder, type Expression, type Kysely } from 'kysely';
import type { Db, Executor } from './executor.js';

/** A searchable table. Every name here is a constant of the code, never input. */
export interface FullTextSpec {
  table: string;
  /** The integer key column (made with rowKeyColumn). */
  key: string;
  /** The column holding each row's language code (ISO 639-1, lower case). */
  language: string;
  /** The text columns, most important first, with their weight in the ranking. */
  fields: ReadonlyArray<{ column: string; weight: 'A' | 'B' | 'C' | 'D' }>;
  /** Equality filters every search applies besides the language (the tenant, a flag), in this order. */
  filters: readonly string[];
  /**
   * The short field (a name, a title) searches of common words look in first; one of `fields`.
   * It is indexed on its own by createTitleIndex.
   */
  title?: string;
}

/**
 * PostgreSQL text search configurations by language code: those every supported PostgreSQL
 * release ships. Other languages are indexed with `simple` (no stemming, no stop words).
 */
export const TEXT_SEARCH_CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  hu: 'hungarian',
  id: 'indonesian',
  in: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nl: 'dutch',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

const WEIGHTS = { A: 1.0, B: 0.4, C: 0.2, D: 0.1 } as const;
/** Rows a word may be in and still drive a search that has other words (see the header). */
export const COMMON_ROWS = 300;
/**
 * SQLite ranks a search's best max(TOP_FIRST, limit × TOP_FACTOR) matches before filtering them
 * (see sqliteSearch), and ranks every match only when too few of those pass the filters.
 */
const TOP_FIRST = 20;
const TOP_FACTOR = 4;
/** Index pages one step of SQLite's index merge writes (a step takes tens of milliseconds). */
const MERGE_PAGES = 500;
/** Bounds the merge when writes keep adding segments while it runs; the next import's job goes on. */
const MERGE_STEPS = 1_000;
const TERM = /^[\p{L}\p{N}]+$/u;
const SQLITE_TOKENIZER = 'porter unicode61 remove_diacritics 2';

const isPostgres = (kysely: Kysely<any>) => kysely.getExecutor().adapter instanceof PostgresAdapter;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const ftsTable = (spec: FullTextSpec) => `${spec.table}_fts`;
const titleTable = (spec: FullTextSpec) => `${spec.table}_title_fts`;

/** Adds the integer primary key `name`, assigned by the database on insert. */
export function rowKeyColumn<T extends string, C extends string>(
  kysely: Kysely<any>,
  table: CreateTableBuilder<T, C>,
  name: string,
): CreateTableBuilder<T, C | string> {
  // SQLite: an INTEGER PRIMARY KEY is the rowid itself, which FTS5 content tables key on and
  // which VACUUM never renumbers.
  return isPostgres(kysely)
    ? table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    : table.addColumn(name, 'integer', (c) => c.primaryKey());
}

/**
 * A varchar compared byte by byte (UTF-8 order): what SQLite does by default, and what
 * PostgreSQL does only with the C collation (a database's default collation may sort "B"
 * after "a"). For ids that callers choose and lists paginate on.
 */
export function bytewiseText(kysely: Kysely<any>, length: number): Expression<unknown> {
  return isPostgres(kysely) ? sql.raw(`varchar(${length}) collate "C"`) : sql.raw(`varchar(${length})`);
}

function postgresConfigOf(spec: FullTextSpec): string {
  const cases = Object.entries(TEXT_SEARCH_CONFIGS)
    .map(([code, config]) => `when '${code}' then '${config}'::regconfig`)
    .join(' ');
  return `(case ${quote(spec.language)} ${cases} else 'simple'::regconfig end)`;
}

/** Creates the index over the spec's fields on a table that already exists (run by a migration). */
export async function createFullTextIndex(kysely: Kysely<any>, spec: FullTextSpec): Promise<void> {
  const t = quote(spec.table);
  if (isPostgres(kysely)) {
    const config = postgresConfigOf(spec);
    const vector = spec.fields
      .map((f) => `setweight(to_tsvector(${config}, coalesce(${quote(f.column)}, '')), '${f.weight}')`)
      .join(' || ');
    await sql
      .raw(`alter table ${t} add column search_vector tsvector generated always as (${vector}) stored`)
      .execute(kysely);
    await sql
      .raw(`create index ${quote(`${spec.table}_search_idx`)} on ${t} using gin (search_vector)`)
      .execute(kysely);
    return;
  }
  const fts = quote(ftsTable(spec));
  const columns = spec.fields.map((f) => quote(f.column));
  const list = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${c}`).join(', ');
  const key = quote(spec.key);
  await sql
    .raw(
      `create virtual table ${fts} using fts5(${list}, content=${t}, content_rowid=${key}, tokenize='${SQLITE_TOKENIZER}')`,
    )
    .execute(kysely);
  const insert = `insert into ${fts}(rowid, ${list}) values (new.${key}, ${values('new')});`;
  const remove = `insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.${key}, ${values('old')});`;
  const trigger = (suffix: string) => quote(`${spec.table}_fts_${suffix}`);
  await sql.raw(`create trigger ${trigger('insert')} after insert on ${t} begin ${insert} end`).execute(kysely);
  await sql.raw(`create trigger ${trigger('delete')} after delete on ${t} begin ${remove} end`).execute(kysely);
  await sql
    .raw(`create trigger ${trigger('update')} after update of ${list} on ${t} begin ${remove} ${insert} end`)
    .execute(kysely);
}

/** Removes what createFullTextIndex made (a migration's down). */
export async function dropFullTextIndex(kysely: Kysely<any>, spec: FullTextSpec): Promise<void> {
  if (isPostgres(kysely)) {
    await sql.raw(`alter table ${quote(spec.table)} drop column if exists search_vector`).execute(kysely);
    return;
  }
  for (const suffix of ['insert', 'delete', 'update'])
    await sql.raw(`drop trigger if exists ${quote(`${spec.table}_fts_${suffix}`)}`).execute(kysely);
  await sql.raw(`drop table if exists ${quote(ftsTable(spec))}`).execute(kysely);
}

/**
 * Adds the title's own index to a table createFullTextIndex has indexed (run by a later migration
 * than that one, which it extends). On SQLite it also adds a covering index over the key, the
 * language and the filters, so that the rows a search matches are filtered without reading the
 * rows themselves, whose long text spills over into overflow pages.
 */
export async function createTitleIndex(kysely: Kysely<any>, spec: FullTextSpec): Promise<void> {
  if (!spec.title) throw new Error(`${spec.table}: the full-text spec names no title`);
  const t = quote(spec.table);
  const title = quote(spec.title);
  if (isPostgres(kysely)) {
    const vector = `to_tsvector(${postgresConfigOf(spec)}, coalesce(${title}, ''))`;
    await sql
      .raw(`alter table ${t} add column title_vector tsvector generated always as (${vector}) stored`)
      .execute(kysely);
    await sql.raw(`create index ${quote(`${spec.table}_title_idx`)} on ${t} using gin (title_vector)`).execute(kysely);
    return;
  }
  const fts = quote(titleTable(spec));
  const key = quote(spec.key);
  await sql
    .raw(
      `create virtual table ${fts} using fts5(${title}, content=${t}, content_rowid=${key}, tokenize='${SQLITE_TOKENIZER}')`,
    )
    .execute(kysely);
  await sql.raw(`insert into ${fts}(${fts}) values ('rebuild')`).execute(kysely);
  const insert = `insert into ${fts}(rowid, ${title}) values (new.${key}, new.${title});`;
  const remove = `insert into ${fts}(${fts}, rowid, ${title}) values ('delete', old.${key}, old.${title});`;
  const trigger = (suffix: string) => quote(`${spec.table}_title_${suffix}`);
  await sql.raw(`create trigger ${trigger('insert')} after insert on ${t} begin ${insert} end`).execute(kysely);
  await sql.raw(`create trigger ${trigger('delete')} after delete on ${t} begin ${remove} end`).execute(kysely);
  await sql
    .raw(`create trigger ${trigger('update')} after update of ${title} on ${t} begin ${remove} ${insert} end`)
    .execute(kysely);
  const covered = [spec.key, spec.language, ...spec.filters].map(quote).join(', ');
  await sql.raw(`create index ${quote(`${spec.table}_search_filter_idx`)} on ${t} (${covered})`).execute(kysely);
}

/** Removes what createTitleIndex made (a migration's down). */
export async function dropTitleIndex(kysely: Kysely<any>, spec: FullTextSpec): Promise<void> {
  if (isPostgres(kysely)) {
    await sql.raw(`alter table ${quote(spec.table)} drop column if exists title_vector`).execute(kysely);
    return;
  }
  for (const suffix of ['insert', 'delete', 'update'])
    await sql.raw(`drop trigger if exists ${quote(`${spec.table}_title_${suffix}`)}`).execute(kysely);
  await sql.raw(`drop table if exists ${quote(titleTable(spec))}`).execute(kysely);
  await sql.raw(`drop index if exists ${quote(`${spec.table}_search_filter_idx`)}`).execute(kysely);
}

export interface FullTextHit {
  key: number;
  /** Higher is better; comparable within one answer only. */
  score: number;
}

export interface FullTextQuery {
  /** Values of the spec's filters, by column. */
  filters: Record<string, string | number>;
  /** Language code of the rows to search (and of the terms). */
  language: string;
  /** Words; a row matches when it contains any of them. */
  terms: readonly string[];
  limit: number;
}

export interface FullTextSearch {
  /** Matching rows, best first. */
  search(ex: Executor, query: FullTextQuery): Promise<FullTextHit[]>;
  /** Tells the search that rows of the table were written or deleted (by this process). */
  changed(): void;
  /**
   * Readies the index for searching after many rows changed (run in the background, after an
   * import).
   *
   * PostgreSQL: brings the planner's statistics of the table up to date. PostgreSQL plans a text
   * search from them: with none (a freshly filled table, before autovacuum's next round) it takes
   * the tenant's index and tests every row of the tenant, tens of times slower than reading the
   * text index's matches.
   *
   * SQLite: merges the full-text indexes into one segment each. FTS5 writes each transaction's
   * rows as a new segment and merges segments only a few at a time, so an import of 50 batches
   * leaves a dozen, and every word a search looks up is looked up in each (measured on 50,000
   * articles: 13 segments, and searches 40% slower than on one). The merge runs in steps of
   * MERGE_PAGES pages, each its own short write, so API writes interleave with it.
   */
  optimize(): Promise<void>;
  /**
   * How many of `terms` the row contains (`matched`), out of those the language does not drop
   * as stop words (`meaningful`).
   */
  coverage(
    ex: Executor,
    key: number,
    language: string,
    terms: readonly string[],
  ): Promise<{ matched: number; meaningful: number }>;
}

/** Only words reach an engine's query syntax. */
function words(terms: readonly string[]): string[] {
  return [...new Set(terms.filter((t) => TERM.test(t)))];
}

/** How a ranking query matches: any of the words, all of them, or any of them in the title. */
type Match = 'any' | 'all' | 'title';

/** What each engine provides; the choice of words and tiers (see the header) is shared. */
interface EngineSearch {
  /** Per word, the rows the query could match that hold it, counted up to COMMON_ROWS + 1. */
  rows(ex: Executor, query: FullTextQuery, list: string[]): Promise<number[]>;
  rank(ex: Executor, match: Match, list: string[], query: FullTextQuery): Promise<FullTextHit[]>;
}

/** Words counted per search scope (language and filters) kept at most. */
const COUNTS_KEPT = 20_000;
/**
 * How long a count is kept when nothing in this process changed the table: other processes
 * sharing a PostgreSQL database write too, and their writes are seen after this long.
 */
const COUNTS_TTL_MS = 30_000;

/**
 * The row counts of words (see the header), kept between searches. Any write to the table drops
 * them all: writes come in imports, searches far more often. A count read while a write happened
 * is not kept; one read between a write and its commit may be, for COUNTS_TTL_MS at most. A stale
 * count could only change which tier answers, never admit a row that does not match.
 */
class WordCounts {
  readonly #kept = new LRUCache<string, number>({ max: COUNTS_KEPT, ttl: COUNTS_TTL_MS });
  #generation = 0;

  changed(): void {
    this.#generation++;
    this.#kept.clear();
  }

  async of(engine: EngineSearch, ex: Executor, query: FullTextQuery, list: string[]): Promise<number[]> {
    const scope = `${query.language}\u0000${Object.values(query.filters).join('\u0000')}\u0000`;
    const counts = list.map((word) => this.#kept.get(scope + word));
    const missing = list.filter((_, i) => counts[i] === undefined);
    if (missing.length === 0) return counts as number[];
    const generation = this.#generation;
    const fresh = await engine.rows(ex, query, missing);
    const keep = generation === this.#generation;
    const found = new Map(missing.map((word, i) => [word, fresh[i] ?? 0]));
    if (keep) for (const [word, n] of found) this.#kept.set(scope + word, n);
    return list.map((word, i) => counts[i] ?? found.get(word) ?? 0);
  }
}

async function tieredSearch(
  engine: EngineSearch,
  spec: FullTextSpec,
  counted: WordCounts,
  ex: Executor,
  query: FullTextQuery,
): Promise<FullTextHit[]> {
  const list = words(query.terms);
  if (list.length === 0) return [];
  const counts = await counted.of(engine, ex, query, list);
  const found = list.filter((_, i) => (counts[i] ?? 0) > 0);
  const rare = list.filter((_, i) => (counts[i] ?? 0) > 0 && (counts[i] ?? 0) <= COMMON_ROWS);
  if (rare.length > 0) return engine.rank(ex, 'any', rare, query);
  if (found.length === 0) return [];
  if (spec.title) {
    const hits = await engine.rank(ex, 'title', found, query);
    if (hits.length >= query.limit) return hits;
  }
  if (found.length > 1) {
    const hits = await engine.rank(ex, 'all', found, query);
    if (hits.length >= query.limit) return hits;
  }
  return engine.rank(ex, 'any', found, query);
}

/** One statement counting, for each of n words, the rows holding it (capped). */
function countsSql(n: number, one: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => `select ${i} as i, (${one(i)}) as n`).join(' union all ');
}

const byIndex = (rows: Array<{ i: number; n: number }>) => rows.sort((a, b) => a.i - b.i).map((r) => Number(r.n));
const hitsOf = (rows: Array<{ key: number; score: number }>) =>
  rows.map((r) => ({ key: Number(r.key), score: Number(r.score) }));

export function fullTextSearch(db: Db, spec: FullTextSpec): FullTextSearch {
  const engine = isPostgres(db.kysely) ? postgresSearch(spec) : sqliteSearch(spec);
  const counted = new WordCounts();
  return {
    search: (ex, query) => tieredSearch(engine.search, spec, counted, ex, query),
    changed: () => counted.changed(),
    coverage: engine.coverage,
    async optimize() {
      if (isPostgres(db.kysely)) {
        await db.root.execute({ sql: `analyze ${quote(spec.table)}`, parameters: [] });
        return;
      }
      for (const table of spec.title ? [ftsTable(spec), titleTable(spec)] : [ftsTable(spec)]) {
        for (let step = 0; step < MERGE_STEPS && (await mergeStep(db, table)); step++);
      }
    },
  };
}

/**
 * One step of merging an FTS5 index's segments into one (a negative page count asks FTS5 to merge
 * every segment, as its 'optimize' command does, but only that many pages at a time). Whether the
 * step did any work is told, as FTS5 documents, by the connection's total_changes() moving by
 * two or more. Returns whether there was work.
 */
async function mergeStep(db: Db, table: string): Promise<boolean> {
  const fts = quote(table);
  const changes = { sql: 'select total_changes() as n', parameters: [] };
  return db.transaction(async (tx) => {
    const before = Number((await tx.execute<{ n: number }>(changes)).rows[0]?.n);
    await tx.execute({ sql: `insert into ${fts}(${fts}, rank) values ('merge', ?)`, parameters: [-MERGE_PAGES] });
    const after = Number((await tx.execute<{ n: number }>(changes)).rows[0]?.n);
    return after - before >= 2;
  });
}

function postgresSearch(spec: FullTextSpec): { search: EngineSearch; coverage: FullTextSearch['coverage'] } {
  const t = quote(spec.table);
  const key = quote(spec.key);
  const filters = [spec.language, ...spec.filters].map((f, i) => ` and a.${quote(f)} = $${i + 3}`).join('');
  const limit = `$${spec.filters.length + 4}`;
  // Word counts: $1 the configuration, then the language and filters, then one word each.
  const countFilters = [spec.language, ...spec.filters].map((f, i) => ` and a.${quote(f)} = $${i + 2}`).join('');
  const countFirst = spec.filters.length + 3;
  const rankSql = (vector: string) =>
    `select a.${key} as key, ts_rank(a.${vector}, q.query) as score ` +
    `from ${t} a, to_tsquery($1::regconfig, $2) as q(query) ` +
    `where a.${vector} @@ q.query${filters} ` +
    `order by score desc, a.${key} limit ${limit}`;
  const sqlOf: Record<Match, string> = {
    any: rankSql('search_vector'),
    all: rankSql('search_vector'),
    title: rankSql('title_vector'),
  };
  const coverageSql =
    `select count(*) filter (where numnode(w.query) > 0) as meaningful, ` +
    `count(*) filter (where numnode(w.query) > 0 and a.search_vector @@ w.query) as matched ` +
    `from ${t} a, (select to_tsquery($1::regconfig, term) as query from unnest($2::text[]) as term) w ` +
    `where a.${key} = $3`;
  const configOf = (language: string) => TEXT_SEARCH_CONFIGS[language] ?? 'simple';
  return {
    search: {
      async rows(ex, query, list) {
        const text = countsSql(
          list.length,
          (i) =>
            `select count(*) from (select 1 from ${t} a where a.search_vector @@ to_tsquery($1::regconfig, $${i + countFirst})${countFilters} limit ${COMMON_ROWS + 1}) c`,
        );
        // Unnamed, so PostgreSQL plans each run with its words (see rank).
        const { rows } = await ex.execute<{ i: number; n: number }>({
          sql: text,
          parameters: [configOf(query.language), query.language, ...spec.filters.map((f) => query.filters[f]), ...list],
        });
        return byIndex(rows);
      },
      async rank(ex, match, list, query) {
        const text = sqlOf[match];
        const parameters = [
          configOf(query.language),
          list.join(match === 'all' ? ' & ' : ' | '),
          query.language,
          ...spec.filters.map((f) => query.filters[f]),
          query.limit,
        ];
        // Not a named statement: after five runs PostgreSQL may keep one generic plan for a named
        // one, made without knowing the words, and for a text search that plan reads every row of
        // the tenant. Planned with its words, a search reads the GIN index's matches only.
        return hitsOf((await ex.execute<{ key: number; score: number }>({ sql: text, parameters })).rows);
      },
    },
    async coverage(ex, rowKey, language, terms) {
      const list = words(terms);
      if (list.length === 0) return { matched: 0, meaningful: 0 };
      const { rows } = await ex.execute<{ matched: number; meaningful: number }>({
        name: `${spec.table}_coverage`,
        sql: coverageSql,
        parameters: [configOf(language), list, rowKey],
      });
      return { matched: Number(rows[0]?.matched ?? 0), meaningful: Number(rows[0]?.meaningful ?? 0) };
    },
  };
}

function sqliteSearch(spec: FullTextSpec): { search: EngineSearch; coverage: FullTextSearch['coverage'] } {
  const t = quote(spec.table);
  const key = quote(spec.key);
  const fts = quote(ftsTable(spec));
  const title = quote(titleTable(spec));
  const weights = spec.fields.map((f) => WEIGHTS[f.weight].toFixed(1)).join(', ');
  const filters = [spec.language, ...spec.filters].map((f) => ` and a.${quote(f)} = ?`).join('');
  // The covering index, named: without table statistics SQLite would read each matching row
  // through the primary key instead, text and all.
  const covering = quote(`${spec.table}_search_filter_idx`);
  const rankSql = (index: string, score: string) =>
    `select a.${key} as key, ${score} as score ` +
    `from ${index} join ${t} a indexed by ${covering} on a.${key} = ${index}.rowid ` +
    `where ${index} match ?${filters} order by score desc, a.${key} limit ?`;
  // The same answer, cheaper when the best matches mostly pass the filters (one tenant, its
  // articles enabled): the index ranks its matches alone, and only the best `?` are looked up in
  // the covering index, instead of every match. `considered` tells whether those were all the
  // matches (then the answer is complete even when short).
  const where = [spec.language, ...spec.filters].map((f) => `a.${quote(f)} = ?`).join(' and ');
  const topSql = (index: string, score: string) =>
    `with top as materialized (select rowid as k, ${score} as score from ${index} where ${index} match ? ` +
    `order by score desc, rowid limit ?) ` +
    `select top.k as key, top.score as score, (select count(*) from top) as considered ` +
    `from top join ${t} a indexed by ${covering} on a.${key} = top.k ` +
    `where ${where} order by top.score desc, top.k limit ?`;
  const ranked = (name: string, index: string, score: string) => ({
    exact: { name, text: rankSql(index, score) },
    top: { name: `${name}_top`, text: topSql(index, score) },
  });
  const anySql = ranked(`${spec.table}_search`, fts, `-bm25(${fts}, ${weights})`);
  const sqlOf: Record<Match, ReturnType<typeof ranked>> = {
    any: anySql,
    all: anySql,
    title: ranked(`${spec.table}_search_title`, title, `-bm25(${title})`),
  };
  const termSql = `select count(*) as n from ${fts} where ${fts} match ? and rowid = ?`;
  const phrase = (term: string) => `"${term}"`;
  return {
    search: {
      async rows(ex, query, list) {
        const text = countsSql(
          list.length,
          () =>
            `select count(*) from (select 1 from ${fts} join ${t} a indexed by ${covering} on a.${key} = ${fts}.rowid ` +
            `where ${fts} match ?${filters} limit ${COMMON_ROWS + 1})`,
        );
        const scope = [query.language, ...spec.filters.map((f) => query.filters[f])];
        const { rows } = await ex.execute<{ i: number; n: number }>({
          name: `${spec.table}_rows_${list.length}`,
          sql: text,
          parameters: list.flatMap((word) => [phrase(word), ...scope]),
        });
        return byIndex(rows);
      },
      async rank(ex, match, list, query) {
        const { exact, top } = sqlOf[match];
        const expression = list.map(phrase).join(match === 'all' ? ' AND ' : ' OR ');
        const scope = [query.language, ...spec.filters.map((f) => query.filters[f])];
        const best = Math.max(TOP_FIRST, query.limit * TOP_FACTOR);
        const first = (
          await ex.execute<{ key: number; score: number; considered: number }>({
            name: top.name,
            sql: top.text,
            parameters: [expression, best, ...scope, query.limit],
          })
        ).rows;
        // Enough of the best passed the filters, or they were every match: nothing ranked lower can
        // belong to the answer.
        if (first.length >= query.limit || (first.length > 0 && Number(first[0]?.considered) < best))
          return hitsOf(first);
        const parameters = [expression, ...scope, query.limit];
        return hitsOf(
          (await ex.execute<{ key: number; score: number }>({ name: exact.name, sql: exact.text, parameters })).rows,
        );
      },
    },
    async coverage(ex, rowKey, _language, terms) {
      const list = words(terms);
      let matched = 0;
      for (const term of list) {
        const { rows } = await ex.execute<{ n: number }>({
          name: `${spec.table}_term`,
          sql: termSql,
          parameters: [phrase(term), rowKey],
        });
        if (Number(rows[0]?.n ?? 0) > 0) matched++;
      }
      // FTS5 keeps every word: none is dropped as a stop word.
      return { matched, meaningful: list.length };
    },
  };
}
