// Integration test harness: a real Roster app on a real database, fresh for each suite.
// SQLite gets a temporary directory; PostgreSQL gets a database of its own, dropped afterwards, on
// the server the global setup chose for the run (test/global-setup.ts).
// Every integration suite runs once per engine in ENGINES.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { controllableClock, manualClock, type ControllableClock } from '../../src/lib/clock.js';
import { conformanceChecker } from './openapi-conformance.js';
import { LOCAL_PG_URL, LOCAL_REDIS_URL, enginesUnderTest, type ChosenServer, type EngineName } from './test-env.js';

export type { EngineName };

/** Engines under test: ROSTER_TEST_ENGINES=sqlite,postgres (both by default). */
export const ENGINES: EngineName[] = enginesUnderTest();

// Chosen once for the run by test/global-setup.ts. It provides nothing to a run of the unit
// project alone; should a file there import this one, the environment as it stands applies.
const chosenPostgres: ChosenServer = inject('rosterTestPostgres') ?? {
  url: process.env.ROSTER_TEST_PG_URL || LOCAL_PG_URL,
  missing: null,
};
const chosenRedis: ChosenServer = inject('rosterTestRedis') ?? {
  url: process.env.ROSTER_TEST_REDIS_URL || LOCAL_REDIS_URL,
  missing: null,
};

/** The PostgreSQL server the tests create and drop databases on (an unusable URL when there is none). */
export const PG_ADMIN_URL = chosenPostgres.url ?? LOCAL_PG_URL;

/** The Redis of this run, or null when there is none (the suites that need it are skipped). */
export const REDIS_URL: string | null = chosenRedis.url;
/** Why there is no Redis, in one line; null when there is one. */
export const REDIS_MISSING: string | null = chosenRedis.missing;

/** For describe.skipIf: true, after printing one line naming what is missing, when the run has no Redis. */
export function withoutRedis(suite: string): boolean {
  if (REDIS_URL) return false;
  console.log(`skipped, ${suite}: ${REDIS_MISSING}`);
  return true;
}

/** Thrown where a PostgreSQL suite needs the server and there is none: one line, no connect stack. */
export class PostgresMissing extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PostgresMissing';
    this.stack = `${this.name}: ${this.message}`;
  }
}

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestDatabase {
  env: Record<string, string>;
  /** The SQLite file or the PostgreSQL URL. */
  location: string;
  drop(): Promise<void>;
}

/** Creates an empty database for one suite and returns the environment that points at it. */
export async function createTestDatabase(engine: EngineName): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-'));
    return {
      env: { ROSTER_DATA_DIR: dir },
      location: path.join(dir, 'roster.db'),
      async drop() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (chosenPostgres.missing) throw new PostgresMissing(chosenPostgres.missing);
  const name = `roster_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-'));
  return {
    env: { DATABASE_URL: url.toString(), ROSTER_DATA_DIR: dir },
    location: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: T;
  raw: string;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  payload?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestContext {
  engine: EngineName;
  app: FastifyInstance;
  container: Container;
  /** Runs with real time unless the context asked for a manual clock; either way a test may set or advance it. */
  clock: ControllableClock;
  database: TestDatabase;
  /** Agent "alpha" and its key; agent "beta" and its key (tenant isolation). */
  keyA: string;
  keyB: string;
  agentA: string;
  agentB: string;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Extra environment (for example ROSTER_RATE_LIMITS=on). Rate limits are off unless given. */
  env?: Record<string, string>;
  /** Use a clock the test moves by hand (ctx.clock.advance). */
  manualClock?: boolean;
  app?: BuildAppOptions;
}

export async function createTestContext(engine: EngineName, options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ROSTER_RATE_LIMITS: 'off',
    ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...database.env,
    ...options.env,
  });
  const clock = options.manualClock ? manualClock(Date.now()) : controllableClock();
  const container = await createContainer(config, { clock });
  const app = await buildApp(container, options.app ?? { logger: false });
  await app.ready();
  const a = await container.modules.agents.service.createKey('alpha');
  const b = await container.modules.agents.service.createKey('beta');
  const conformance = await conformanceChecker(app);

  const request = async (method: string, url: string, opts: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? a.secret : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let payload = opts.payload;
    if (payload === undefined && opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      // Not JSON (metrics, docs): leave the text.
    }
    conformance.check(method, url, res.statusCode, body);
    return { status: res.statusCode, headers: res.headers, body, raw: res.body };
  };

  return {
    engine,
    app,
    container,
    clock,
    database,
    keyA: a.secret,
    keyB: b.secret,
    agentA: a.agent.id,
    agentB: b.agent.id,
    request,
    async close() {
      await app.close();
      await container.close();
      await database.drop();
    },
  };
}

/** Asserts the error envelope and returns its single error. */
export function expectError(res: ApiResponse, status: number, type: string) {
  if (res.status !== status) throw new Error(`expected ${status} ${type}, got ${res.status}: ${res.raw}`);
  const errors = res.body?.errors;
  if (!Array.isArray(errors) || errors.length !== 1) throw new Error(`not an error envelope: ${res.raw}`);
  const [error] = errors;
  if (error.type !== type) throw new Error(`expected type ${type}, got ${error.type}: ${res.raw}`);
  if (typeof error.message !== 'string' || !('details' in error)) throw new Error(`malformed error: ${res.raw}`);
  return error as { type: string; message: string; details: any };
}
