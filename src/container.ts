// The one wiring place: opens the database, builds the keyring, the unit of work and the jobs
// runner, then builds every module of src/modules/index.ts in order. The server, the worker, the
// CLI, the tests and the benchmarks all start here.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Migration } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { TSchema } from 'typebox';
import type { Config } from './config.js';
import { ensureDataDir } from './db/data-dir.js';
import { createDb, keepMemoryImage, type Db } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { migrations as platformMigrations } from './db/migrations/index.js';
import { registerJobMetrics } from './jobs/jobs.metrics.js';
import { createRunner, type Runner } from './jobs/jobs.runner.js';
import { createJobsStore, type JobsStore } from './jobs/jobs.store.js';
import { createEmulator, type Emulator } from './emulator/emulator.js';
import { controllableClock, systemClock, type Clock, type ControllableClock } from './lib/clock.js';
import { createKeyring, encryptionKeyFrom, type Keyring } from './lib/crypto.js';
import { MODULES } from './modules/index.js';
import type { EventDefinition } from './platform/events.js';
import type {
  BuiltModule,
  Logger,
  ModuleManifest,
  ModuleName,
  ModuleRegistry,
  Platform,
  RateFamily,
} from './platform/manifest.js';
import { createUnitOfWork, type UnitOfWork } from './platform/unit-of-work.js';

export const KEY_FILE_NAME = 'encryption.key';

/** Log fields that must never be written: credentials and anything sensitive. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  '*.sensitive_metadata',
  '*.*.sensitive_metadata',
  '*.*.*.sensitive_metadata',
  'body',
  'req.body',
];

/** PostgreSQL connections of a jobs runner with connections of its own. */
const RUNNER_POOL_SIZE = 8;

/**
 * Without ROSTER_ENCRYPTION_KEY (allowed only on the embedded database), the key is generated once
 * into the data directory (mode 0600) and read back on later starts, so a zero-setup start still
 * encrypts at rest.
 */
export function resolveEncryptionKey(config: Pick<Config, 'encryptionKey' | 'dataDir'>): Buffer {
  if (config.encryptionKey) return config.encryptionKey;
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  ensureDataDir(config.dataDir);
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${file} does not hold a base64 32-byte key; restore it or remove it together with the database`);
  return key;
}

/** Every migration, the platform's and the modules', by name (names sort into one order). */
export function allMigrations(modules: readonly ModuleManifest[] = MODULES): Record<string, Migration> {
  const all: Record<string, Migration> = { ...platformMigrations };
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (all[name]) throw new Error(`migration ${name} is defined twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** A built module with its manifest, for the app to mount. */
export interface MountedModule {
  manifest: ModuleManifest;
  built: BuiltModule<unknown>;
}

export interface Jobs {
  runner: Runner;
  store: JobsStore;
  /** Starts the runner in this process (serve, unless ROSTER_WORKER=off; worker). */
  start(): Promise<void>;
  /** Stops it, letting jobs in flight finish for up to graceMs. */
  stop(graceMs?: number): Promise<void>;
  /** Runs every job due now (tests and tools). */
  drain(kind?: string): Promise<void>;
}

export interface Container {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  keyring: Keyring;
  redis: Redis | null;
  log: Logger;
  metrics: Registry;
  units: UnitOfWork;
  jobs: Jobs;
  /** What each module exports, by name. */
  modules: ModuleRegistry;
  mounted: readonly MountedModule[];
  rateFamilies: readonly RateFamily[];
  /** Schemas with an $id that routes refer to. */
  schemas: readonly TSchema[];
  eventTypes: readonly EventDefinition[];
  /** The test-double mode's state (ROSTER_EMULATOR=on), or null. */
  emulator: Emulator | null;
  /** Every module forgets these end users, inside the unit (Platform.forget). */
  forget: Platform['forget'];
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** In the emulator mode, a controllable clock (one is made when none is given). */
  clock?: Clock;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connect to Redis when REDIS_URL is set (default true; the CLI does not need it). */
  redis?: boolean;
  /** Where background work logs; a pino logger at LOG_LEVEL by default. */
  log?: Logger;
  /**
   * Give the jobs runner database connections of its own (default false). On PostgreSQL a
   * runner inside `roster serve` would otherwise queue for the pool behind every API request, so
   * a busy API would starve background work. They commit without waiting for the WAL flush: every
   * effect of a job commits together with the job's own bookkeeping, so a database crash can only
   * make a job run again. SQLite has one connection, shared.
   */
  runnerConnections?: boolean;
}

function asControllable(clock: Clock): ControllableClock {
  if ('advance' in clock && 'freeze' in clock) return clock as ControllableClock;
  throw new Error('the emulator mode needs a controllable clock (lib/clock.ts controllableClock)');
}

export async function createContainer(config: Readonly<Config>, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? (config.emulator.enabled ? controllableClock() : systemClock);
  const emulator = config.emulator.enabled ? createEmulator(config, asControllable(clock)) : null;
  const keyring = createKeyring(
    encryptionKeyFrom(resolveEncryptionKey(config)),
    config.previousEncryptionKeys.map(encryptionKeyFrom),
  );
  const db = createDb(config);
  try {
    if (options.migrate ?? true) {
      await migrateToLatest(db, allMigrations());
      keepMemoryImage(db);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const redis =
    config.redisUrl && (options.redis ?? true)
      ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : null;
  redis?.on('error', () => {});
  const log: Logger =
    options.log ?? pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  const metrics = new Registry();

  // The runner's side: its own connections when asked (see ContainerOptions), else the API's.
  const runnerDb =
    options.runnerConnections && config.databaseUrl !== null
      ? createDb({ ...config, databasePoolSize: RUNNER_POOL_SIZE }, { asyncCommit: true })
      : db;
  const runnerStore = createJobsStore(runnerDb);
  const store = runnerDb === db ? runnerStore : createJobsStore(db);
  const job = registerJobMetrics(metrics, store, clock);
  // The runner and the units of work need each other: units queue jobs on the runner's kinds and
  // wake it; the runner settles jobs in units. The queue object breaks the knot.
  let runner: Runner | null = null;
  const queue = {
    accepts: (kind: string) => runner?.accepts(kind) ?? false,
    insert: store.insert,
    resumeGroup: store.resumeGroup,
    deleteGroup: store.deleteGroup,
    committed: (kinds: ReadonlySet<string>) => runner?.committed(kinds),
  };
  const units = createUnitOfWork({ db, clock, queue });
  const runnerUnits = runnerDb === db ? units : createUnitOfWork({ db: runnerDb, clock, queue });
  runner = createRunner({
    db: runnerDb,
    store: runnerStore,
    units: runnerUnits,
    clock,
    pollIntervalMs: config.jobs.pollIntervalMs,
    onError: (error, context) => log.error({ err: error, ...context }, 'job failed unexpectedly'),
    onSettled: job.settled,
  });
  runner.define({
    kind: 'jobs.purge_dead',
    concurrency: 1,
    leaseMs: 5 * 60_000,
    every: 60 * 60_000,
    backoff: () => 60_000,
    async run() {
      while ((await store.purgeDead(clock.now() - config.jobs.deadRetentionMs, 500)) === 500);
    },
  });

  const registry = new Map<string, unknown>();
  const eventTypes: EventDefinition[] = MODULES.flatMap((m) => m.events ?? []);
  const platform: Platform = {
    config,
    db,
    clock,
    keyring,
    units,
    jobs: store,
    log,
    metrics,
    eventTypes: () => eventTypes,
    jobKinds: () => (runner?.definitions() ?? []).map((d) => d.kind),
    testDouble: emulator?.hooks ?? null,
    async forget(unit, agentId, endUserIds) {
      // Later modules first: their rows point at the earlier modules' (conversations at end users).
      for (const { built } of [...mounted].reverse()) await built.forget?.(unit, agentId, endUserIds);
    },
  };
  const mounted: MountedModule[] = [];
  for (const manifest of MODULES) {
    const built: BuiltModule<unknown> = manifest.build({
      ...platform,
      use<K extends ModuleName>(name: K): ModuleRegistry[K] {
        if (!registry.has(name)) throw new Error(`module ${manifest.name} uses ${name}, which is not built before it`);
        return registry.get(name) as ModuleRegistry[K];
      },
    });
    registry.set(manifest.name, built.exports);
    for (const definition of built.jobs ?? []) runner.define(definition);
    for (const sink of built.sinks ?? []) {
      units.addSink(sink);
      if (runnerUnits !== units) runnerUnits.addSink(sink);
    }
    for (const hook of built.changeHooks ?? []) {
      units.addChangeHook(hook);
      if (runnerUnits !== units) runnerUnits.addChangeHook(hook);
    }
    mounted.push({ manifest, built });
  }
  const families = new Map<string, RateFamily>();
  for (const { manifest } of mounted) {
    for (const family of [manifest.rateFamily, ...(manifest.rateFamilies ?? [])]) {
      if (family) families.set(family.name, family);
    }
  }

  const startedRunner = runner;
  let running = false;
  const jobs: Jobs = {
    runner: startedRunner,
    store,
    async start() {
      running = true;
      await startedRunner.start();
    },
    async stop(graceMs) {
      if (!running) return;
      running = false;
      await startedRunner.stop(graceMs);
    },
    drain: (kind) => startedRunner.drain(kind),
  };

  return {
    config,
    db,
    clock,
    keyring,
    redis,
    log,
    metrics,
    units,
    jobs,
    modules: Object.fromEntries(registry) as unknown as ModuleRegistry,
    mounted,
    rateFamilies: [...families.values()],
    schemas: MODULES.flatMap((m) => m.schemas ?? []),
    eventTypes,
    emulator,
    forget: platform.forget,
    async close() {
      await jobs.stop(Math.min(5_000, config.shutdownTimeoutMs));
      for (const { built } of [...mounted].reverse()) await built.close?.();
      redis?.disconnect();
      if (runnerDb !== db) await runnerDb.close();
      await db.close();
    },
  };
}
