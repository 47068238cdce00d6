// @ts-check
// The paced phase of the webhooks mode, on the sustained phase's server and endpoint.
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '../report.mjs';
import { analyse, deliveriesOf, waitDelivered } from './deliveries.mjs';
import { SETTLE_MS, createLoad } from './load.mjs';
import { ms, n } from './report.mjs';
/** @import { Engine, RosterDb } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { Server } from '../processes.mjs' */
/** @import { Receiver } from './children.mjs' */

/**
 * A steady create load well below saturation (--webhook-rate per second over 10 connections) on
 * the same endpoint: the commit-to-delivery delay a receiver sees in normal operation, where
 * the saturated phase shows the queue a flat-out load builds.
 */
/**
 * @param {object} phase
 * @param {Options} phase.options
 * @param {Engine} phase.engine
 * @param {RosterDb} phase.kysely
 * @param {Receiver} phase.receiver
 * @param {Server} phase.server the sustained phase's `serve`
 * @param {string} phase.webhookId the sustained phase's endpoint
 * @param {Set<string>} phase.before message ids committed before this phase
 */
export async function paced({ options, engine, kysely, receiver, server, webhookId, before }) {
  await sleep(SETTLE_MS);
  await receiver.ask('reset');
  const load = await createLoad({
    url: server.url,
    apiKey: engine.apiKey,
    connections: 10,
    warmupSec: 0,
    seconds: options.durationSec,
    pid: server.pid,
    rate: options.webhookRate,
  });
  await sleep(SETTLE_MS);
  const all = (await deliveriesOf(kysely, webhookId)).ids;
  const expected = new Set([...all].filter((id) => !before.has(id)));
  const wait = await waitDelivered(receiver, expected.size);
  const figures = analyse(await receiver.ask('records'), expected, { from: load.window.start, to: load.window.end });
  log(
    `  ${engine.name} paced at ${options.webhookRate}/s: ${n(load.rps)} req/s, delivery p99 ${ms(figures.window.delayMs.p99)} ms`,
  );
  return {
    rate: options.webhookRate,
    createRps: load.rps,
    createP99: load.p99,
    committed: expected.size,
    delivered: figures.delivered,
    duplicates: figures.duplicates,
    missing: figures.missing,
    complete: wait.complete,
    window: figures.window,
  };
}
