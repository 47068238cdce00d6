// The erasure job: matches a request's identifiers to end users, then erases them in batches,
// each batch one unit of work in which every module forgets the batch's end users (Platform.forget)
// and the job's progress moves on. The matched end users are stored as the job's targets before
// the first batch, so a job cut off by a crash resumes with what is left and never matches again
// (an end user created meanwhile, even with a matching external_id, is a new person and stays).
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import type { Logger, Platform } from '../../platform/manifest.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { EndUser, EndUsersStore } from '../end-users/end-users.store.js';
import { normalize, openIdentifiers, sealIdentifiers, type StoredIdentifier } from './compliance.identifiers.js';
import { ERASURE_KIND } from './compliance.service.js';
import type { ComplianceStore, ErasureJobRow } from './compliance.store.js';

/** An identifier matching more end users than this erases nothing (exceeds_limit). */
export const MATCH_LIMIT = 1_000;
/**
 * End users erased per unit of work: small enough that one batch (with, say, 100 conversations
 * of 20 messages) holds SQLite's single writer for milliseconds, not seconds.
 */
const BATCH = 20;
const SCAN_PAGE = 1_000;
/** A failed attempt is tried again after this, this many times in all, before the job fails. */
const RETRY_MS = 30_000;
const ATTEMPTS = 10;

export const ERASED_EVENT = 'roster.end_user.erased';

export interface ErasureDeps {
  store: ComplianceStore;
  endUsers: EndUsersStore;
  units: UnitOfWork;
  keyring: Keyring;
  clock: Clock;
  forget: Platform['forget'];
  log: Logger;
}

const PROFILE_FIELDS: Record<string, keyof EndUser> = {
  first_name: 'firstName',
  last_name: 'lastName',
  display_name: 'displayName',
  avatar: 'avatar',
  email: 'email',
  language: 'language',
};

function lowerTrim(value: unknown): string | null {
  return typeof value === 'string' ? value.trim().toLowerCase() : null;
}

/** Whether a scanned end user is matched by an email or variable_match identifier. */
function scanMatch(user: EndUser, item: StoredIdentifier, key: string): boolean {
  if (item.type === 'email') return lowerTrim(user.email) === key || lowerTrim(user.metadata.email) === key;
  const variable = item.variable as string;
  const field = PROFILE_FIELDS[variable];
  if (field !== undefined && user[field] === item.value) return true;
  return Object.hasOwn(user.metadata, variable) && String(user.metadata[variable]) === item.value;
}

/** Matches every accepted identifier; the dispositions and the end users to erase. */
async function match(deps: ErasureDeps, job: ErasureJobRow, list: StoredIdentifier[]): Promise<Set<string>> {
  const { endUsers } = deps;
  const found = new Map<number, Set<string>>();
  const scanned: Array<{ index: number; item: StoredIdentifier; key: string }> = [];
  for (const [index, item] of list.entries()) {
    if (item.disposition !== 'accepted') continue;
    const normal = normalize(item.type, item.value);
    if ('invalid' in normal) continue;
    const ids = new Set<string>();
    found.set(index, ids);
    if (item.type === 'end_user_id' || item.type === 'chatter_id') {
      if (await endUsers.findById(job.agentId, normal.key)) ids.add(normal.key);
    } else if (item.type === 'external_id') {
      const user = await endUsers.findByExternalId(job.agentId, normal.key);
      if (user) ids.add(user.id);
    } else scanned.push({ index, item, key: normal.key });
  }
  // Emails and variables are read from every end user of the agent, once for all identifiers.
  const counts = new Map<number, number>();
  if (scanned.length > 0) {
    for (let cursor: string | null = null; ;) {
      const page: EndUser[] = await endUsers.scan(job.agentId, cursor, SCAN_PAGE + 1);
      for (const user of page.slice(0, SCAN_PAGE)) {
        for (const { index, item, key } of scanned) {
          if (!scanMatch(user, item, key)) continue;
          counts.set(index, (counts.get(index) ?? 0) + 1);
          const ids = found.get(index) as Set<string>;
          if (ids.size <= MATCH_LIMIT) ids.add(user.id);
        }
      }
      if (page.length <= SCAN_PAGE) break;
      cursor = (page[SCAN_PAGE] as EndUser).id;
    }
  }
  const targets = new Set<string>();
  for (const [index, ids] of found) {
    const item = list[index] as StoredIdentifier;
    const matched = counts.get(index) ?? ids.size;
    item.matchedChatters = matched;
    if (matched === 0) {
      item.disposition = 'not_found';
      if (item.type === 'end_user_id' || item.type === 'chatter_id')
        item.reason = 'no end user of this AI Agent has this id';
      else if (item.type === 'external_id') item.reason = 'no end user of this AI Agent has this external_id';
    } else if (matched > MATCH_LIMIT) {
      item.disposition = 'exceeds_limit';
      item.reason = `matches ${matched.toLocaleString('en-US')} end users; an identifier may match at most ${MATCH_LIMIT.toLocaleString('en-US')}, and erases nothing when it matches more`;
    } else for (const id of ids) targets.add(id);
  }
  return targets;
}

/** Runs a job on from wherever it stands; returns when it reached a terminal state. */
export async function runErasure(
  deps: ErasureDeps,
  jobId: string,
  ctx?: { heartbeat(): Promise<unknown>; signal: AbortSignal },
): Promise<void> {
  const { store, units, keyring, clock, forget } = deps;
  let job = await store.findJobById(jobId);
  if (!job || job.status === 'completed' || job.status === 'partial' || job.status === 'failed') return;
  const list = openIdentifiers(keyring, job.agentId, job.id, job.identifiers);

  if (job.status === 'queued') {
    const current = job;
    if (list.some((i) => i.cooling)) {
      for (const item of list) {
        item.disposition = 'invalid';
        item.reason = item.cooling
          ? 'was submitted for erasure within the cooldown period; submit it again once the period has passed'
          : 'was not processed: another identifier of this request is in its cooldown period';
        delete item.cooling;
      }
      await units.transaction(async (unit) => {
        const now = clock.now();
        await store.updateJob(
          current.id,
          {
            status: 'failed',
            failureReason: 'identifier_in_cooldown',
            identifiers: sealIdentifiers(keyring, current.agentId, current.id, list),
            completedAt: now,
          },
          now,
          unit.ex,
        );
      });
      return;
    }
    const targets = await match(deps, current, list);
    await units.transaction(async (unit) => {
      await store.insertTargets(current.id, [...targets], unit.ex);
      await store.updateJob(
        current.id,
        {
          status: 'in_progress',
          matchedCount: targets.size,
          identifiers: sealIdentifiers(keyring, current.agentId, current.id, list),
        },
        clock.now(),
        unit.ex,
      );
    });
    job = { ...current, status: 'in_progress' };
  }

  let batches = 0;
  for (;;) {
    if (ctx?.signal.aborted) throw new Error('stopped before the erasure finished; it resumes');
    const erased = await units.transaction(async (unit) => {
      const batch = await store.nextTargets(jobId, BATCH, unit.ex);
      if (batch.length === 0) return 0;
      await forget(unit, job.agentId, batch);
      for (const id of batch) {
        unit.record({ agentId: job.agentId, type: ERASED_EVENT, data: { end_user_id: id, job_id: job.id } });
      }
      await store.deleteTargets(jobId, batch, unit.ex);
      await store.addErased(jobId, batch.length, clock.now(), unit.ex);
      return batch.length;
    });
    if (erased === 0) break;
    if (++batches % 10 === 0) await ctx?.heartbeat();
    // Requests waiting for the database go first (SQLite has one connection).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const allErased = list.every((i) => i.disposition === 'accepted' || i.disposition === 'duplicate');
  await units.transaction(async (unit) => {
    const now = clock.now();
    await store.updateJob(jobId, { status: allErased ? 'completed' : 'partial', completedAt: now }, now, unit.ex);
  });
}

export function erasureJob(deps: ErasureDeps): JobDefinition<{ job_id: string }> {
  return {
    kind: ERASURE_KIND,
    // One erasure at a time per runner: each is a long run of short transactions.
    concurrency: 1,
    // Kept by a heartbeat after every batch; a job cut off by a crash resumes this soon after.
    leaseMs: 30_000,
    backoff: (attempt) => (attempt < ATTEMPTS ? RETRY_MS : null),
    async run(job, ctx) {
      try {
        await runErasure(deps, job.payload.job_id, ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        deps.log.error({ err: error, job_id: job.payload.job_id }, 'erasure attempt failed');
        await ctx.fail(error instanceof Error ? error.message : String(error), async (unit, failure) => {
          if (failure.outcome !== 'dead') return;
          const now = deps.clock.now();
          await deps.store.updateJob(
            job.payload.job_id,
            { status: 'failed', failureReason: 'internal_error', completedAt: now },
            now,
            unit.ex,
          );
        });
      }
    },
  };
}

export const PURGE_KIND = 'compliance.purge';

/** Hourly: cooldowns and client references past their period say nothing any more; they go. */
export function purgeJob(deps: {
  store: ComplianceStore;
  clock: Clock;
  cooldownMs: number;
  referenceWindowMs: number;
}): JobDefinition {
  return {
    kind: PURGE_KIND,
    concurrency: 1,
    leaseMs: 60_000,
    every: 3_600_000,
    backoff: () => RETRY_MS,
    async run(_job, ctx) {
      const now = deps.clock.now();
      await deps.store.purgeExpired(now - deps.cooldownMs, now - deps.referenceWindowMs, ctx.ex);
    },
  };
}
