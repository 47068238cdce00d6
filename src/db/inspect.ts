// Which database a `roster` command works on, said before it does anything: every command names
// the database it opens, an unreachable PostgreSQL server is reported with the setting that points
// at it (never with its password), and only `serve` and `migrate` may create a new database, so
// an administration command run from the wrong directory cannot make keys nobody will ever use.
// It looks at the database directly, engine by engine, so it lives with the other engine code.
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { ensureDataDir } from './data-dir.js';

type DatabaseConfig = Pick<Config, 'databaseUrl' | 'sqlitePath' | 'dataDir'>;

/** The same as migrate.ts's migrationTableName: present once Roster has migrated a database. */
const MIGRATIONS_TABLE = 'roster_migrations';
/** The PostgreSQL pool gives up connecting after 2 s; the check waits as long, plus its query. */
const CONNECT_TIMEOUT_MS = 2_000;
const CHECK_TIMEOUT_MS = 5_000;

export class DatabaseCheckError extends Error {
  override name = 'DatabaseCheckError';
}

/** A PostgreSQL URL fit to print: the password, if any, is replaced by "***". */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    // Not parseable, so the password cannot be told apart: show only the scheme.
    return `${raw.split(':')[0]}://...`;
  }
}

/** One line naming the database, e.g. "SQLite database /srv/roster/data/roster.db". */
export function describeDatabase(config: DatabaseConfig): string {
  return config.databaseUrl === null
    ? `SQLite database ${config.sqlitePath} (ROSTER_DATA_DIR=${config.dataDir})`
    : `PostgreSQL database DATABASE_URL=${redactDatabaseUrl(config.databaseUrl)}`;
}

function connectionProblem(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  const code = e.code ?? e.errors?.find((inner) => inner.code)?.code;
  if (code && /^[A-Z]+$/.test(code)) return code; // a network errno: ECONNREFUSED, ENOTFOUND...
  if (/timeout/i.test(e.message ?? '')) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return code ? `${e.message} (${code})` : (e.message ?? String(error));
}

/** True when the PostgreSQL database has Roster's tables; throws when it cannot be reached. */
async function postgresIsMigrated(url: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  // A connection dropped after connect() emits 'error'; the pending call reports it.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect(), deadline]);
    const result = await Promise.race([
      client.query<{ migrated: boolean }>('select to_regclass($1) is not null as migrated', [MIGRATIONS_TABLE]),
      deadline,
    ]);
    return result.rows[0]?.migrated === true;
  } catch (error) {
    throw new DatabaseCheckError(
      `cannot connect to the database at DATABASE_URL=${redactDatabaseUrl(url)}: ${connectionProblem(error)}`,
    );
  } finally {
    clearTimeout(timer);
    client.end().catch(() => {});
  }
}

function sqliteIsMigrated(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const raw = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (
      raw.prepare('select 1 from sqlite_master where type = ? and name = ?').get('table', MIGRATIONS_TABLE) !==
      undefined
    );
  } finally {
    raw.close();
  }
}

/**
 * Checks the configured database before a command opens it. `mayCreate` (serve, migrate): the
 * data directory is created if missing, and a new database is fine. Otherwise the command refuses
 * a database Roster has never migrated (no SQLite file, or a PostgreSQL database without Roster's
 * tables), naming it and the setting that chooses another.
 */
export async function checkDatabase(config: DatabaseConfig, command: string, mayCreate: boolean): Promise<void> {
  if (config.databaseUrl === null) {
    if (mayCreate) {
      ensureDataDir(config.dataDir);
      return;
    }
    if (fs.existsSync(config.dataDir) && !fs.statSync(config.dataDir).isDirectory()) {
      throw new ConfigError(
        'ROSTER_DATA_DIR',
        `${config.dataDir} is a file, not a directory; point ROSTER_DATA_DIR at the server's data directory`,
      );
    }
    if (!sqliteIsMigrated(config.sqlitePath)) {
      throw new DatabaseCheckError(
        `there is no Roster database at ${config.sqlitePath}, and roster ${command} does not create one. ` +
          'The data directory is ROSTER_DATA_DIR, or ./data in the current directory when it is unset: ' +
          "run this command from the directory the server was started in, or set ROSTER_DATA_DIR to the server's. " +
          'To start afresh, run the server once (npm start) or roster migrate first.',
      );
    }
    return;
  }
  const migrated = await postgresIsMigrated(config.databaseUrl);
  if (!migrated && !mayCreate) {
    throw new DatabaseCheckError(
      `the database at DATABASE_URL=${redactDatabaseUrl(config.databaseUrl)} has no Roster tables, ` +
        `and roster ${command} does not create them. Set DATABASE_URL to the server's database, ` +
        'or run roster migrate (or the server once) against this one first.',
    );
  }
}
