// @ts-check
// The standard run: the ceiling, then Roster on each engine, over every scenario; tables on
// stdout, progress on stderr, JSON under bench/results/.
import { prepareEngine } from './engines.mjs';
import { PAGE_SIZE, seedExternalId } from './fixtures.mjs';
import { seedUsers } from './loader.mjs';
import { fire, loadSettings, measure, probe } from './drive.mjs';
import { startCeiling, startRoster } from './processes.mjs';
import { brief, checkTargets, ceilingTable, engineTable, log, machine, writeResults } from './report.mjs';
import { SCENARIOS, requestMakers, scenarioRequest, syntheticPool } from './scenarios.mjs';
/** @import { Measured } from './drive.mjs' */
/** @import { Dist, EngineName, OnCleanup } from './engines.mjs' */
/** @import { Options } from './options.mjs' */
/** @import { EngineRow } from './report.mjs' */
/** @import { Makers } from './scenarios.mjs' */

/** @typedef {Awaited<ReturnType<typeof runCeiling>>} CeilingRun */

/**
 * Body sizes of a single user and of a page, to compare Roster's with the ceiling's.
 * @param {string} url
 * @param {string} apiKey
 * @param {Makers} makers
 */
async function bodySizes(url, apiKey, makers) {
  return { get: await probe(url, apiKey, makers.get), list: await probe(url, apiKey, makers.list) };
}

/** @param {Options} options */
async function runCeiling(options) {
  const ceiling = await startCeiling();
  try {
    const makers = requestMakers(syntheticPool(options.seedCount));
    await warmServer(options, ceiling.url, 'none', makers);
    /** @type {Record<string, Measured>} */
    const results = {};
    for (const name of options.scenarios) {
      const make = scenarioRequest(makers, name);
      await probe(ceiling.url, 'none', make);
      const r = await measure({
        ...loadSettings(options),
        url: ceiling.url,
        apiKey: 'none',
        make,
        pid: ceiling.pid,
      });
      results[name] = r;
      log(`  ceiling ${name.padEnd(7)} ${brief(r)}`);
    }
    return { results, bodyBytes: await bodySizes(ceiling.url, 'none', makers) };
  } finally {
    await ceiling.stop();
  }
}

/**
 * Once per server, before its first scenario: every route under load for a few seconds, so JIT,
 * connection pools and caches are warm for whichever scenario happens to come first.
 * @param {Options} options
 * @param {string} url
 * @param {string} apiKey
 * @param {Makers} makers
 */
async function warmServer(options, url, apiKey, makers) {
  await fire({
    url,
    apiKey,
    make: scenarioRequest(makers, 'mix'),
    connections: options.connections,
    seconds: Math.max(2, options.warmupSec),
  });
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {CeilingRun} ceiling
 * @param {OnCleanup} onCleanup
 */
async function runEngine(options, dist, name, ceiling, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  log(`${name}: seeding ${options.seedCount.toLocaleString('en-US')} end users`);
  const { ids, seconds: seedSeconds } = await seedUsers(dist, engine, { count: options.seedCount, label: 'seeding' });
  const makers = requestMakers({ ids, externalId: seedExternalId });
  /** @type {Record<string, { results: Record<string, EngineRow>, bodyBytes: { get: number, list: number }, seedSeconds: number }>} */
  const runs = {};
  // One server per log level: at info Roster writes one line per request, at warn none.
  for (const level of options.logLevels) {
    const label = level === 'info' ? name : `${name}, LOG_LEVEL=${level}`;
    const server = await startRoster({ ...engine.env, LOG_LEVEL: level }, { cpuProfDir: options.cpuProfDir });
    try {
      const bodyBytes = await bodySizes(server.url, engine.apiKey, makers);
      await warmServer(options, server.url, engine.apiKey, makers);
      /** @type {Record<string, EngineRow>} */
      const results = {};
      for (const scenario of options.scenarios) {
        const make = scenarioRequest(makers, scenario);
        await probe(server.url, engine.apiKey, make);
        const r = await measure({
          ...loadSettings(options),
          url: server.url,
          apiKey: engine.apiKey,
          make,
          pid: server.pid,
        });
        const ceilingRps = ceiling.results[scenario]?.rps ?? null;
        const measured = { ...r, ceilingRps, ratio: ceilingRps ? r.rps / ceilingRps : null };
        // The targets are set for logging at info.
        const row = { ...measured, misses: level === 'info' ? checkTargets(name, scenario, measured) : [] };
        results[scenario] = row;
        log(`  ${label} ${scenario.padEnd(7)} ${brief(row)}, ${row.ratio?.toFixed(2)} x ceiling`);
      }
      runs[label] = { results, bodyBytes, seedSeconds };
    } finally {
      await server.stop();
    }
  }
  return runs;
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runStandard(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench: ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured per scenario`,
  );
  log('ceiling: bare node:http server with canned answers');
  const ceiling = await runCeiling(options);
  /** @type {Awaited<ReturnType<typeof runEngine>>} */
  const engines = {};
  for (const name of options.engines) Object.assign(engines, await runEngine(options, dist, name, ceiling, onCleanup));

  process.stdout.write(`\n${ceilingTable(ceiling.results)}\n`);
  for (const [name, e] of Object.entries(engines)) {
    process.stdout.write(`\n${engineTable(name, e.results)}\n`);
    const [c, r] = [ceiling.bodyBytes, e.bodyBytes];
    if (Math.abs(r.get - c.get) > 0.1 * c.get || Math.abs(r.list - c.list) > 0.1 * c.list) {
      process.stdout.write(
        `note: body sizes differ from the ceiling's by over 10% (get ${r.get} vs ${c.get} B, list ${r.list} vs ${c.list} B)\n`,
      );
    }
  }
  const doc = {
    kind: 'roster-bench',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: { ...loadSettings(options), seedUsers: options.seedCount, pageSize: PAGE_SIZE },
    scenarios: Object.fromEntries(SCENARIOS.map((s) => [s.name, s.describe])),
    ceiling,
    engines,
  };
  const files = writeResults(doc, { save: options.save });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => Object.values(e.results).some((r) => r.errors > 0))) process.exitCode = 2;
}
