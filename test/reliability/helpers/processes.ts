// Real Roster processes for the reliability suites: `node dist/main.js serve` on a free loopback
// port, ready once /readyz answers 200, with a bounded tail of its output. Every process started
// here is remembered, so a suite's afterAll can SIGKILL whatever a failed test left running.
// Also: an HTTP client with a hard timeout on every request, direct reads of what the database
// holds (SQLite file or PostgreSQL), and the one-line figures the suites print for the docs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ROOT, build, freePort, sleep } from '../../helpers/cli.js';
import { TEST_ENCRYPTION_KEY, type EngineName, type TestDatabase } from '../../helpers/harness.js';

export { build, sleep };

const MAIN = path.join(ROOT, 'dist', 'main.js');
const OUTPUT_TAIL = 32 * 1024;

export type Env = Record<string, string>;

export interface RosterProcess {
  url: string;
  child: ChildProcess;
  /** The last few KiB the process wrote (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code, or the signal that ended the process. */
  exited: Promise<number | string | null>;
  isRunning(): boolean;
}

const running = new Set<RosterProcess>();

/** A bootstrap key (ROSTER_API_KEY) in the format Roster generates. */
export function newApiKey(): string {
  return `roster_${randomBytes(32).toString('base64url')}`;
}

/** Environment for `roster serve` on this test database: quiet logs, limits off unless overridden. */
export function rosterEnv(engine: EngineName, database: TestDatabase, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'warn',
    ROSTER_RATE_LIMITS: 'off',
    ...database.env,
    ...(engine === 'postgres' ? { ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } : {}),
    ...extra,
  };
}

function launch(env: Env, port: number): RosterProcess {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    cwd: os.tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let alive = true;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      alive = false;
      resolve(code ?? signal);
    }),
  );
  const proc: RosterProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited,
    isRunning: () => alive,
  };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

/** Starts `roster serve` and waits (at most timeoutMs) until /readyz answers 200. */
export async function startRoster(env: Env, timeoutMs = 45_000): Promise<RosterProcess> {
  for (let attempt = 1; ; attempt++) {
    const proc = launch(env, await freePort());
    const deadline = Date.now() + timeoutMs;
    while (proc.isRunning() && Date.now() < deadline) {
      try {
        const res = await fetch(`${proc.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return proc;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    if (proc.isRunning()) await kill(proc, 'SIGKILL');
    const out = proc.output();
    // Another process may take the probed port before Roster binds it: try another port.
    if (attempt < 3 && out.includes('EADDRINUSE')) continue;
    throw new Error(
      `roster serve did not become ready within ${timeoutMs} ms (exit ${String(await proc.exited)}):\n${out}`,
    );
  }
}

/** Sends a signal and waits (bounded) for the exit; escalates to SIGKILL if it does not come. */
export async function kill(
  proc: RosterProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 15_000,
): Promise<number | string | null> {
  if (!proc.isRunning()) return proc.exited;
  proc.child.kill(signal);
  const timedOut = Symbol('timeout');
  const result = await Promise.race([proc.exited, sleep(timeoutMs).then(() => timedOut)]);
  if (result !== timedOut) return result as number | string | null;
  proc.child.kill('SIGKILL');
  await Promise.race([proc.exited, sleep(5_000)]);
  throw new Error(`roster (pid ${proc.child.pid}) did not exit within ${timeoutMs} ms of ${signal}:\n${proc.output()}`);
}

/** SIGKILLs every Roster process started here that is still running. */
export async function killAllRoster(): Promise<void> {
  await Promise.allSettled([...running].map((proc) => kill(proc, 'SIGKILL', 5_000)));
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  raw: string;
}

/** One request with a hard timeout; network failures reject. */
export async function call(
  base: string,
  method: string,
  url: string,
  key: string,
  body?: unknown,
  timeoutMs = 20_000,
): Promise<Reply> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const raw = await res.text();
  let parsed: unknown = raw;
  try {
    parsed = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, headers: res.headers, body: parsed, raw };
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inBatches<T, R>(
  items: T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Rejects when `promise` has not settled within ms. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Reads straight from the database, bypassing Roster. SQL uses `?` placeholders (rewritten to
 * $1.. for PostgreSQL). The SQLite file is opened read-write so WAL recovery can run if needed.
 */
export async function queryRows<T = Record<string, unknown>>(
  engine: EngineName,
  database: TestDatabase,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (engine === 'sqlite') {
    const db = new SQLite(database.location, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const client = new pg.Client({
    connectionString: database.location,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
  });
  await client.connect();
  try {
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs a statement that returns no rows (an INSERT, say), straight on the database, as queryRows does. */
export async function executeSql(
  engine: EngineName,
  database: TestDatabase,
  text: string,
  params: unknown[] = [],
): Promise<void> {
  if (engine === 'sqlite') {
    const db = new SQLite(database.location, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare(text).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  await queryRows(engine, database, text, params);
}

/** The id of the agent ROSTER_API_KEY bootstraps ("default"). */
export async function defaultAgentId(engine: EngineName, database: TestDatabase): Promise<string> {
  const rows = await queryRows<{ id: string }>(engine, database, "SELECT id FROM agents WHERE handle = 'default'");
  if (rows.length !== 1) throw new Error(`expected one "default" agent, found ${rows.length}`);
  return (rows[0] as { id: string }).id;
}

/** Prints one clearly marked line of figures for docs/reliability.md. */
export function figures(test: string, data: Record<string, unknown>): void {
  process.stdout.write(`RELIABILITY-FIGURES ${test} ${JSON.stringify(data)}\n`);
}

/** Tallies values: { "201": 1, "200": 199 }. */
export function tally(values: Array<string | number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

/**
 * Polls `check` until it returns a truthy value (returned) or `ms` pass (an error naming `what`).
 * With `retryErrors`, a check that throws (a keep-alive connection reset by a killed server) is
 * tried again; its last error is named if time runs out.
 */
export async function until<T>(
  what: string,
  ms: number,
  check: () => Promise<T | undefined | false>,
  { intervalMs = 100, retryErrors = false }: { intervalMs?: number; retryErrors?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    const value = retryErrors
      ? await check().catch((error: unknown) => {
          last = error;
          return false as const;
        })
      : await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${ms} ms${retryErrors ? ` (last error: ${String(last)})` : ''}`);
    }
    await sleep(intervalMs);
  }
}
