// The read phase of scale mode: get, lookup and a deep list page against Roster on the users
// loaded so far, after one warm-up of all three.
import { fire, measure, probe } from '../drive.mjs';
import { seedExternalId } from '../fixtures.mjs';
import { startRoster } from '../processes.mjs';
import { log } from '../report.mjs';
import { requestMakers } from '../scenarios.mjs';

export const SCALE_SCENARIOS = [
  ['get', 'get'],
  ['lookup', 'lookup'],
  ['list_deep', 'listDeep'],
];

export async function measureReads(options, engine, ids) {
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
