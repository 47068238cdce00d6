// Retention: events and the attempt log are kept ROSTER_WEBHOOK_RETENTION (30 days by default),
// never while a delivery of the event is still queued, paused or dead. An hourly job deletes
// what has aged out, in bounded batches.
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { WebhooksStore } from './webhooks.store.js';

export const PURGE_KIND = 'webhook.purge';
const PURGE_EVERY_MS = 60 * 60_000;
const BATCH = 500;

export function purgeJob(deps: { store: WebhooksStore; clock: Clock; retentionMs: number }): JobDefinition {
  const { store, clock, retentionMs } = deps;
  return {
    kind: PURGE_KIND,
    concurrency: 1,
    leaseMs: 10 * 60_000,
    every: PURGE_EVERY_MS,
    backoff: () => 60_000,
    async run(_job, ctx) {
      for (const purge of [store.purgeEventsBefore, store.purgeAttemptsBefore]) {
        while ((await purge(clock.now() - retentionMs, BATCH, ctx.ex)) === BATCH && !ctx.signal.aborted) {
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    },
  };
}
