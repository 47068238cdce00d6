// The end users' periodic jobs: deleting end users created by POST /end-users that are still
// unattached once the unattached TTL has passed since creation, and purging sensitive values past
// their expiry (they are unreadable from that moment; this removes the envelopes). Work is done in
// bounded batches with a pause between them, so a large backlog never holds the database
// (SQLite's single writer in particular) long enough to stall requests.
import type { JobContext, JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger, Platform } from '../../platform/manifest.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { EndUsersStore } from './end-users.store.js';

export const SWEEP_UNATTACHED = 'end_users.sweep_unattached';
export const PURGE_SENSITIVE = 'end_users.purge_sensitive';

const BATCH = 500;
/** A failed sweep runs again after this; sweeps never give up. */
const RETRY_MS = 30_000;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `step` until it does less than a full batch; the total it did. `beat` keeps a job's lease
 * while it works through a large backlog.
 */
async function inBatches(
  step: () => Promise<number>,
  batch: number,
  signal?: AbortSignal,
  beat?: () => Promise<unknown>,
): Promise<number> {
  let total = 0;
  for (let round = 1; ; round++) {
    const n = await step();
    total += n;
    if (n < batch || signal?.aborted) return total;
    if (beat && round % 20 === 0) await beat();
    await pause();
  }
}

export interface SweepDeps {
  store: EndUsersStore;
  units: UnitOfWork;
  /** Every module forgets the deleted end users (their events and pending deliveries go too). */
  forget: Platform['forget'];
  clock: Clock;
  unattachedTtlMs: number;
  batchSize?: number;
}

/**
 * Deletes every end user still unattached TTL after creation; how many. Each batch is one unit of
 * work in which every module forgets the batch's end users, as an erasure does.
 */
export function sweepUnattached(deps: SweepDeps, ctx?: JobContext): Promise<number> {
  const batch = deps.batchSize ?? BATCH;
  const step = () =>
    deps.units.transaction(async (unit) => {
      const due = await deps.store.lockExpiredUnattached(deps.clock.now() - deps.unattachedTtlMs, batch, unit.ex);
      const byAgent = new Map<string, string[]>();
      for (const { id, agentId } of due) byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), id]);
      for (const [agentId, ids] of byAgent) await deps.forget(unit, agentId, ids);
      return due.length;
    });
  return inBatches(step, batch, ctx?.signal, ctx?.heartbeat);
}

/** Deletes every sensitive value past its expiry; how many. */
export function purgeExpiredSensitive(deps: SweepDeps, ctx?: JobContext): Promise<number> {
  const batch = deps.batchSize ?? BATCH;
  return inBatches(
    () => deps.store.purgeExpiredSensitive(deps.clock.now(), batch, ctx?.ex),
    batch,
    ctx?.signal,
    ctx?.heartbeat,
  );
}

export function endUserJobs(deps: SweepDeps & { everyMs: number; log: Logger }): JobDefinition[] {
  // A short lease, kept by heartbeats while a sweep works: a sweep cut off by a crash resumes soon.
  const periodic = { concurrency: 1, leaseMs: 30_000, backoff: () => RETRY_MS, every: deps.everyMs };
  return [
    {
      ...periodic,
      kind: SWEEP_UNATTACHED,
      async run(_job, ctx) {
        const deleted = await sweepUnattached(deps, ctx);
        if (deleted > 0) deps.log.info({ end_users_deleted: deleted }, 'unattached end users deleted');
      },
    },
    {
      ...periodic,
      kind: PURGE_SENSITIVE,
      async run(_job, ctx) {
        const purged = await purgeExpiredSensitive(deps, ctx);
        if (purged > 0) deps.log.info({ sensitive_values_purged: purged }, 'expired sensitive values purged');
      },
    },
  ];
}

/** Both sweeps, once, now: what the two periodic jobs do, for tools and tests. */
export async function sweepOnce(deps: SweepDeps): Promise<{ endUsersDeleted: number; sensitiveValuesPurged: number }> {
  const endUsersDeleted = await sweepUnattached(deps);
  const sensitiveValuesPurged = await purgeExpiredSensitive(deps);
  return { endUsersDeleted, sensitiveValuesPurged };
}
