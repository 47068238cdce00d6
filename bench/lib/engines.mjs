// @ts-check
// Databases for a run: a temporary SQLite data directory, or a fresh PostgreSQL database created
// next to the one DATABASE_URL names and dropped afterwards. Also opens Roster's own container
// (from dist/) in this process, so seeding goes through the same Kysely instance the app uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ROOT, rosterEnv } from './processes.mjs';

/** @typedef {'sqlite' | 'postgres'} EngineName */

/**
 * Roster's compiled modules, typed from their sources: the type check then fails when a change in
 * src/ would break the bench at run time.
 * @typedef {object} Dist
 * @property {typeof import('../../src/config.js').loadConfig} loadConfig
 * @property {typeof import('../../src/container.js').createContainer} createContainer
 * @property {typeof import('../../src/lib/ids.js').newId} newId
 * @property {typeof import('../../src/server.js').DEFAULT_AGENT} DEFAULT_AGENT
 */

/**
 * One engine's database for a run; env is what the Roster child gets (and what this process
 * passes to loadConfig when it opens the container).
 * @typedef {object} Engine
 * @property {EngineName} name
 * @property {string} apiKey
 * @property {Record<string, string | undefined>} env
 * @property {string} [database] the PostgreSQL database created for the run
 * @property {() => Promise<void>} cleanup
 */

/** @typedef {Awaited<ReturnType<typeof openContainer>>} Opened */
/** Roster's Kysely instance, typed with its schema. @typedef {Opened['kysely']} RosterDb */
/** Registers work to do when the run ends, however it ends. @typedef {(fn: () => unknown) => void} OnCleanup */

/** @param {string} file */
const distModule = (file) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);

/**
 * Roster's compiled modules; imported only after the build has run.
 * @returns {Promise<Dist>}
 */
export async function loadDist() {
  const [{ loadConfig }, { createContainer }, { newId }, { DEFAULT_AGENT }] = await Promise.all([
    distModule('config.js'),
    distModule('container.js'),
    distModule('lib/ids.js'),
    distModule('server.js'),
  ]);
  return { loadConfig, createContainer, newId, DEFAULT_AGENT };
}

/**
 * @param {string} adminUrl
 * @param {string} text
 */
async function adminQuery(adminUrl, text) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Prepares one engine: an empty database and the environment of a Roster child using it.
 * @param {EngineName} name
 * @returns {Promise<Engine>}
 */
export async function prepareEngine(name) {
  const apiKey = `rbench_${randomBytes(24).toString('base64url')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (name === 'sqlite') {
    return {
      name,
      apiKey,
      env: rosterEnv({ ROSTER_DATA_DIR: dataDir, ROSTER_API_KEY: apiKey }),
      cleanup: async () => removeDir(),
    };
  }

  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('PostgreSQL needs DATABASE_URL');
  const database = `roster_bench_${Date.now().toString(36)}_${process.pid}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const env = rosterEnv({
    DATABASE_URL: url.toString(),
    ROSTER_ENCRYPTION_KEY: process.env.ROSTER_ENCRYPTION_KEY || randomBytes(32).toString('base64'),
    ROSTER_DATA_DIR: dataDir,
    ROSTER_API_KEY: apiKey,
  });
  return {
    name,
    apiKey,
    env,
    database,
    async cleanup() {
      removeDir();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

/**
 * Opens Roster's container on the engine's database (migrating it) and makes sure the run's API
 * key exists for the default agent, exactly as `serve` would at start-up.
 * @param {Dist} dist
 * @param {Engine} engine
 */
export async function openContainer(dist, engine) {
  const container = await dist.createContainer(dist.loadConfig(engine.env), { redis: false });
  const { agent } = await container.modules.agents.service.ensureKey(
    dist.DEFAULT_AGENT,
    engine.apiKey,
    'ROSTER_API_KEY',
  );
  return { container, kysely: container.db.kysely, agentId: agent.id };
}
