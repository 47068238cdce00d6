// @ts-check
// The read phase of scale mode: get, lookup and a deep list page against Roster on the users
// loaded so far, after one warm-up of all three.
import { fire, measure, probe } from '../drive.mjs';
import { seedExternalId } from '../fixtures.mjs';
import { startRoster } from '../processes.mjs';
import { log } from '../report.mjs';
import { requestMakers } from '../scenarios.mjs';
/** @import { Measured } from '../drive.mjs' */
/** @import { Engine } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { MakeRequest } from '../scenarios.mjs' */

/** [label in the tables, request maker] of each read measured at both sizes. */
export const SCALE_SCENARIOS = /** @type {const} */ ([
  ['get', 'get'],
  ['lookup', 'lookup'],
  ['list_deep', 'listDeep'],
]);

/** @typedef {(typeof SCALE_SCENARIOS)[number][0]} ScaleLabel */

/**
 * @param {Options} options
 * @param {Engine} engine
 * @param {string[]} ids the users loaded so far
 * @returns {Promise<Record<ScaleLabel, Measured>>}
 */
export async function measureReads(options, engine, ids) {
  const server = await startRoster(engine.env, { cpuProfDir: options.cpuProfDir });
  try {
    const makers = requestMakers({ ids, externalId: seedExternalId });
    // Warm the server once on all three reads, so the first scenario is not also the JIT's warm-up.
    const all = SCALE_SCENARIOS.map(([, maker]) => makers[maker]);
    let turn = 0;
    // An index modulo the length is always in range.
    const warm = () => /** @type {MakeRequest} */ (all[turn++ % all.length])();
    await fire({
      url: server.url,
      apiKey: engine.apiKey,
      make: warm,
      connections: options.connections,
      seconds: Math.max(2, options.warmupSec),
    });
    /** @type {Partial<Record<ScaleLabel, Measured>>} */
    const results = {};
    for (const [label, maker] of SCALE_SCENARIOS) {
      await probe(server.url, engine.apiKey, makers[maker]);
      const r = await measure({
        url: server.url,
        apiKey: engine.apiKey,
        make: makers[maker],
        connections: options.connections,
        warmupSec: options.warmupSec,
        seconds: options.durationSec,
        pid: server.pid,
      });
      results[label] = r;
      log(
        `  ${engine.name} ${ids.length.toLocaleString('en-US')} users ${label.padEnd(9)} ${Math.round(r.rps)} req/s, p99 ${r.p99?.toFixed(2)} ms, ${r.errors} errors`,
      );
    }
    // Every label has had its turn in the loop above.
    return /** @type {Record<ScaleLabel, Measured>} */ (results);
  } finally {
    await server.stop();
  }
}
