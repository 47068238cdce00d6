// @ts-check
// Webhook delivery mode (`npm run bench -- --webhooks`): how fast Roster's delivery worker gets
// v1.end_user.created events to a receiver. Per engine, after the set-up here (database,
// container, receiver), one phase per file:
//
// - sustained.mjs: `roster serve` (worker inside) under create load, first with no endpoint (the
//   baseline), then with one endpoint registered. Every 201 is an event; the receiver
//   (receiver.mjs, its own process) records each delivery's svix-id, payload timestamp and
//   arrival time. After the load the bench waits until every committed event has arrived.
// - paced.mjs: a steady create load well below saturation on the same server and endpoint.
// - drain.mjs: `roster serve` with ROSTER_WEBHOOK_WORKER=false commits a backlog of N events, is
//   stopped, and `roster worker` is started alone; the time until all N have arrived gives the
//   worker's throughput when nothing else runs.
// - report.mjs: the tables, the notes under them and the results file.
//
// load.mjs (the create load), deliveries.mjs (what arrived, from the receiver and the database)
// and children.mjs (the receiver and worker processes) are shared by the phases.
//
// Roster, the receiver and this process run on one machine and read one system clock, so times
// taken in different processes (Date.now()) can be subtracted. See bench/README.md.
import { loadSettings } from '../drive.mjs';
import { openContainer, prepareEngine } from '../engines.mjs';
import { log, machine } from '../report.mjs';
import { startReceiver } from './children.mjs';
import { drain } from './drain.mjs';
import { errorsOf, printTables, standardCreateFigures, writeWebhookResults } from './report.mjs';
import { sustained } from './sustained.mjs';
/** @import { Dist, EngineName, OnCleanup } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { EngineWebhooks, StandardCreate } from './report.mjs' */

/**
 * One engine: the set-up, then the phases in order.
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 * @param {StandardCreate | null} standard
 * @returns {Promise<EngineWebhooks>}
 */
async function webhooksEngine(options, dist, name, onCleanup, standard) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  // Migrates the database and creates the run's API key, as the standard mode's seeding does; the
  // container stays open for this process's read-only checks of the delivery tables.
  const opened = await openContainer(dist, engine);
  /** @type {Promise<void> | null} */
  let closed = null;
  const closeContainer = () => (closed ??= opened.container.close());
  onCleanup(closeContainer);
  const receiver = await startReceiver();
  try {
    const env = {
      ...engine.env,
      ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...(options.webhookConcurrency ? { ROSTER_WEBHOOK_CONCURRENCY: String(options.webhookConcurrency) } : {}),
    };
    log(`${name}: sustained create load with one webhook endpoint`);
    const s = await sustained({
      options,
      engine,
      env,
      kysely: opened.kysely,
      receiver,
      standardRps: standard?.rps[name] ?? null,
    });
    log(`${name}: drain`);
    const d = await drain({ options, engine, env, kysely: opened.kysely, receiver, sustainedWebhookId: s.webhookId });
    return { sustained: s, drain: d };
  } finally {
    await receiver.stop();
    await closeContainer();
  }
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runWebhooks(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --webhooks: ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured, ` +
      `drain of ${options.drainCount.toLocaleString('en-US')} events`,
  );
  const standard = standardCreateFigures();
  if (standard) log(`standard create figures from ${standard.file} (${standard.startedAt})`);
  /** @type {Record<string, EngineWebhooks>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await webhooksEngine(options, dist, name, onCleanup, standard);
  printTables(engines);
  const section = {
    kind: 'roster-bench-webhooks',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      ...loadSettings(options),
      drainCount: options.drainCount,
      pacedRate: options.webhookRate,
      webhookConcurrency: options.webhookConcurrency ?? 'default (16)',
      standardCreateSource: standard
        ? { file: standard.file, startedAt: standard.startedAt, mode: standard.mode }
        : null,
    },
    engines,
  };
  const files = writeWebhookResults(section, options.save);
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => errorsOf(e.sustained) + errorsOf(e.drain) > 0)) process.exitCode = 2;
}
