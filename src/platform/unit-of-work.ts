// The unit of work: a service runs its writes in one unit, records the events the change causes
// and queues the background work it needs, and all of it commits or rolls back together. Events
// go to the event sinks (the webhooks outbox) and jobs to the jobs table inside the same
// transaction; after the commit, the jobs runner is woken, in this process at once and in the
// others through the database. No service signals anything by hand, and none asks whether an
// endpoint listens: the sinks decide what to keep.
import type { Db, Executor } from '../db/executor.js';
import type { JobInput, JobRow, OnDuplicate } from '../jobs/jobs.store.js';
import { jobRow } from '../jobs/jobs.store.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import {
  eventData,
  eventDeliveryTags,
  type EventInput,
  type EventSink,
  type EventType,
  type RecordedEvent,
  type SinkPlan,
} from './events.js';

/**
 * A change of configuration a service makes (an API key, a webhook, a persona...): handed to the
 * change hooks (the audit log) inside the unit's transaction. `before` is null for a creation and
 * `after` null for a deletion; `sensitive` names fields whose values must never be copied.
 */
export interface ChangeInput {
  agentId: string;
  entityType: string;
  entityId: string;
  /** A human-readable name of the entity, when it has one. */
  entityName?: string;
  activity: 'created' | 'updated' | 'deleted' | 'executed' | 'activated' | 'deactivated';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  sensitive?: readonly string[];
}

/** Runs before the sinks, inside the transaction; it may record events of its own through `unit`. */
export type ChangeHook = (unit: Work, changes: readonly ChangeInput[]) => Promise<void>;

export interface Work {
  /** Runs the unit's statements (its transaction, or the database itself for a single write). */
  readonly ex: Executor;
  /** Records an event of the change; written before the commit if any sink keeps it. */
  record(event: EventInput): void;
  /** Records a configuration change for the change hooks (the audit log); written before the commit. */
  change(change: ChangeInput): void;
  /** Queues background work; written before the commit. */
  enqueue(job: JobInput & { onDuplicate?: OnDuplicate }): void;
  /** Queues a group's paused jobs again, now (the runner is woken after the commit). */
  resumeGroup(kind: string, group: string): Promise<void>;
  /** Removes every job of a group, or of several groups (their subject is gone). */
  dropGroup(kind: string, group: string | readonly string[]): Promise<void>;
}

/** The jobs side of a unit: where queued jobs are written and who is told after the commit. */
export interface JobQueue {
  /** Whether this process knows the kind (a job of an unknown kind is a programming error). */
  accepts(kind: string): boolean;
  insert(ex: Executor, rows: JobRow[], onDuplicate: OnDuplicate): Promise<void>;
  resumeGroup(ex: Executor, kind: string, group: string, now: number): Promise<number>;
  deleteGroup(ex: Executor, kind: string, group: string | readonly string[]): Promise<number>;
  /** Called after a commit that queued jobs of these kinds. */
  committed(kinds: ReadonlySet<string>): void;
}

/** What a single-write unit may add to its one statement, declared before it runs. */
export interface SinglePlan {
  agentId: string;
  events?: readonly EventType[];
  jobs?: readonly string[];
}

export interface UnitOfWork {
  /** Runs `work` in one transaction with everything it records and queues. */
  transaction<T>(work: (unit: Work) => Promise<T>): Promise<T>;
  /**
   * For a change that is one statement, atomic by itself: it runs without a transaction unless an
   * event it may record is kept by a sink or it may queue a job, in which case it runs as
   * `transaction` would. This keeps the cost of the commonest writes at one round trip.
   */
  single<T>(plan: SinglePlan, work: (unit: Work) => Promise<T>): Promise<T>;
  addSink(sink: EventSink): void;
  addChangeHook(hook: ChangeHook): void;
}

export function createUnitOfWork(deps: { db: Db; clock: Clock; queue: JobQueue }): UnitOfWork {
  const { db, clock, queue } = deps;
  const sinks: EventSink[] = [];
  const changeHooks: ChangeHook[] = [];

  async function plansFor(ex: Executor, agentId: string): Promise<SinkPlan[]> {
    const plans: SinkPlan[] = [];
    for (const sink of sinks) plans.push(await sink.plan(ex, agentId));
    return plans;
  }

  async function run<T>(work: (unit: Work) => Promise<T>, known?: { agentId: string; plans: SinkPlan[] }): Promise<T> {
    const events: RecordedEvent[] = [];
    const changes: ChangeInput[] = [];
    const jobs: Array<{ row: JobRow; onDuplicate: OnDuplicate }> = [];
    const woken = new Set<string>();
    const result = await db.transaction(async (ex) => {
      const unit: Work = {
        ex,
        record(input) {
          const now = clock.now();
          events.push({ ...input, id: newId(now, input.agentId), recordedAt: now });
        },
        change(input) {
          changes.push(input);
        },
        enqueue(job) {
          if (!queue.accepts(job.kind)) throw new Error(`no job kind "${job.kind}" is defined`);
          jobs.push({ row: jobRow(job, clock.now()), onDuplicate: job.onDuplicate ?? 'keep' });
        },
        async resumeGroup(kind, group) {
          if ((await queue.resumeGroup(ex, kind, group, clock.now())) > 0) woken.add(kind);
        },
        async dropGroup(kind, group) {
          await queue.deleteGroup(ex, kind, group);
        },
      };
      const value = await work(unit);
      if (changes.length > 0) for (const hook of changeHooks) await hook(unit, changes);
      if (events.length > 0) {
        const sinkWork = { ex, enqueue: unit.enqueue };
        for (const agentId of new Set(events.map((e) => e.agentId))) {
          const plans = known?.agentId === agentId ? known.plans : await plansFor(ex, agentId);
          const mine = events.filter((e) => e.agentId === agentId);
          const kept = mine.filter((e) => plans.some((p) => p.wants(e.type)));
          for (const event of kept) {
            event.data = await eventData(event);
            event.deliveryTags = await eventDeliveryTags(event);
          }
          for (const plan of plans) {
            const wanted = kept.filter((e) => plan.wants(e.type));
            if (wanted.length > 0) await plan.write(sinkWork, wanted);
          }
        }
      }
      for (const onDuplicate of ['keep', 'requeue'] as const) {
        const rows = jobs.filter((j) => j.onDuplicate === onDuplicate).map((j) => j.row);
        if (rows.length > 0) await queue.insert(ex, rows, onDuplicate);
      }
      return value;
    });
    for (const job of jobs) woken.add(job.row.kind);
    if (woken.size > 0) queue.committed(woken);
    return result;
  }

  return {
    transaction: (work) => run(work),

    async single(plan, work) {
      const plans = plan.events?.length ? await plansFor(db.root, plan.agentId) : [];
      const kept = (plan.events ?? []).some((type) => plans.some((p) => p.wants(type)));
      const queued = (plan.jobs ?? []).some((kind) => queue.accepts(kind));
      if (kept || queued) return run(work, { agentId: plan.agentId, plans });
      // Nobody keeps the events: they are dropped as they are recorded, their data never built.
      return work({
        ex: db.root,
        record(input) {
          if (!plan.events?.includes(input.type)) throw new Error(`event ${input.type} is not in the unit's plan`);
        },
        change() {
          throw new Error('a single-write unit cannot record configuration changes: use a transaction');
        },
        enqueue(job) {
          throw new Error(`job ${job.kind} cannot be queued by this unit: no such kind is defined`);
        },
        resumeGroup() {
          throw new Error('a single-write unit cannot resume jobs');
        },
        dropGroup() {
          throw new Error('a single-write unit cannot drop jobs');
        },
      });
    },

    addSink(sink) {
      sinks.push(sink);
    },

    addChangeHook(hook) {
      changeHooks.push(hook);
    },
  };
}
