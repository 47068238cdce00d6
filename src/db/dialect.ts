// The only place that knows which engine is underneath: it opens SQLite (embedded default) or
// PostgreSQL, and classifies driver errors so the rest of the code can stay engine-neutral.
import type { Socket } from 'node:net';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { ensureDataDir } from './data-dir.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** The longest a PostgreSQL statement may go unanswered; keeps a 503 inside the 5 s the spec allows. */
const QUERY_TIMEOUT_MS = 4_000;

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /**
   * Runs one already-compiled statement with its parameters and returns its rows; `name`
   * identifies the statement for server-side preparation. See prepared.ts.
   */
  execute(name: string, text: string, values: unknown[]): Promise<unknown[]>;
  /** Resolves when the database answers a trivial query within timeoutMs. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * better-sqlite3 compiles a statement on every prepare(); Kysely prepares per query. Keeping the
 * compiled statements by SQL text makes every repeated query a cached prepared statement.
 * Safe because Kysely's SQLite driver runs one query at a time on its single connection.
 */
function statementCache(raw: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return (text: string) => {
    let statement = cache.get(text);
    if (!statement) {
      statement = raw.prepare(text);
      if (cache.size < 2_000) cache.set(text, statement);
    }
    return statement;
  };
}

/**
 * Kysely begins SQLite transactions with a plain BEGIN, which takes the write lock only at the
 * first write. When another process writes to the same file in between (a `roster worker` beside
 * `roster serve`), a transaction that read first cannot upgrade its stale snapshot and fails at
 * once with SQLITE_BUSY, whatever busy_timeout says. BEGIN IMMEDIATE takes the write lock up front,
 * waiting under busy_timeout like any other write. Within one process nothing changes: Kysely
 * runs one transaction at a time on the single connection.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function openSqlite(file: string): SQLite.Database {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  return raw;
}

export interface DbOptions {
  /**
   * PostgreSQL only: commit without waiting for the WAL flush (synchronous_commit=off). For work
   * that is safe to redo after a database crash, such as recording webhook attempts.
   */
  asyncCommit?: boolean;
}

export function createDb(
  config: Pick<Config, 'engine' | 'databaseUrl' | 'sqlitePath' | 'dataDir' | 'databasePoolSize'>,
  options: DbOptions = {},
): Db {
  if (config.engine === 'sqlite') {
    // Only the owner may read the database: it holds personal data.
    ensureDataDir(config.dataDir);
    const raw = openSqlite(config.sqlitePath);
    const prepare = statementCache(raw);
    const kysely = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: { close: () => raw.close(), prepare } }),
    });
    return {
      kysely,
      engine: 'sqlite',
      execute(_name, text, values) {
        // While a Kysely transaction is open on the single connection, a statement run here would
        // join it; queue behind it through Kysely instead. Otherwise run now: better-sqlite3 is
        // synchronous, so nothing can interleave with the statement.
        if (raw.inTransaction)
          return kysely.executeQuery(CompiledQuery.raw(text, values)).then((r) => r.rows as unknown[]);
        try {
          const statement = prepare(text);
          return Promise.resolve(statement.reader ? (statement.all(values) as unknown[]) : (statement.run(values), []));
        } catch (error) {
          return Promise.reject(error);
        }
      },
      async ping() {
        try {
          raw.prepare('select 1').get();
          return true;
        } catch {
          return false;
        }
      },
      close: () => kysely.destroy(),
    };
  }

  // int8 (BIGINT) holds epoch milliseconds, well inside the safe integer range.
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 20
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: config.databaseUrl as string,
    max: config.databasePoolSize,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
    query_timeout: QUERY_TIMEOUT_MS,
    types,
    ...(options.asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  const socketOf = (client: pg.PoolClient) => client.connection.stream as Socket;
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // Nor may a checked-out one (the pool listens only to idle clients): a connection lost between
    // two statements of a transaction emits 'error' on the client, which would otherwise be
    // unhandled and end the process. The next statement fails as unavailable and the pool drops it.
    client.on('error', () => {});
    socketOf(client).on('timeout', () => socketOf(client).destroy());
  });
  // A network that drops packets sends no reset, so a lost connection looks like a slow one.
  // While a client is checked out, silence on its socket for as long as a query may take means
  // the connection is gone: destroy it, so the statement waiting on it and the ROLLBACK queued
  // behind it both fail at once (query_timeout alone leaves the ROLLBACK waiting a second time).
  pool.on('acquire', (client) => socketOf(client).setTimeout(QUERY_TIMEOUT_MS));
  pool.on('release', (error, client) => {
    socketOf(client).setTimeout(0);
    // After query_timeout pg keeps waiting on the connection for the late answer, yet Kysely
    // hands it back as healthy; close it rather than pool it again.
    if (!error && (client as { readyForQuery?: boolean }).readyForQuery === false) client.end().catch(() => {});
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'postgres',
    async execute(name, text, values) {
      const result = await pool.query({ name: `roster_${name}`, text, values });
      return result.rows as unknown[];
    },
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`select 1`.execute(kysely),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
          }),
        ]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => kysely.destroy(),
  };
}

const PG_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly|database is locked/i;

/** True when the error means "the database cannot be reached right now" (answered as 503). */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (PG_UNAVAILABLE_CODES.has(code) || code.startsWith('08') || code === 'SQLITE_BUSY'))
    return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/** True when the error is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
