// The jobs runner: all of Roster's background work (webhook deliveries, sweeps, purges, the AI
// Agent's turns) runs from the jobs table through this one loop, inside `roster serve` or alone
// as `roster worker`; any number of runners may share one database. Its design follows the
// PostgreSQL job queues that have proven it (pg-boss, graphile-worker): claims leased with
// FOR UPDATE SKIP LOCKED, leases that run out and make a crashed runner's jobs claimable again,
// retries on a backoff per kind, and LISTEN/NOTIFY wake-ups so runners seldom poll. Those queues
// are PostgreSQL-only (and need a newer Node.js), which is why Roster keeps its own table: the
// same design works on the embedded SQLite database.
//
// Each kind has its own slots (concurrency) and claims due jobs in batches while slots are free.
// A commit in this process wakes its runner at once; commits elsewhere wake it through NOTIFY or
// its next poll; a retry due before the next poll sets a timer of its own.
import { randomBytes } from 'node:crypto';
import type { Db, Executor } from '../db/executor.js';
import type { Clock } from '../lib/clock.js';
import { retrying } from '../lib/retry.js';
import type { UnitOfWork, Work } from '../platform/unit-of-work.js';
import type { JobRow, JobsStore } from './jobs.store.js';

/** The channel runners LISTEN on and commits NOTIFY. */
export const WAKE_CHANNEL = 'roster_jobs';

/** What a handler sees of its job. */
export interface Job<P = unknown> {
  id: string;
  kind: string;
  agentId: string | null;
  group: string | null;
  ref: string | null;
  payload: P;
  /** This attempt's number, from 1. */
  attempt: number;
  /** When the job was due: how long it waited is now - runAt. */
  runAt: number;
}

export type FailureOutcome = 'retry' | 'dead';

/** How a failed attempt ends: tried again at runAt, or dead (runAt null). */
export interface Failure {
  outcome: FailureOutcome;
  runAt: number | null;
}

export interface JobContext {
  /** Runs the handler's reads on the runner's own database connections. */
  readonly ex: Executor;
  /** Aborted when the runner stops before the handler finished; the job is then run again later. */
  readonly signal: AbortSignal;
  /**
   * Ends the job as done, with `writes` committed in the same unit of work. False when the lease
   * was lost meanwhile (another runner took the job over): nothing was committed.
   */
  succeed(writes?: (unit: Work) => Promise<void>): Promise<boolean>;
  /**
   * Ends this attempt as failed: the job runs again after its kind's backoff, or is dead when the
   * backoff has no further delay. `writes` commit with it and learn which.
   */
  fail(error: string, writes?: (unit: Work, failure: Failure) => Promise<void>): Promise<Failure | null>;
  /** Sets the job aside, uncounted, until its group is resumed. */
  pause(): Promise<boolean>;
  /** Keeps the lease for another leaseMs (for long jobs); false when it was lost. */
  heartbeat(): Promise<boolean>;
}

export interface JobDefinition<P = any, L = any> {
  kind: string;
  /** Jobs of this kind running at once in one runner. */
  concurrency: number;
  /** How long a claim holds the job; past it, another runner may take it over. */
  leaseMs: number;
  /** Delay before the next try after `attempt` failed, or null when the job is dead. */
  backoff(attempt: number): number | null;
  /** One job at a time per group, in the order they were queued. */
  ordered?: boolean;
  /**
   * Shares the kind's slots between AI Agents: claims take the agents' due jobs round-robin, and
   * one runner runs at most `perAgent` jobs of one agent and `perGroup` of one group at once, so
   * a tenant whose jobs hang (an endpoint that never answers) cannot hold every slot.
   */
  fairness?: { perAgent: number; perGroup: number };
  /** Runs every this many milliseconds: one job of the kind always exists, scheduled again after each run. */
  every?: number;
  /**
   * Reads what a batch of claimed jobs needs in one go, keyed by job id, so a batch costs a fixed
   * number of queries rather than one per job.
   */
  load?(jobs: Job<P>[], ex: Executor): Promise<Map<string, L>>;
  /**
   * Does the work. Resolving without calling succeed/fail/pause succeeds the job; throwing fails
   * this attempt with the error's message. `loaded` is what load() found for this job.
   */
  run(job: Job<P>, ctx: JobContext, loaded: L | undefined): Promise<void>;
}

export interface RunnerEvents {
  onError?(error: unknown, context: { kind: string; jobId?: string }): void;
  onSettled?(kind: string, outcome: 'done' | FailureOutcome | 'paused' | 'lease-lost', seconds: number): void;
}

export interface RunnerOptions extends RunnerEvents {
  db: Db;
  store: JobsStore;
  units: UnitOfWork;
  clock: Clock;
  pollIntervalMs: number;
}

/** Commits notify one by one; waiting this long gathers a burst of them into one claim. */
const NOTIFY_COALESCE_MS = 5;

/** Waits before each further try to record how a job ended, after a database error. */
const SETTLE_RETRY_DELAYS_MS = [500, 1_000];

class LeaseLost extends Error {}

interface KindState {
  def: JobDefinition;
  inFlight: Map<string, { done: Promise<void>; abort: AbortController; agentId: string | null; group: string | null }>;
  pumping: Promise<void> | null;
  again: boolean;
  launched: number;
  notifyTimer: NodeJS.Timeout | null;
  minBatch: number;
}

export function createRunner(options: RunnerOptions) {
  const { db, store, units, clock } = options;
  const runnerId = randomBytes(6).toString('hex');
  const kinds = new Map<string, KindState>();
  const timers = new Set<NodeJS.Timeout>();
  let claimCounter = 0;
  let running = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let unlisten: (() => Promise<void>) | null = null;

  function define(def: JobDefinition): void {
    if (kinds.has(def.kind)) throw new Error(`job kind "${def.kind}" is defined twice`);
    kinds.set(def.kind, {
      def,
      inFlight: new Map(),
      pumping: null,
      again: false,
      launched: 0,
      notifyTimer: null,
      minBatch: Math.max(1, Math.floor(def.concurrency / 4)),
    });
  }

  function toJob(row: JobRow): Job {
    return {
      id: row.id,
      kind: row.kind,
      agentId: row.agent_id,
      group: row.group_key,
      ref: row.ref_id,
      payload: JSON.parse(row.payload) as unknown,
      attempt: Number(row.attempts) + 1,
      runAt: Number(row.run_at),
    };
  }

  /** Wakes the kind when a job falls due sooner than the next poll would notice. */
  function wakeAt(state: KindState, at: number): void {
    const delay = at - clock.now();
    if (delay >= options.pollIntervalMs || !running) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        void pump(state);
      },
      Math.max(0, delay),
    );
    timer.unref();
    timers.add(timer);
  }

  async function execute(
    state: KindState,
    job: Job,
    lease: { id: string; leaseToken: string },
    loaded: unknown,
    abort: AbortController,
  ): Promise<void> {
    const { def } = state;
    const started = clock.now();
    let settled = false;
    const report = (outcome: 'done' | FailureOutcome | 'paused' | 'lease-lost') => {
      options.onSettled?.(def.kind, outcome, Math.max(0, clock.now() - started) / 1000);
    };

    /**
     * Ends the job with `change`, and `writes` in the same unit when given. The work has had its
     * effect by now, so a passing database failure is retried before the job is left to its lease.
     */
    async function settle(change: (ex: Work['ex']) => Promise<boolean>, writes?: (unit: Work) => Promise<void>) {
      settled = true;
      if (!writes) return retrying(() => change(db.root), SETTLE_RETRY_DELAYS_MS);
      try {
        await retrying(
          () =>
            units.transaction(async (unit) => {
              if (!(await change(unit.ex))) throw new LeaseLost();
              await writes(unit);
            }),
          SETTLE_RETRY_DELAYS_MS,
          (error) => !(error instanceof LeaseLost),
        );
        return true;
      } catch (error) {
        if (error instanceof LeaseLost) return false;
        throw error;
      }
    }

    const ctx: JobContext = {
      ex: db.root,
      signal: abort.signal,
      async succeed(writes) {
        const now = clock.now();
        const ok = await settle(
          (ex) =>
            def.every === undefined
              ? store.done(ex, lease.id, lease.leaseToken)
              : store.settle(ex, lease, { state: 'queued', runAt: now + def.every, attempts: 0, error: null }, now),
          writes,
        );
        report(ok ? 'done' : 'lease-lost');
        return ok;
      },
      async fail(error, writes) {
        const now = clock.now();
        const delay = def.backoff(job.attempt);
        const failure: Failure =
          delay === null ? { outcome: 'dead', runAt: null } : { outcome: 'retry', runAt: now + delay };
        const next = {
          state: failure.outcome === 'dead' ? ('dead' as const) : ('queued' as const),
          runAt: failure.runAt ?? now,
          attempts: job.attempt,
          error: error.slice(0, 2_000),
        };
        const ok = await settle(
          (ex) => store.settle(ex, lease, next, now),
          writes && ((unit) => writes(unit, failure)),
        );
        report(ok ? failure.outcome : 'lease-lost');
        if (ok && failure.runAt !== null) wakeAt(state, failure.runAt);
        return ok ? failure : null;
      },
      async pause() {
        const now = clock.now();
        const ok = await settle((ex) =>
          store.settle(ex, lease, { state: 'paused', runAt: now, attempts: job.attempt - 1, error: null }, now),
        );
        report(ok ? 'paused' : 'lease-lost');
        return ok;
      },
      heartbeat: () => store.extendLease(lease.id, lease.leaseToken, clock.now() + def.leaseMs),
    };

    try {
      await def.run(job, ctx, loaded);
      if (!settled && !abort.signal.aborted) await ctx.succeed();
    } catch (error) {
      if (settled) throw error;
      if (abort.signal.aborted) return;
      await ctx.fail(error instanceof Error ? error.message : String(error));
    } finally {
      // Stopped before it finished: give the job back so a runner takes it again soon.
      if (!settled && abort.signal.aborted) await store.release(lease.id, lease.leaseToken).catch(() => {});
    }
  }

  function launch(state: KindState, job: Job, leaseToken: string, loaded: unknown): void {
    state.launched++;
    const abort = new AbortController();
    const done = execute(state, job, { id: job.id, leaseToken }, loaded, abort)
      .catch((error) => options.onError?.(error, { kind: state.def.kind, jobId: job.id }))
      .finally(() => {
        state.inFlight.delete(job.id);
        void pump(state);
      });
    state.inFlight.set(job.id, { done, abort, agentId: job.agentId, group: job.group });
  }

  /** Starts a claimed batch: its load() once, then every job. */
  async function launchBatch(state: KindState, rows: JobRow[]): Promise<void> {
    const jobs = rows.map(toJob);
    let loaded: Map<string, unknown> | null = null;
    try {
      loaded = state.def.load ? await state.def.load(jobs, db.root) : null;
    } catch (error) {
      // Nothing ran: give the batch back; it is claimed again at the next pump.
      await Promise.all(rows.map((r) => store.release(r.id, r.lease_token as string).catch(() => {})));
      throw error;
    }
    rows.forEach((row, i) => launch(state, jobs[i] as Job, row.lease_token as string, loaded?.get(row.id)));
  }

  /** Splits a claimed batch into the jobs within their agent's and group's shares and the rest. */
  function withinShares(state: KindState, rows: JobRow[]): { launch: JobRow[]; over: JobRow[] } {
    const { perAgent, perGroup } = state.def.fairness as { perAgent: number; perGroup: number };
    const agents = new Map<string, number>();
    const groups = new Map<string, number>();
    for (const f of state.inFlight.values()) {
      if (f.agentId !== null) agents.set(f.agentId, (agents.get(f.agentId) ?? 0) + 1);
      if (f.group !== null) groups.set(f.group, (groups.get(f.group) ?? 0) + 1);
    }
    const launch: JobRow[] = [];
    const over: JobRow[] = [];
    for (const row of rows) {
      const agentCount = row.agent_id === null ? 0 : (agents.get(row.agent_id) ?? 0);
      const groupCount = row.group_key === null ? 0 : (groups.get(row.group_key) ?? 0);
      if (agentCount >= perAgent || groupCount >= perGroup) {
        over.push(row);
        continue;
      }
      if (row.agent_id !== null) agents.set(row.agent_id, agentCount + 1);
      if (row.group_key !== null) groups.set(row.group_key, groupCount + 1);
      launch.push(row);
    }
    return { launch, over };
  }

  async function claimAndLaunch(state: KindState): Promise<void> {
    const { def } = state;
    try {
      do {
        state.again = false;
        // With slots to spare claim at once; when nearly full, wait until a batch's worth is
        // free, so a busy runner claims several jobs per statement instead of one per finish.
        while (running && def.concurrency - state.inFlight.size >= (state.inFlight.size === 0 ? 1 : state.minBatch)) {
          const now = clock.now();
          const rows = await store.claim(
            def.kind,
            def.ordered ?? false,
            def.concurrency - state.inFlight.size,
            now,
            now + def.leaseMs,
            `${runnerId}-${++claimCounter}`,
            def.fairness !== undefined,
          );
          if (!running) {
            await Promise.all(rows.map((r) => store.release(r.id, r.lease_token as string)));
            break;
          }
          const { launch: launchable, over } = def.fairness ? withinShares(state, rows) : { launch: rows, over: [] };
          // Over an agent's or group's share: handed back at once, for when a slot of theirs frees.
          if (over.length > 0) await Promise.all(over.map((r) => store.release(r.id, r.lease_token as string)));
          await launchBatch(state, launchable);
          if (launchable.length === 0) break;
        }
      } while (state.again && running);
    } catch (error) {
      options.onError?.(error, { kind: def.kind });
    }
  }

  /** Claims and launches due jobs of one kind while it has free slots. One pump per kind at a time. */
  function pump(state: KindState): Promise<void> {
    if (!running) return Promise.resolve();
    if (state.pumping) {
      state.again = true;
      return state.pumping;
    }
    // Cleared in a .finally callback, which always runs after this assignment, even when the
    // pump had nothing to await (all slots busy) and finished synchronously.
    state.pumping = claimAndLaunch(state).finally(() => {
      state.pumping = null;
    });
    return state.pumping;
  }

  function pumpAll(): void {
    for (const state of kinds.values()) void pump(state);
  }

  function nudge(state: KindState): void {
    if (!running || state.notifyTimer) return;
    state.notifyTimer = setTimeout(() => {
      state.notifyTimer = null;
      void pump(state);
    }, NOTIFY_COALESCE_MS);
  }

  /** Makes sure each periodic kind has its job (the first run is due one period from now). */
  async function schedulePeriodic(): Promise<void> {
    const now = clock.now();
    const rows = [...kinds.values()]
      .filter((s) => s.def.every !== undefined)
      .map((s) => ({
        kind: s.def.kind,
        payload: null,
        dedupe: 'periodic',
        runAt: now + (s.def.every as number),
      }));
    if (rows.length === 0) return;
    await units.transaction(async (unit) => {
      for (const row of rows) unit.enqueue(row);
    });
  }

  function inFlightDone(): Promise<unknown> {
    return Promise.all([...kinds.values()].flatMap((s) => [...s.inFlight.values()].map((f) => f.done)));
  }

  return {
    define,

    /** The kinds this runner knows. */
    accepts: (kind: string) => kinds.has(kind),

    definitions: () => [...kinds.values()].map((s) => s.def),

    /** Wakes the runner after a commit that queued jobs of these kinds (the unit of work calls it). */
    committed(kindNames: ReadonlySet<string>): void {
      for (const name of kindNames) {
        const state = kinds.get(name);
        if (state) nudge(state);
      }
      db.notify(WAKE_CHANNEL);
    },

    async start(): Promise<void> {
      if (running) return;
      running = true;
      await schedulePeriodic();
      unlisten = await db.listen(WAKE_CHANNEL, () => {
        for (const state of kinds.values()) nudge(state);
      });
      // Not unref'd: this timer is what keeps a lone `roster worker` process alive.
      pollTimer = setInterval(pumpAll, options.pollIntervalMs);
      pumpAll();
    },

    /**
     * Runs every job due now, and the jobs those queue, until none is due; waits for them. Works
     * whether or not the runner was started. For tests and tools: with a clock moved by hand,
     * this is how time-driven work happens at once.
     */
    async drain(kind?: string): Promise<void> {
      const wasRunning = running;
      running = true;
      try {
        const states = kind === undefined ? [...kinds.values()] : [kinds.get(kind)].filter((s) => s !== undefined);
        for (;;) {
          const before = states.reduce((n, s) => n + s.launched, 0);
          await Promise.all(states.map((s) => pump(s)));
          // A job that finishes starts a pump of its own, which may still be claiming: wait for
          // those too, or a job it is about to launch would be missed.
          while (states.some((s) => s.inFlight.size > 0 || s.pumping !== null)) {
            await Promise.all(states.flatMap((s) => [...[...s.inFlight.values()].map((f) => f.done), s.pumping]));
          }
          if (states.reduce((n, s) => n + s.launched, 0) === before) return;
        }
      } finally {
        running = wasRunning;
      }
    },

    /** Jobs running in this process now, by kind. */
    inFlight(kind: string): number {
      return kinds.get(kind)?.inFlight.size ?? 0;
    },

    /**
     * Stops claiming, lets jobs in flight finish for up to graceMs, then aborts the rest and gives
     * them back to the queue (they run again: handlers are written to be run more than once).
     */
    async stop(graceMs = 5_000): Promise<void> {
      running = false;
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
      for (const state of kinds.values()) {
        if (state.notifyTimer) clearTimeout(state.notifyTimer);
        state.notifyTimer = null;
      }
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await unlisten?.();
      unlisten = null;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), graceMs);
      });
      if ((await Promise.race([inFlightDone(), expired])) === 'expired') {
        for (const state of kinds.values()) for (const f of state.inFlight.values()) f.abort.abort();
        await inFlightDone();
      }
      clearTimeout(timer);
      await Promise.all([...kinds.values()].map((s) => s.pumping));
    },
  };
}

export type Runner = ReturnType<typeof createRunner>;
