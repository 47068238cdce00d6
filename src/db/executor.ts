// The port every store runs its statements through. Stores build queries with Kysely (one typed
// definition for both engines) and hand them, compiled, to an Executor: the database itself
// (each statement commits on its own) or an open transaction. Which engine is underneath, how
// statements are prepared and how driver errors are translated is decided in dialect.ts alone.
import type { Compilable, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

export interface QueryResult<R> {
  rows: R[];
  /** Rows an INSERT, UPDATE or DELETE changed; 0 for a SELECT. */
  affected: number;
}

/**
 * A statement with its parameters. `name` asks the engine to keep it prepared under that name.
 * The parameters belong to this one call: engines may use the array as it is.
 */
export interface Statement {
  name?: string;
  sql: string;
  parameters: readonly unknown[];
  /**
   * Rows as arrays of column values, in the order the statement selects them, instead of objects
   * keyed by column name: for large reads written straight to the wire, where a hundred objects
   * per page are pure allocation.
   */
  arrays?: boolean;
}

export interface Executor {
  execute<R>(statement: Statement): Promise<QueryResult<R>>;
}

/** What the stores and the unit of work need from the database. */
export interface Db {
  /** Builds queries (never runs them: run them through an Executor). Also used by migrations. */
  readonly kysely: Kysely<Database>;
  /** Which engine, for health reports and logs (never for choosing behaviour outside src/db). */
  readonly engine: 'sqlite' | 'postgres';
  /** Statements that commit on their own. */
  readonly root: Executor;
  /**
   * Reads that may run off the event loop's thread: on SQLite with a database file, the reader
   * threads (sqlite-readers.ts), so that long reads use the other cores; otherwise `root`. They
   * see committed data only: never for reads that must see a unit of work's own writes.
   */
  readonly reads: Executor;
  /**
   * Runs `work` in one transaction; commits when it resolves, rolls back when it throws. On SQLite
   * the write lock is taken at the start (BEGIN IMMEDIATE), so a transaction that reads first
   * never fails to upgrade later.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  /**
   * The query with row locks where the engine has them (FOR UPDATE on PostgreSQL). SQLite has a
   * single writer, so a transaction's reads are already protected.
   */
  forUpdate<O>(
    query: SelectQueryBuilder<Database, any, O>,
    options?: { skipLocked?: boolean },
  ): SelectQueryBuilder<Database, any, O>;
  /** Wakes listeners in every process sharing the database (PostgreSQL NOTIFY; nothing on SQLite). */
  notify(channel: string): void;
  /** Calls `listener` on each notify on `channel` from any process; resolves to a stop function. */
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  /** Resolves when the database answers a trivial query within timeoutMs. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Where the data lives, for logs and the CLI, without credentials. */
  describe(): string;
  close(): Promise<void>;
}

/** All rows of a query built with Kysely, compiled now (for queries whose shape varies per call). */
export async function all<R>(ex: Executor, query: Compilable<R>): Promise<R[]> {
  return (await ex.execute<R>(query.compile())).rows;
}

/** The first row, or undefined. */
export async function first<R>(ex: Executor, query: Compilable<R>): Promise<R | undefined> {
  return (await ex.execute<R>(query.compile())).rows[0];
}

/** How many rows a write changed. */
export async function changed(ex: Executor, query: Compilable<unknown>): Promise<number> {
  return (await ex.execute(query.compile())).affected;
}
