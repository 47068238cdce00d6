// @ts-check
// The drain phase of the webhooks mode: a backlog committed with the worker off, then
// `roster worker` started alone and timed until the whole backlog has arrived.
import { setTimeout as sleep } from 'node:timers/promises';
import { api } from '../drive.mjs';
import { cpuMs, sampleRss, startRoster } from '../processes.mjs';
import { log } from '../report.mjs';
import { startWorker } from './children.mjs';
import { analyse, deliveriesOf, failedAttempts, trace, waitDelivered } from './deliveries.mjs';
import { createAmount } from './load.mjs';
/** @import { Engine, RosterDb } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */
/** @import { Receiver } from './children.mjs' */

/** @typedef {Awaited<ReturnType<typeof drain>>} Drain */

/** How long the drain's worker is watched idle before it is stopped (1.5 x the 1 s poll). */
const IDLE_CHECK_MS = 1_500;

/**
 * @param {object} phase
 * @param {Options} phase.options
 * @param {Engine} phase.engine
 * @param {Record<string, string | undefined>} phase.env Roster's environment, webhook settings included
 * @param {RosterDb} phase.kysely
 * @param {Receiver} phase.receiver
 * @param {string} phase.sustainedWebhookId the endpoint disabled before the backlog is made
 */
export async function drain({ options, engine, env, kysely, receiver, sustainedWebhookId }) {
  const count = options.drainCount;
  const server = await startRoster({ ...env, ROSTER_WEBHOOK_WORKER: 'false' });
  let backlog;
  let webhookId;
  try {
    // A fresh endpoint, and the sustained phase's one disabled: deliveries that phase left
    // pending (if it gave up waiting) are then never claimed, so the worker drains only this
    // backlog and the figures are not mixed with leftovers.
    await api(server.url, engine.apiKey, 'PATCH', `/api/v2/webhooks/${sustainedWebhookId}`, { enabled: false });
    await receiver.ask('reset');
    webhookId = /** @type {{ id: string }} */ (
      await api(server.url, engine.apiKey, 'POST', '/api/v2/webhooks/', {
        url: `${receiver.url}/drain`,
        description: 'bench drain',
      })
    ).id;
    log(`  ${engine.name} drain: committing ${count.toLocaleString('en-US')} events with the worker off`);
    backlog = await createAmount({
      url: server.url,
      apiKey: engine.apiKey,
      connections: options.connections,
      amount: count,
    });
  } finally {
    await server.stop();
  }
  const queued = await deliveriesOf(kysely, webhookId);
  const pendingBefore = queued.states.pending ?? 0;

  const startedAt = Date.now();
  const worker = startWorker(env, { cpuProfDir: options.cpuProfDir });
  let stopping = false;
  // Both set in callbacks, so typed by a cast: a declared type would be narrowed to null here.
  let exitedByItself = /** @type {{ code: number | null, signal: NodeJS.Signals | null, afterMs: number } | null} */ (
    null
  );
  worker.child.once('exit', (code, signal) => {
    if (!stopping) exitedByItself = { code, signal, afterMs: Date.now() - startedAt };
  });
  const rss = sampleRss(worker.pid);
  let cpuAtFirst = /** @type {{ cpu: number | null, delivered: number } | null} */ (null);
  let wait;
  let cpuAtEnd = null;
  try {
    wait = await waitDelivered(receiver, queued.ids.size, {
      onPoll: (s) => {
        if (cpuAtFirst === null && s.unique > 0) cpuAtFirst = { cpu: cpuMs(worker.pid), delivered: s.unique };
      },
    });
    cpuAtEnd = cpuMs(worker.pid);
    // A worker must keep running with nothing to do, for events committed later. Give it a
    // poll interval and a half to show it does before stopping it.
    await sleep(IDLE_CHECK_MS);
  } finally {
    stopping = true;
    await worker.stop();
  }
  const peak = rss.stop();
  const records = await receiver.ask('records');
  trace(`${engine.name}-drain`, records, { start: startedAt });
  const figures = analyse(records, queued.ids);
  const after = await deliveriesOf(kysely, webhookId);
  const { firstArrival, lastArrival, deliveredPerSecond } = figures.window;
  // CPU from the poll that saw the first arrival to the end, per event delivered in between:
  // leaves out the process's start-up (loading modules, opening the database).
  const cpuEvents = cpuAtFirst ? figures.delivered - cpuAtFirst.delivered : 0;
  const result = {
    webhookId,
    backlog: queued.ids.size,
    backlogCommitSeconds: backlog.seconds,
    backlogErrors: backlog.errors,
    pendingBefore,
    delivered: figures.delivered,
    duplicates: figures.duplicates,
    missing: figures.missing,
    unexpected: figures.unexpected,
    complete: wait.complete,
    startupMs: firstArrival !== null ? firstArrival - startedAt : null,
    drainMs: lastArrival !== null ? lastArrival - startedAt : null,
    drainedPerSecond: deliveredPerSecond,
    drainedPerSecondFromStart: lastArrival !== null ? (figures.delivered * 1000) / (lastArrival - startedAt) : null,
    workerCpuUsPerEvent:
      cpuAtFirst?.cpu != null && cpuAtEnd !== null && cpuEvents > 0
        ? ((cpuAtEnd - cpuAtFirst.cpu) * 1000) / cpuEvents
        : null,
    workerPeakRssMb: peak.peakMb,
    delayMs: figures.window.delayMs,
    deliveryStates: after.states,
    deliveryAttempts: after.attempts,
    failedAttempts: await failedAttempts(kysely, webhookId),
    rosterLog: worker.log,
    // Set when `roster worker` ended before the harness stopped it.
    exitedByItself,
  };
  log(
    `  ${engine.name} drain: ${result.delivered.toLocaleString('en-US')}/${result.backlog.toLocaleString('en-US')} in ${((result.drainMs ?? 0) / 1000).toFixed(2)} s, ` +
      `${Math.round(result.drainedPerSecond ?? 0).toLocaleString('en-US')} events/s`,
  );
  return result;
}
