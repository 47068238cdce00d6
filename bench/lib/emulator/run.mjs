// @ts-check
// Emulator mode (`--emulator`): what Roster as a test double costs a test suite. startRoster()
// from roster/testing (in-process, in-memory SQLite) is started 20 times; a seed of 1,000 end
// users is timed ten times, filling the store to 10,000; reset() is timed with those 10,000
// stored. For comparison, `roster serve` is spawned as a process on a fresh data directory until
// it answers /readyz, the way a suite without roster/testing has to start it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, rosterEnv, startRoster as spawnRoster } from '../processes.mjs';
import { log } from '../report.mjs';

const STARTS = 20;
const SPAWNS = 10;
const SEED = 1_000;
const STORED = 10_000;

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** @param {number[]} values */
const summary = (values) =>
  `median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)} (n=${values.length})`;

/** @param {() => Promise<unknown>} fn */
async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function runEmulator() {
  /** @type {{ startRoster: (options?: object) => Promise<any> }} */
  const testing = await import(pathToFileURL(path.join(ROOT, 'dist', 'testing', 'index.js')).href);

  /** @type {number[]} */
  const starts = [];
  for (let i = 0; i < STARTS; i++) {
    /** @type {any} */
    let roster;
    starts.push(await timed(async () => (roster = await testing.startRoster())));
    await roster.close();
  }
  log(`startRoster(), ready: ${summary(starts)}`);

  const roster = await testing.startRoster();
  /** @type {number[]} */
  const seeds = [];
  for (let round = 0; round < STORED / SEED; round++) {
    const users = Array.from({ length: SEED }, (_, i) => ({ external_id: `bench-${round}-${i}` }));
    seeds.push(await timed(() => roster.seed({ end_users: users })));
  }
  log(`seed of ${SEED} end users: ${summary(seeds)}`);
  const reset = await timed(() => roster.reset());
  log(`reset() with ${STORED} end users stored: ${reset.toFixed(1)} ms`);
  await roster.close();

  /** @type {number[]} */
  const spawns = [];
  for (let i = 0; i < SPAWNS; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-emulator-'));
    try {
      /** @type {any} */
      let server;
      spawns.push(
        await timed(
          async () =>
            (server = await spawnRoster(
              rosterEnv({ ROSTER_DATA_DIR: dir, ROSTER_EMULATOR: 'on', ROSTER_API_KEY: 'bench-key-0123456789abcdef' }),
            )),
        ),
      );
      await server.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  log(`roster serve spawned as a process, until /readyz answers: ${summary(spawns)}`);
}
