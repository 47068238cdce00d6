// Queries of the jobs table. Claiming is safe with any number of runners on one database: on
// PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so two runners never take the
// same row; on SQLite the single writer makes the claiming UPDATE atomic by itself. A job is
// leased to the runner that claimed it; every way of ending it checks the lease token, so a
// runner that lost its lease (it stalled past lease_until and another runner took the job over)
// changes nothing. A lease that runs out makes the job claimable again.
import { sql, type Selectable } from 'kysely';
import type { Db, Executor } from '../db/executor.js';
import { all, changed } from '../db/executor.js';
import { prepare, type PreparedQuery } from '../db/prepared.js';
import { newId } from '../lib/ids.js';
import type { JobState, JobsTable } from './jobs.tables.js';

export type JobRow = Selectable<JobsTable>;

/** What to put on the queue. */
export interface JobInput {
  kind: string;
  payload: unknown;
  agentId?: string | null;
  group?: string | null;
  dedupe?: string | null;
  ref?: string | null;
  /** Defaults to now. */
  runAt?: number;
}

/** What to do when a job with the same kind and dedupe key is already queued. */
export type OnDuplicate = 'keep' | 'requeue';

const COLUMNS = [
  'id',
  'kind',
  'agent_id',
  'group_key',
  'dedupe_key',
  'ref_id',
  'payload',
  'state',
  'run_at',
  'attempts',
  'lease_until',
  'lease_token',
  'last_error',
  'created_at',
  'updated_at',
] as const;
type Column = (typeof COLUMNS)[number];

export function jobRow(input: JobInput, now: number): JobRow {
  return {
    id: newId(now, input.agentId ?? undefined),
    kind: input.kind,
    agent_id: input.agentId ?? null,
    group_key: input.group ?? null,
    dedupe_key: input.dedupe ?? null,
    ref_id: input.ref ?? null,
    payload: JSON.stringify(input.payload ?? null),
    state: 'queued',
    run_at: input.runAt ?? now,
    attempts: 0,
    lease_until: null,
    lease_token: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
}

export interface JobFilter {
  kind?: string;
  /** running is a queued job under a live lease. */
  state?: JobState | 'running';
  limit: number;
}

export interface KindCounts {
  kind: string;
  queued: number;
  running: number;
  paused: number;
  dead: number;
}

export function createJobsStore(db: Db) {
  const k = db.kysely;
  const rowParams = (p: (name: Column) => never) => Object.fromEntries(COLUMNS.map((c) => [c, p(c)])) as never;
  const q = {
    insert: prepare<never, Column>('jobs_insert', (p) => k.insertInto('jobs').values(rowParams(p))),
    insertKeep: prepare<never, Column>('jobs_insert_keep', (p) =>
      k
        .insertInto('jobs')
        .values(rowParams(p))
        .onConflict((oc) => oc.columns(['kind', 'dedupe_key']).doNothing()),
    ),
    // Queued again from scratch: a replayed delivery, whatever state its earlier job was in.
    insertRequeue: prepare<never, Column>('jobs_insert_requeue', (p) =>
      k
        .insertInto('jobs')
        .values(rowParams(p))
        .onConflict((oc) =>
          oc.columns(['kind', 'dedupe_key']).doUpdateSet((eb) => ({
            state: sql.lit('queued'),
            payload: eb.ref('excluded.payload'),
            run_at: eb.ref('excluded.run_at'),
            attempts: 0,
            lease_until: null,
            lease_token: null,
            last_error: null,
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    ),
    claimed: prepare<JobRow, 'lease_token'>('jobs_claimed', (p) =>
      k.selectFrom('jobs').selectAll().where('lease_token', '=', p('lease_token')).orderBy('id'),
    ),
    done: prepare<never, 'id' | 'lease_token'>('jobs_done', (p) =>
      k.deleteFrom('jobs').where('id', '=', p('id')).where('lease_token', '=', p('lease_token')),
    ),
    settle: prepare<never, 'id' | 'lease_token' | 'state' | 'run_at' | 'attempts' | 'last_error' | 'now'>(
      'jobs_settle',
      (p) =>
        k
          .updateTable('jobs')
          .set({
            state: p('state'),
            run_at: p('run_at'),
            attempts: p('attempts'),
            last_error: p('last_error'),
            lease_until: null,
            lease_token: null,
            updated_at: p('now'),
          })
          .where('id', '=', p('id'))
          .where('lease_token', '=', p('lease_token')),
    ),
    release: prepare<never, 'id' | 'lease_token'>('jobs_release', (p) =>
      k
        .updateTable('jobs')
        .set({ lease_until: null, lease_token: null })
        .where('id', '=', p('id'))
        .where('lease_token', '=', p('lease_token')),
    ),
    extend: prepare<never, 'id' | 'lease_token' | 'lease_until'>('jobs_extend', (p) =>
      k
        .updateTable('jobs')
        .set({ lease_until: p('lease_until') })
        .where('id', '=', p('id'))
        .where('lease_token', '=', p('lease_token')),
    ),
  };

  const claims = new Map<
    string,
    PreparedQuery<{ id: string }, 'kind' | 'now' | 'limit' | 'lease_until' | 'lease_token'>
  >();
  /**
   * The claim for a kind: lease up to `limit` due jobs, oldest due first. Ordered kinds take only
   * the oldest unfinished job of each group, so a group's jobs run one at a time, in order.
   */
  function claimQuery(ordered: boolean, fair: boolean) {
    const name = fair ? 'jobs_claim_fair' : ordered ? 'jobs_claim_ordered' : 'jobs_claim';
    let claim = claims.get(name);
    if (!claim && fair) {
      // Round-robin across AI Agents: each agent's due jobs are numbered oldest first, and the
      // claim takes every agent's first before anyone's second, so one agent's backlog cannot
      // stand in front of another's next job. The numbering needs a window function, which
      // FOR UPDATE may not share a SELECT with: the lock is taken in a query around it.
      claim = prepare(name, (p) => {
        const due = k
          .selectFrom('jobs')
          .select((eb) => [
            'id',
            'run_at',
            eb.fn
              .agg<number>('row_number')
              .over((ob) => ob.partitionBy('agent_id').orderBy('run_at').orderBy('id'))
              .as('turn'),
          ])
          .where('kind', '=', p('kind'))
          .where('state', '=', sql.lit('queued'))
          .where('run_at', '<=', p('now'))
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', p('now'))]));
        const picked = k.selectFrom(due.as('d')).select('d.id').orderBy('d.turn').orderBy('d.run_at').limit(p('limit'));
        // The due conditions are repeated on the locked rows: PostgreSQL re-checks a locking
        // query's own conditions on the newest version of a row another runner just leased, never
        // the subquery's, so without them two runners could take the same job.
        const locked = db.forUpdate(
          k
            .selectFrom('jobs as j')
            .select('j.id')
            .where('j.id', 'in', picked)
            .where('j.state', '=', sql.lit('queued'))
            .where('j.run_at', '<=', p('now'))
            .where((eb) => eb.or([eb('j.lease_until', 'is', null), eb('j.lease_until', '<=', p('now'))])),
          { skipLocked: true },
        );
        return k
          .updateTable('jobs')
          .set({ lease_until: p('lease_until'), lease_token: p('lease_token') })
          .where('id', 'in', locked)
          .returning('id');
      });
      claims.set(name, claim);
    }
    if (!claim) {
      claim = prepare(name, (p) => {
        let due = k
          .selectFrom('jobs as j')
          .select('j.id')
          .where('j.kind', '=', p('kind'))
          // A literal, not a parameter: only then can both planners see that the partial index
          // on queued jobs applies (a generic plan would scan every job).
          .where('j.state', '=', sql.lit('queued'))
          .where('j.run_at', '<=', p('now'))
          .where((eb) => eb.or([eb('j.lease_until', 'is', null), eb('j.lease_until', '<=', p('now'))]));
        if (ordered) {
          due = due.where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('jobs as older')
                  .select(sql.lit(1).as('one'))
                  .whereRef('older.kind', '=', 'j.kind')
                  .whereRef('older.group_key', '=', 'j.group_key')
                  .whereRef('older.id', '<', 'j.id')
                  .where('older.state', '=', sql.lit('queued')),
              ),
            ),
          );
        }
        const locked = db.forUpdate(due.orderBy('j.run_at').limit(p('limit')), { skipLocked: true });
        return k
          .updateTable('jobs')
          .set({ lease_until: p('lease_until'), lease_token: p('lease_token') })
          .where('id', 'in', locked)
          .returning('id');
      });
      claims.set(name, claim);
    }
    return claim;
  }

  return {
    /** Writes jobs with the caller's executor (a unit of work's transaction). */
    async insert(ex: Executor, rows: JobRow[], onDuplicate: OnDuplicate = 'keep'): Promise<void> {
      for (const row of rows) {
        const query = row.dedupe_key === null ? q.insert : onDuplicate === 'keep' ? q.insertKeep : q.insertRequeue;
        await query.run(row, ex);
      }
    },

    /** Leases due jobs of one kind to `leaseToken` until `leaseUntil`; returns them, oldest first. */
    async claim(
      kind: string,
      ordered: boolean,
      limit: number,
      now: number,
      leaseUntil: number,
      leaseToken: string,
      fair = false,
    ): Promise<JobRow[]> {
      const leased = await claimQuery(ordered, fair).all(
        { kind, now, limit, lease_until: leaseUntil, lease_token: leaseToken },
        db.root,
      );
      if (leased.length === 0) return [];
      // Every row this claim leased carries its token, so one prepared read fetches them all.
      return q.claimed.all({ lease_token: leaseToken }, db.root);
    },

    /** Removes a job that succeeded; false when the lease was lost. */
    async done(ex: Executor, id: string, leaseToken: string): Promise<boolean> {
      return (await q.done.run({ id, lease_token: leaseToken }, ex)) > 0;
    },

    /** Moves a leased job to `state` (queued again at runAt, paused or dead) and drops the lease. */
    async settle(
      ex: Executor,
      job: { id: string; leaseToken: string },
      next: { state: JobState; runAt: number; attempts: number; error: string | null },
      now: number,
    ): Promise<boolean> {
      const args = {
        id: job.id,
        lease_token: job.leaseToken,
        state: next.state,
        run_at: next.runAt,
        attempts: next.attempts,
        last_error: next.error,
        now,
      };
      return (await q.settle.run(args, ex)) > 0;
    },

    /** Gives a leased job back untouched (its runner is stopping before it could finish). */
    async release(id: string, leaseToken: string): Promise<void> {
      await q.release.run({ id, lease_token: leaseToken }, db.root);
    },

    async extendLease(id: string, leaseToken: string, leaseUntil: number): Promise<boolean> {
      return (await q.extend.run({ id, lease_token: leaseToken, lease_until: leaseUntil }, db.root)) > 0;
    },

    /** Queues the paused jobs of a group again, due now. */
    async resumeGroup(ex: Executor, kind: string, group: string, now: number): Promise<number> {
      return changed(
        ex,
        k
          .updateTable('jobs')
          .set({ state: 'queued', run_at: now, updated_at: now })
          .where('kind', '=', kind)
          .where('group_key', '=', group)
          .where('state', '=', 'paused'),
      );
    },

    /** Removes every job of a group, or of several, whatever its state (its subject is gone). */
    async deleteGroup(ex: Executor, kind: string, group: string | readonly string[]): Promise<number> {
      if (typeof group === 'string') {
        return changed(ex, k.deleteFrom('jobs').where('kind', '=', kind).where('group_key', '=', group));
      }
      let deleted = 0;
      for (let i = 0; i < group.length; i += 500) {
        deleted += await changed(
          ex,
          k
            .deleteFrom('jobs')
            .where('kind', '=', kind)
            .where('group_key', 'in', group.slice(i, i + 500)),
        );
      }
      return deleted;
    },

    /** Jobs for `roster jobs list`, oldest first. */
    async list(filter: JobFilter, now: number): Promise<JobRow[]> {
      let query = k.selectFrom('jobs').selectAll();
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.state === 'running') {
        query = query.where('state', '=', 'queued').where('lease_until', '>', now);
      } else if (filter.state !== undefined) {
        query = query.where('state', '=', filter.state);
      }
      return all(db.root, query.orderBy('id').limit(filter.limit));
    },

    async find(id: string): Promise<JobRow | undefined> {
      return (await all(db.root, k.selectFrom('jobs').selectAll().where('id', '=', id)))[0];
    },

    /** A dead or paused job queued again from its first attempt; false when there is no such job. */
    async retry(id: string, now: number): Promise<boolean> {
      const query = k
        .updateTable('jobs')
        .set({ state: 'queued', attempts: 0, run_at: now, last_error: null, updated_at: now })
        .where('id', '=', id)
        .where('state', 'in', ['dead', 'paused']);
      return (await changed(db.root, query)) > 0;
    },

    /** Removes a job that is not running; false when there is none or it is under a live lease. */
    async cancel(id: string, now: number): Promise<boolean> {
      const query = k
        .deleteFrom('jobs')
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
      return (await changed(db.root, query)) > 0;
    },

    /** Jobs by kind and state, for metrics and the CLI. */
    async counts(now: number): Promise<KindCounts[]> {
      const rows = await all(
        db.root,
        k
          .selectFrom('jobs')
          .select((eb) => [
            'kind',
            'state',
            eb.fn.countAll<number | string>().as('n'),
            eb.fn
              .sum<number | string | null>(eb.case().when('lease_until', '>', now).then(1).else(0).end())
              .as('leased'),
          ])
          .groupBy(['kind', 'state']),
      );
      const byKind = new Map<string, KindCounts>();
      for (const row of rows) {
        const counts = byKind.get(row.kind) ?? { kind: row.kind, queued: 0, running: 0, paused: 0, dead: 0 };
        const n = Number(row.n);
        const leased = Number(row.leased ?? 0);
        if (row.state === 'queued') {
          counts.queued += n - leased;
          counts.running += leased;
        } else if (row.state === 'paused') counts.paused += n;
        else if (row.state === 'dead') counts.dead += n;
        byKind.set(row.kind, counts);
      }
      return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
    },

    /**
     * When the earliest queued job due by `until` is due, leaving out some kinds; null when none is.
     * The emulator's clock steps through these so that a long jump runs each retry at its time.
     */
    async nextRunAt(until: number, skipKinds: readonly string[]): Promise<number | null> {
      let query = k
        .selectFrom('jobs')
        .select((eb) => eb.fn.min('run_at').as('at'))
        .where('state', '=', 'queued')
        .where('run_at', '<=', until);
      if (skipKinds.length > 0) query = query.where('kind', 'not in', skipKinds);
      const [row] = await all(db.root, query);
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    /** Deletes up to `batch` dead jobs last touched before `cutoff`. */
    async purgeDead(cutoff: number, batch: number): Promise<number> {
      const candidates = k
        .selectFrom('jobs')
        .select('id')
        .where('state', '=', 'dead')
        .where('updated_at', '<', cutoff)
        .limit(batch);
      return changed(db.root, k.deleteFrom('jobs').where('id', 'in', candidates));
    },
  };
}

export type JobsStore = ReturnType<typeof createJobsStore>;
