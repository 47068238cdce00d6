// @ts-check
// Scale mode: the same reads on 10,000 end users and on --scale-count (1,000,000 by default),
// loaded straight through the store, and one timed sweep of expired users under get-by-id load.
import { loadSettings } from '../drive.mjs';
import { prepareEngine } from '../engines.mjs';
import { seedExternalId } from '../fixtures.mjs';
import { seedUsers } from '../loader.mjs';
import { log, machine, writeResults } from '../report.mjs';
import { requestMakers } from '../scenarios.mjs';
import { SCALE_SCENARIOS, measureReads } from './reads.mjs';
import { printEngine } from './report.mjs';
import { timedSweep } from './sweep.mjs';
/** @import { Dist, Engine, EngineName, OnCleanup } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { ScaleLabel } from './reads.mjs' */

/** One engine's figures at both sizes and its sweep. @typedef {Awaited<ReturnType<typeof scaleEngine>>} ScaleEngine */

/**
 * Adds users to `ids`, numbered from ids.length up to `to` (exclusive); returns the load's seconds.
 * @param {Dist} dist
 * @param {Engine} engine
 * @param {string[]} ids
 * @param {number} to
 */
async function grow(dist, engine, ids, to) {
  const { ids: added, seconds } = await seedUsers(dist, engine, {
    count: to - ids.length,
    firstIndex: ids.length,
    label: `users ${ids.length.toLocaleString('en-US')}..${to.toLocaleString('en-US')}`,
  });
  for (const id of added) ids.push(id);
  return seconds;
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 */
async function scaleEngine(options, dist, name, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  /** @type {string[]} */
  const ids = [];
  const small = Math.min(options.seedCount, options.scaleCount);
  log(`${name}: loading ${small.toLocaleString('en-US')} end users`);
  await grow(dist, engine, ids, small);
  const smallResults = await measureReads(options, engine, ids);

  log(`${name}: loading up to ${options.scaleCount.toLocaleString('en-US')} end users`);
  const loadSeconds = await grow(dist, engine, ids, options.scaleCount);
  const largeResults = await measureReads(options, engine, ids);

  log(`${name}: timed sweep of ${options.sweepCount.toLocaleString('en-US')} expired end users under get-by-id load`);
  const sweep = await timedSweep({
    dist,
    engine,
    count: options.sweepCount,
    make: requestMakers({ ids, externalId: seedExternalId }).get,
    connections: options.connections,
    warmupSec: options.warmupSec,
    baselineSec: options.durationSec,
    cpuProfDir: options.cpuProfDir,
  });
  const ratios = /** @type {Record<ScaleLabel, number>} */ (
    Object.fromEntries(SCALE_SCENARIOS.map(([label]) => [label, largeResults[label].rps / smallResults[label].rps]))
  );
  return {
    smallUsers: small,
    largeUsers: options.scaleCount,
    loadSeconds,
    loadRowsPerSecond: (options.scaleCount - small) / Math.max(0.001, loadSeconds),
    small: smallResults,
    large: largeResults,
    ratios,
    sweep,
  };
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runScale(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --scale: ${options.scaleCount.toLocaleString('en-US')} users, ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured`,
  );
  /** @type {Record<string, ScaleEngine>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await scaleEngine(options, dist, name, onCleanup);
  for (const [name, e] of Object.entries(engines)) printEngine(name, e);
  const doc = {
    kind: 'roster-bench-scale',
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      ...loadSettings(options),
      scaleCount: options.scaleCount,
      sweepCount: options.sweepCount,
    },
    engines,
  };
  const files = writeResults(doc, { save: options.save, suffix: '-scale' });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
}
