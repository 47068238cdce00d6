// @ts-check
// The timed sweep: expired, unattached end users are loaded while Roster is down, then Roster is
// started with a sweep interval that fires after a baseline window of get-by-id load. The load
// keeps running through the sweep; each response is classed by whether its request overlapped
// the sweep, which this process tracks by counting the remaining expired rows.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fire, percentile } from '../drive.mjs';
import { openContainer } from '../engines.mjs';
import { analyzeEndUsers, loadUsers } from '../loader.mjs';
import { sampleRss, startRoster } from '../processes.mjs';
import { log } from '../report.mjs';
/** @import { Dist, Engine, RosterDb } from '../engines.mjs' */
/** @import { MakeRequest } from '../scenarios.mjs' */

/** @typedef {Awaited<ReturnType<typeof timedSweep>>} Sweep */

const DAY_MS = 86_400_000;
const POLL_MS = 100;
const TAIL_SEC = 3;
const MAX_SWEEP_SEC = 300;

/**
 * Unattached end users created at or before `cutoff`: what the sweep deletes.
 * @param {RosterDb} kysely
 * @param {number} cutoff
 */
async function remainingExpired(kysely, cutoff) {
  const { n } = await kysely
    .selectFrom('end_users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('attached_at', 'is', null)
    .where('created_at', '<=', cutoff)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** @param {number[]} latencies */
function stats(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? null,
  };
}

/**
 * Loads `count` expired users, starts Roster so that its first sweep comes after
 * warm-up + baseline seconds, drives `make` (get by id) throughout and reports the sweep time
 * and the latency with and without a sweep in progress.
 * @param {object} sweep
 * @param {Dist} sweep.dist
 * @param {Engine} sweep.engine
 * @param {number} sweep.count expired users to load
 * @param {MakeRequest} sweep.make
 * @param {number} sweep.connections
 * @param {number} sweep.warmupSec
 * @param {number} sweep.baselineSec
 * @param {string | null} sweep.cpuProfDir
 */
export async function timedSweep({ dist, engine, count, make, connections, warmupSec, baselineSec, cpuProfDir }) {
  const opened = await openContainer(dist, engine);
  const { kysely } = opened;
  try {
    const expiredAt = Date.now() - 2 * DAY_MS;
    await loadUsers(kysely, dist.newId, {
      agentId: opened.agentId,
      count,
      createdAt: (i) => expiredAt + i,
      externalId: (i) => `EXP-${i}`,
      label: 'expired users',
    });
    await analyzeEndUsers(engine, kysely);
    const cutoff = Date.now() - DAY_MS;
    const before = await remainingExpired(kysely, cutoff);

    const leadSec = warmupSec + baselineSec;
    const server = await startRoster({ ...engine.env, ROSTER_SWEEP_INTERVAL: `${leadSec}s` }, { cpuProfDir });
    const rss = sampleRss(server.pid);
    const t0 = performance.now();
    const warmEnd = t0 + warmupSec * 1000;
    /** @type {{ start: number | null, end: number | null }} */
    const window = { start: null, end: null };
    /** End time and latency of each response, in pairs. @type {number[]} */
    const samples = [];
    /** @type {() => void} */
    let stopLoad = () => {};
    /** @type {Promise<void>} */
    const until = new Promise((resolve) => (stopLoad = resolve));

    const poller = (async () => {
      const deadline = t0 + (leadSec + MAX_SWEEP_SEC) * 1000;
      for (;;) {
        await sleep(POLL_MS);
        const now = performance.now();
        const left = await remainingExpired(kysely, cutoff);
        // The sweep began at most one poll before the first drop was seen.
        if (window.start === null && left < before) window.start = now - POLL_MS;
        if (left === 0 && window.end === null) window.end = now;
        if (window.end !== null || now > deadline) break;
      }
      await sleep(TAIL_SEC * 1000);
      stopLoad();
    })();

    log(
      `  sweep: ${before.toLocaleString('en-US')} expired rows; get-by-id load for ${leadSec}s, then the sweep, then ${TAIL_SEC}s`,
    );
    const result = await fire({
      url: server.url,
      apiKey: engine.apiKey,
      make,
      connections,
      seconds: leadSec + MAX_SWEEP_SEC + TAIL_SEC + 10,
      until,
      onResponse: (_status, ms) => samples.push(performance.now(), ms),
    });
    await poller;
    const peak = rss.stop();
    await server.stop();

    /** @type {number[]} */
    const during = [];
    /** @type {number[]} */
    const without = [];
    for (let i = 0; i < samples.length; i += 2) {
      const end = samples[i];
      const ms = samples[i + 1];
      if (end === undefined || ms === undefined || end < warmEnd) continue;
      const overlaps = window.start !== null && end >= window.start && end - ms <= (window.end ?? Infinity);
      (overlaps ? during : without).push(ms);
    }
    const sweepSec = window.start !== null && window.end !== null ? (window.end - window.start) / 1000 : null;
    const lastEnd = samples[samples.length - 2];
    const measuredSec = lastEnd !== undefined ? (lastEnd - warmEnd) / 1000 : 0;
    const withoutStats = { ...stats(without), rps: without.length / Math.max(0.001, measuredSec - (sweepSec ?? 0)) };
    const duringStats = { ...stats(during), rps: sweepSec ? during.length / sweepSec : null };
    return {
      expiredRows: before,
      deleted: before - (await remainingExpired(kysely, cutoff)),
      sweepSeconds: sweepSec,
      pollResolutionMs: POLL_MS,
      without: withoutStats,
      during: duringStats,
      p99Ratio: withoutStats.p99 && duringStats.p99 ? duringStats.p99 / withoutStats.p99 : null,
      errors: result.errors + result.non2xx,
      peakRssMb: peak.peakMb,
    };
  } finally {
    await opened.container.close();
  }
}
