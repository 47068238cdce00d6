// Scale mode: the same reads on 10,000 end users and on --scale-count (1,000,000 by default),
// loaded straight through the store, and one timed sweep of expired users under get-by-id load.
import { sql } from 'kysely';
import { fire, loadSettings, measure, probe } from './drive.mjs';
import { openContainer, prepareEngine } from './engines.mjs';
import { seedExternalId } from './fixtures.mjs';
import { loadUsers } from './loader.mjs';
import { startRoster } from './processes.mjs';
import { machine, table, writeResults } from './report.mjs';
import { requestMakers } from './scenarios.mjs';
import { timedSweep } from './sweep.mjs';

const log = (text) => process.stderr.write(`${text}\n`);
const SCALE_SCENARIOS = [
  ['get', 'get'],
  ['lookup', 'lookup'],
  ['list_deep', 'listDeep'],
];
const MIN_SCALE_RATIO = 0.8;
const MAX_SWEEP_P99_RATIO = 2;

/** Adds users numbered from `from` up to `to` (exclusive); all ids so far come back. */
async function grow(dist, engine, ids, to) {
  const opened = await openContainer(dist, engine);
  try {
    const base = Date.now() - 3_600_000;
    const { ids: added, seconds } = await loadUsers(opened.kysely, dist.newId, {
      agentId: opened.agentId,
      count: to - ids.length,
      firstIndex: ids.length,
      createdAt: (i) => base + i,
      label: `users ${ids.length.toLocaleString('en-US')}..${to.toLocaleString('en-US')}`,
    });
    if (engine.name === 'postgres') await sql`analyze end_users`.execute(opened.kysely);
    for (const id of added) ids.push(id);
    return seconds;
  } finally {
    await opened.container.close();
  }
}

async function measureReads(options, engine, ids) {
  const server = await startRoster(engine.env, { cpuProfDir: options.cpuProfDir });
  try {
    const makers = requestMakers({ ids, externalId: seedExternalId });
    // Warm the server once on all three reads, so the first scenario is not also the JIT's warm-up.
    const all = SCALE_SCENARIOS.map(([, maker]) => makers[maker]);
    let turn = 0;
    const warm = () => all[turn++ % all.length]();
    await fire({
      url: server.url,
      apiKey: engine.apiKey,
      make: warm,
      connections: options.connections,
      seconds: Math.max(2, options.warmupSec),
    });
    const results = {};
    for (const [label, maker] of SCALE_SCENARIOS) {
      await probe(server.url, engine.apiKey, makers[maker]);
      results[label] = await measure({
        url: server.url,
        apiKey: engine.apiKey,
        make: makers[maker],
        connections: options.connections,
        warmupSec: options.warmupSec,
        seconds: options.durationSec,
        pid: server.pid,
      });
      const r = results[label];
      log(
        `  ${engine.name} ${ids.length.toLocaleString('en-US')} users ${label.padEnd(9)} ${Math.round(r.rps)} req/s, p99 ${r.p99?.toFixed(2)} ms, ${r.errors} errors`,
      );
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function scaleEngine(options, dist, name, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
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
    log,
  });
  const ratios = Object.fromEntries(
    SCALE_SCENARIOS.map(([label]) => [label, largeResults[label].rps / smallResults[label].rps]),
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

function printEngine(name, e) {
  const n = (v) => v.toLocaleString('en-US');
  const ms = (v) => (v === null ? '-' : v.toFixed(2));
  const rows = SCALE_SCENARIOS.map(([label]) => {
    const [s, l, ratio] = [e.small[label], e.large[label], e.ratios[label]];
    const errors = s.errors + l.errors;
    const verdict = errors > 0 ? 'MISS errors' : ratio < MIN_SCALE_RATIO ? `MISS ratio<${MIN_SCALE_RATIO}` : 'ok';
    const cpu = (r) => (r.cpuUsPerRequest === null ? '-' : n(Math.round(r.cpuUsPerRequest)));
    return [
      label,
      n(Math.round(s.rps)),
      ms(s.p99),
      cpu(s),
      n(Math.round(l.rps)),
      ms(l.p99),
      cpu(l),
      ratio.toFixed(2),
      verdict,
    ];
  });
  const big = n(e.largeUsers);
  process.stdout.write(
    `\n${table([`${name} scale`, `${n(e.smallUsers)} req/s`, 'p99 ms', 'CPU us/req', `${big} req/s`, 'p99 ms', 'CPU us/req', `${big}/${n(e.smallUsers)}`, 'targets'], rows)}\n`,
  );
  process.stdout.write(
    `loaded ${n(e.largeUsers - e.smallUsers)} end users in ${e.loadSeconds.toFixed(1)} s (${n(Math.round(e.loadRowsPerSecond))} rows/s)\n`,
  );
  const w = e.sweep;
  const verdict =
    w.errors > 0
      ? 'MISS errors'
      : w.p99Ratio !== null && w.p99Ratio > MAX_SWEEP_P99_RATIO
        ? `MISS >${MAX_SWEEP_P99_RATIO}x`
        : 'ok';
  process.stdout.write(
    `\n${table(
      [
        'sweep under get-by-id',
        'deleted',
        'seconds',
        'p99 without',
        'p99 during',
        'during/without',
        'req/s without',
        'req/s during',
        'errors',
        'targets',
      ],
      [
        [
          name,
          n(w.deleted),
          w.sweepSeconds === null ? 'unfinished' : w.sweepSeconds.toFixed(1),
          ms(w.without.p99),
          ms(w.during.p99),
          w.p99Ratio === null ? '-' : w.p99Ratio.toFixed(2),
          n(Math.round(w.without.rps)),
          w.during.rps === null ? '-' : n(Math.round(w.during.rps)),
          w.errors,
          verdict,
        ],
      ],
    )}\n`,
  );
}

export async function runScale(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --scale: ${options.scaleCount.toLocaleString('en-US')} users, ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured`,
  );
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
