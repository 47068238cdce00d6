// @ts-check
// The sustained phase of the webhooks mode: the create load on a server with no endpoint (the
// baseline), then the same load with one endpoint registered while the worker inside `serve`
// delivers, and the wait until every committed event has arrived. The paced phase follows on the
// same server.
import { setTimeout as sleep } from 'node:timers/promises';
import { api } from '../drive.mjs';
import { log } from '../report.mjs';
import { startRoster } from '../processes.mjs';
import { watchLog } from './children.mjs';
import { analyse, deliveriesOf, failedAttempts, trace, verifySample, waitDelivered } from './deliveries.mjs';
import { SETTLE_MS, createLoad } from './load.mjs';
import { paced } from './paced.mjs';
/** @import { Engine, RosterDb } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { Receiver } from './children.mjs' */

/** @typedef {Awaited<ReturnType<typeof sustained>>} Sustained */

/**
 * The sustained phase, then the paced one on the same server.
 * @param {object} phase
 * @param {Options} phase.options
 * @param {Engine} phase.engine
 * @param {Record<string, string | undefined>} phase.env Roster's environment, webhook settings included
 * @param {RosterDb} phase.kysely for reading the delivery tables
 * @param {Receiver} phase.receiver
 * @param {number | null} phase.standardRps the standard run's create req/s on this engine
 */
export async function sustained({ options, engine, env, kysely, receiver, standardRps }) {
  const server = await startRoster(env, { cpuProfDir: options.cpuProfDir });
  const serverLog = watchLog(server.child.stdout);
  const load = {
    url: server.url,
    apiKey: engine.apiKey,
    connections: options.connections,
    warmupSec: options.warmupSec,
    seconds: options.durationSec,
    pid: server.pid,
  };
  try {
    // The same create load with no endpoint registered: events are still written to the outbox,
    // but no delivery is made, so the difference to the next run is the cost of delivering.
    const noEndpoint = await createLoad(load);
    log(
      `  ${engine.name} create, no endpoint: ${Math.round(noEndpoint.rps).toLocaleString('en-US')} req/s, p99 ${noEndpoint.p99?.toFixed(2)} ms`,
    );

    // autocannon stops with one request in flight per connection; let those commit before the
    // endpoint exists, or their events would get deliveries too.
    await sleep(SETTLE_MS);
    // The endpoint is new, so everything it receives and every delivery it has is this phase's.
    await receiver.ask('reset');
    const webhook = /** @type {{ id: string }} */ (
      await api(server.url, engine.apiKey, 'POST', '/api/v2/webhooks/', {
        url: `${receiver.url}/roster`,
        description: 'bench receiver',
      })
    );
    const { key: secret } = /** @type {{ key: string }} */ (
      await api(server.url, engine.apiKey, 'GET', `/api/v2/webhooks/${webhook.id}/secret/`)
    );

    const create = await createLoad(load);
    log(
      `  ${engine.name} create, 1 endpoint: ${Math.round(create.rps).toLocaleString('en-US')} req/s, p99 ${create.p99?.toFixed(2)} ms; waiting for deliveries`,
    );
    const loadEnd = Date.now();
    // Requests in flight when autocannon stopped may still commit without their 201 being seen:
    // the database, not the 201 count, says what was committed.
    let wait = await waitDelivered(receiver, create.responses201);
    await sleep(SETTLE_MS);
    let committed = await deliveriesOf(kysely, webhook.id);
    if (wait.complete && committed.ids.size > wait.stats.unique)
      wait = await waitDelivered(receiver, committed.ids.size);
    committed = await deliveriesOf(kysely, webhook.id);
    const records = await receiver.ask('records');
    trace(`${engine.name}-sustained`, records, create.window);
    const figures = analyse(records, committed.ids, { from: create.window.start, to: create.window.end });
    const stats = await receiver.ask('stats');
    const result = {
      webhookId: webhook.id,
      committed: committed.ids.size,
      responses201: create.responses201,
      delivered: figures.delivered,
      duplicates: figures.duplicates,
      missing: figures.missing,
      unexpected: figures.unexpected,
      malformed: stats.malformed,
      complete: wait.complete,
      waitedAfterLoadMs: Date.now() - loadEnd,
      catchUpMs:
        figures.window.lastArrival !== null && stats.lastArrival !== null
          ? Math.max(0, stats.lastArrival - create.window.end)
          : null,
      window: figures.window,
      deliveryStates: committed.states,
      deliveryAttempts: committed.attempts,
      failedAttempts: await failedAttempts(kysely, webhook.id),
      create: { ...create, window: undefined },
      createNoEndpoint: { ...noEndpoint, window: undefined },
      standardCreateRps: standardRps,
      signature: await verifySample(receiver, secret),
      rosterLog: serverLog,
    };
    if (!wait.complete)
      log(
        `  ${engine.name}: gave up waiting after ${(wait.waitedMs / 1000).toFixed(1)} s; ${result.missing} events missing`,
      );
    const pacedResult = await paced({
      options,
      engine,
      kysely,
      receiver,
      server,
      webhookId: webhook.id,
      before: committed.ids,
    });
    return { ...result, paced: pacedResult };
  } finally {
    await server.stop();
  }
}
