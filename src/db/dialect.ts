// The only place that knows which engine is underneath: it opens SQLite (the embedded default) or
// PostgreSQL, runs statements and transactions for the Executor port, takes row locks where the
// engine has them, and translates driver errors (errors.ts) so the rest of the code stays
// engine-neutral.
import type { Socket } from 'node:net';
import fs from 'node:fs';
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
  type SelectQueryBuilder,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { ensureDataDir } from './data-dir.js';
import { createGroupCommit } from './sqlite-group-commit.js';
import { createReaderPool, defaultReaders } from './sqlite-readers.js';
import { DatabaseUnavailable, UniqueViolation } from './errors.js';
import { redactDatabaseUrl } from './inspect.js';
import type { Db, Executor, QueryResult, Statement } from './executor.js';
import type { Database } from './schema.js';

export type { Db, Executor } from './executor.js';

/** The longest a PostgreSQL statement may go unanswered; keeps a 503 inside the 5 s the API allows. */
const QUERY_TIMEOUT_MS = 4_000;
/** Coalesces the NOTIFYs of commits that land close together into one. */
const NOTIFY_COALESCE_MS = 5;

export type DbConfig = Pick<Config, 'databaseUrl' | 'sqlitePath' | 'dataDir' | 'databasePoolSize'> &
  Partial<Pick<Config, 'sqliteReaders'>>;

/**
 * How much of the database file a read-only connection maps into memory: reading a mapped page
 * is a memory access, not a system call and a copy into SQLite's page cache.
 */
const READER_MMAP_BYTES = 1 << 30;

export interface DbOptions {
  /**
   * PostgreSQL only: commit without waiting for the WAL flush (synchronous_commit=off). For work
   * whose every effect commits together with its own bookkeeping, so that a database crash can
   * only make it run again (the jobs runner).
   */
  asyncCommit?: boolean;
}

/**
 * better-sqlite3 compiles a statement on every prepare(); Kysely prepares per query. Keeping the
 * compiled statements by SQL text makes every repeated query a cached prepared statement.
 * Safe because statements on the single connection run one at a time.
 */
function statementCache(raw: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  // Statements that return rows as arrays are compiled apart: raw mode is a statement's setting.
  const arrays = new Map<string, SQLite.Statement>();
  return (text: string, asArrays = false) => {
    const kept = asArrays ? arrays : cache;
    let statement = kept.get(text);
    if (!statement) {
      statement = raw.prepare(text);
      if (asArrays) statement.raw(true);
      if (kept.size < 2_000) kept.set(text, statement);
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

/** better-sqlite3's name for a private in-memory database. */
export const MEMORY = ':memory:';

/**
 * A migrated, empty in-memory database of this process, kept so that the next one starts from a
 * copy instead of running every migration again (startRoster starts one per test suite).
 */
let memoryImage: Buffer | null = null;
const rawOf = new WeakMap<Db, SQLite.Database>();

/** Keeps the image of a freshly migrated in-memory database (nothing else is kept). */
export function keepMemoryImage(db: Db): void {
  const raw = rawOf.get(db);
  if (raw && raw.memory && memoryImage === null) memoryImage = raw.serialize();
}

export function openSqlite(file: string): SQLite.Database {
  // Owner-only, like the generated encryption key. SQLite gives the -wal and -shm files the
  // database file's permissions, so creating (or correcting) the main file is enough; the two
  // are corrected too in case an older version left them wider.
  if (file !== MEMORY && file !== '') {
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        fs.chmodSync(`${file}${suffix}`, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  const raw = file === MEMORY && memoryImage !== null ? new SQLite(memoryImage) : new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, not left in free pages: an erased person's data must not stay
  // readable in the file once the WAL is checkpointed.
  raw.pragma('secure_delete = ON');
  return raw;
}

/** A read-only connection to a database file that openSqlite opened (and set to WAL) first. */
function openSqliteReader(file: string): SQLite.Database {
  const raw = new SQLite(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  raw.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return raw;
}

// --- error translation ---------------------------------------------------------------------

const SQLITE_UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

function translateSqlite(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (SQLITE_UNIQUE.has(code)) return new UniqueViolation((error as Error).message, null, { cause: error });
  // Another process holds the write lock past busy_timeout.
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new DatabaseUnavailable('the database file stayed locked by another writer', { cause: error });
  }
  return error;
}

/** SQLSTATEs that mean the server cannot serve right now: shutting down, too many connections. */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Errors reach here only from the pg driver (a pool connect, a statement, BEGIN or COMMIT). Those
 * the server sent carry a SQLSTATE (pg.DatabaseError); every other one is the connection failing
 * (refused, reset, timed out, ended), which is what "unavailable" means.
 */
function translatePostgres(error: unknown): unknown {
  if (error instanceof UniqueViolation || error instanceof DatabaseUnavailable) return error;
  if (error instanceof pg.DatabaseError) {
    const state = error.code ?? '';
    if (state === '23505') return new UniqueViolation(error.message, error.constraint ?? null, { cause: error });
    // Class 08 is connection exceptions; 08P01 (protocol violation) is a bug, not an outage.
    if ((state.startsWith('08') && state !== '08P01') || PG_UNAVAILABLE_STATES.has(state)) {
      return new DatabaseUnavailable(`the database refused the connection (${state})`, { cause: error });
    }
    return error;
  }
  return new DatabaseUnavailable(
    `the database connection failed: ${(error as { code?: string })?.code ?? (error as Error)?.message ?? 'unknown error'}`,
    { cause: error },
  );
}

/**
 * A transaction whose errors are translated: those thrown by `work` pass untouched (they are
 * ours, or were translated where the statement ran); the rest came from BEGIN, COMMIT or getting
 * a connection.
 */
function translatingTransaction(
  kysely: Kysely<Database>,
  translate: (error: unknown) => unknown,
  txExecutor: (trx: Transaction<Database>) => Executor,
) {
  return async <T>(work: (tx: Executor) => Promise<T>): Promise<T> => {
    let failed = null as { error: unknown } | null;
    try {
      return await kysely.transaction().execute(async (trx) => {
        try {
          return await work(txExecutor(trx));
        } catch (error) {
          failed = { error };
          throw error;
        }
      });
    } catch (error) {
      // The work's own error wins over one from the ROLLBACK after it (a lost connection fails
      // both; the first says why).
      throw failed ? failed.error : translate(error);
    }
  };
}

function transactionExecutor(trx: Transaction<Database>, translate: (error: unknown) => unknown): Executor {
  return {
    async execute<R>(statement: Statement): Promise<QueryResult<R>> {
      try {
        const result = await trx.executeQuery<R>(CompiledQuery.raw(statement.sql, statement.parameters as unknown[]));
        // Kysely's connection has no array mode; an object's values keep the select order.
        const rows = statement.arrays ? (result.rows.map((row) => Object.values(row as object)) as R[]) : result.rows;
        return { rows, affected: Number(result.numAffectedRows ?? 0n) };
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

const forUpdateNever = <O>(query: SelectQueryBuilder<Database, any, O>) => query;
const forUpdateRows = <O>(query: SelectQueryBuilder<Database, any, O>, options?: { skipLocked?: boolean }) =>
  options?.skipLocked ? query.forUpdate().skipLocked() : query.forUpdate();

// --- SQLite --------------------------------------------------------------------------------

function createSqliteDb(config: DbConfig): Db {
  // Only the owner may read the database: it holds personal data. An in-memory database
  // (startRoster in roster/testing) needs no directory.
  if (config.sqlitePath !== MEMORY) ensureDataDir(config.dataDir);
  const raw = openSqlite(config.sqlitePath);
  const prepare = statementCache(raw);
  const kysely = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: { close: () => raw.close(), prepare } }),
  });
  const writer = createGroupCommit({ raw, prepare, translate: translateSqlite });
  // Reads that arrive while a batch holds the write transaction run on a read-only connection of
  // their own, which sees only committed data. An in-memory database has no second connection.
  const reader = config.sqlitePath === MEMORY ? null : openSqliteReader(config.sqlitePath);
  const prepareRead = reader ? statementCache(reader) : null;
  const readers = config.sqliteReaders ?? defaultReaders();
  const pool =
    config.sqlitePath === MEMORY || readers === 0
      ? null
      : createReaderPool({
          file: config.sqlitePath,
          size: readers,
          mmapSize: READER_MMAP_BYTES,
          translate: translateSqlite,
        });
  const root: Executor = {
    execute<R>(statement: Statement): Promise<QueryResult<R>> {
      const values = statement.parameters as unknown[];
      try {
        const prepared = prepare(statement.sql, statement.arrays);
        // A write (with RETURNING or not) joins the next batch of the writer.
        if (!prepared.readonly) return writer.transaction((tx) => tx.execute<R>(statement));
        // better-sqlite3 is synchronous: nothing interleaves with the statement.
        if (!writer.busy) return Promise.resolve({ rows: prepared.all(values) as R[], affected: 0 });
        if (prepareRead) {
          return Promise.resolve({
            rows: prepareRead(statement.sql, statement.arrays).all(values) as R[],
            affected: 0,
          });
        }
        return writer.transaction((tx) => tx.execute<R>(statement));
      } catch (error) {
        return Promise.reject(translateSqlite(error));
      }
    },
  };
  const db: Db = {
    kysely,
    engine: 'sqlite',
    root,
    reads: pool ?? root,
    transaction: (work) => writer.transaction(work),
    forUpdate: forUpdateNever,
    notify() {},
    async listen() {
      return async () => {};
    },
    async ping() {
      try {
        raw.prepare('select 1').get();
        return true;
      } catch {
        return false;
      }
    },
    describe: () => (config.sqlitePath === MEMORY ? 'SQLite in memory' : `SQLite ${config.sqlitePath}`),
    async close() {
      await writer.idle();
      await pool?.close();
      reader?.close();
      await kysely.destroy();
    },
  };
  rawOf.set(db, raw);
  return db;
}

// --- PostgreSQL ----------------------------------------------------------------------------

function createPostgresDb(config: DbConfig, options: DbOptions): Db {
  // int8 (BIGINT) holds epoch milliseconds, well inside the safe integer range.
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === 20
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const connectionString = config.databaseUrl as string;
  const pool = new pg.Pool({
    connectionString,
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
  // Server-side statement names, made once per statement rather than on every call.
  const names = new Map<string, string>();
  const serverName = (name: string) => {
    let named = names.get(name);
    if (named === undefined) names.set(name, (named = `roster_${name}`));
    return named;
  };
  const root: Executor = {
    async execute<R>(statement: Statement): Promise<QueryResult<R>> {
      const values = statement.parameters as unknown[];
      try {
        const result = await pool.query({
          text: statement.sql,
          values,
          ...(statement.name === undefined ? {} : { name: serverName(statement.name) }),
          ...(statement.arrays ? { rowMode: 'array' as const } : {}),
        });
        return { rows: result.rows as R[], affected: result.rowCount ?? 0 };
      } catch (error) {
        throw translatePostgres(error);
      }
    },
  };

  // NOTIFY after commit, coalesced per channel: other processes' runners wake at once instead of
  // at their next poll. Best effort: a lost notify only delays work until that poll.
  const pendingNotify = new Set<string>();
  let notifyTimer: NodeJS.Timeout | null = null;
  const flushNotify = () => {
    notifyTimer = null;
    for (const channel of pendingNotify) pool.query('select pg_notify($1, $2)', [channel, '']).catch(() => {});
    pendingNotify.clear();
  };

  const listeners = new Set<pg.Client>();

  return {
    kysely,
    engine: 'postgres',
    root,
    // The pool's connections already run statements side by side, in the server's processes.
    reads: root,
    transaction: translatingTransaction(kysely, translatePostgres, (trx) =>
      transactionExecutor(trx, translatePostgres),
    ),
    forUpdate: forUpdateRows,
    notify(channel) {
      pendingNotify.add(channel);
      notifyTimer ??= setTimeout(flushNotify, NOTIFY_COALESCE_MS);
    },
    /**
     * LISTEN on a connection of its own, outside the pool (a pooled connection would be handed to
     * other work). A lost connection is reopened after a pause; notifies sent meanwhile are missed,
     * which the listener's own polling covers.
     */
    async listen(channel, listener) {
      let stopped = false;
      let client: pg.Client | null = null;
      let retry: NodeJS.Timeout | null = null;
      const open = async () => {
        if (stopped) return;
        const next = new pg.Client({ connectionString, connectionTimeoutMillis: 2_000 });
        const reopen = () => {
          listeners.delete(next);
          next.end().catch(() => {});
          if (client === next) client = null;
          if (!stopped) retry = setTimeout(() => void open(), 1_000);
        };
        next.on('error', reopen);
        next.on('notification', (message) => {
          if (message.channel === channel) listener();
        });
        try {
          await next.connect();
          await next.query(`listen ${pg.escapeIdentifier(channel)}`);
          client = next;
          listeners.add(next);
          if (stopped) await next.end();
        } catch {
          reopen();
        }
      };
      await open();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        if (client) {
          listeners.delete(client);
          await client.end().catch(() => {});
        }
      };
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
    describe: () => `PostgreSQL ${redactDatabaseUrl(connectionString)}`,
    async close() {
      if (notifyTimer) {
        clearTimeout(notifyTimer);
        flushNotify();
      }
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await kysely.destroy();
    },
  };
}

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite. */
export function createDb(config: DbConfig, options: DbOptions = {}): Db {
  return config.databaseUrl === null ? createSqliteDb(config) : createPostgresDb(config, options);
}
