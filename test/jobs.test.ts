// The jobs runner and the unit of work, on both engines, with a clock moved by hand: jobs run and
// leave the table; failures retry on their kind's backoff and die visibly; a lease that runs out
// hands a job to another runner and the first one's late result is refused; ordered kinds keep
// their order per group; concurrency is bounded per kind; periodic kinds come back; units of work
// commit or roll back their events and jobs with their own writes; /metrics shows it all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunner, type JobDefinition } from '../src/jobs/jobs.runner.js';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';

const MINUTE = 60_000;

/** A test kind: records each run, and fails or waits as the test says. */
function probe(kind: string, overrides: Partial<JobDefinition> = {}) {
  const runs: Array<{ payload: unknown; attempt: number; group: string | null }> = [];
  let behaviour: (payload: any, attempt: number) => Promise<void> = async () => {};
  const definition: JobDefinition = {
    kind,
    concurrency: 4,
    leaseMs: MINUTE,
    backoff: (attempt) => (attempt < 3 ? attempt * MINUTE : null),
    async run(job) {
      runs.push({ payload: job.payload, attempt: job.attempt, group: job.group });
      await behaviour(job.payload, job.attempt);
    },
    ...overrides,
  };
  return {
    definition,
    runs,
    behave(next: typeof behaviour) {
      behaviour = next;
    },
  };
}

describe.each(ENGINES)('jobs runner on %s', (engine) => {
  let ctx: TestContext;
  const work = probe('test.work');
  const ordered = probe('test.ordered', { ordered: true, concurrency: 8 });
  const narrow = probe('test.narrow', { concurrency: 2 });

  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    for (const p of [work, ordered, narrow]) ctx.container.jobs.runner.define(p.definition);
  });
  afterAll(async () => ctx?.close());
  beforeEach(() => {
    for (const p of [work, ordered, narrow]) {
      p.runs.length = 0;
      p.behave(async () => {});
    }
  });

  const enqueue = (jobs: Array<{ kind: string; payload: unknown; group?: string; runAt?: number }>) =>
    ctx.container.units.transaction(async (unit) => {
      for (const job of jobs) unit.enqueue(job);
    });
  const rows = (kind: string) =>
    ctx.container.db.kysely.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute();

  it('runs a queued job once and removes it', async () => {
    await enqueue([{ kind: 'test.work', payload: { n: 1 } }]);
    expect(await rows('test.work')).toHaveLength(1);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs).toEqual([{ payload: { n: 1 }, attempt: 1, group: null }]);
    expect(await rows('test.work')).toEqual([]);
  });

  it('waits until a job is due', async () => {
    await enqueue([{ kind: 'test.work', payload: 'later', runAt: ctx.clock.now() + MINUTE }]);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs).toEqual([]);
    ctx.clock.advance(MINUTE);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs.map((r) => r.payload)).toEqual(['later']);
  });

  it('retries on the backoff, then keeps the job dead and visible; retry and cancel act on it', async () => {
    work.behave(async () => {
      throw new Error('receiver said no');
    });
    await enqueue([{ kind: 'test.work', payload: 'flaky' }]);
    await ctx.container.jobs.drain('test.work');
    let [row] = await rows('test.work');
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'receiver said no', lease_token: null });
    expect(Number(row!.run_at)).toBe(ctx.clock.now() + MINUTE);

    // Not before its time.
    ctx.clock.advance(MINUTE - 1);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs).toHaveLength(1);
    ctx.clock.advance(1);
    await ctx.container.jobs.drain('test.work');
    ctx.clock.advance(2 * MINUTE);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    [row] = await rows('test.work');
    expect(row).toMatchObject({ state: 'dead', attempts: 3, last_error: 'receiver said no' });

    // Dead jobs stay until an operator acts.
    ctx.clock.advance(24 * 60 * MINUTE);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs).toHaveLength(3);
    const store = ctx.container.jobs.store;
    expect((await store.counts(ctx.clock.now())).find((c) => c.kind === 'test.work')).toMatchObject({ dead: 1 });
    expect(await store.list({ kind: 'test.work', state: 'dead', limit: 10 }, ctx.clock.now())).toHaveLength(1);

    work.behave(async () => {});
    expect(await store.retry(row!.id, ctx.clock.now())).toBe(true);
    await ctx.container.jobs.drain('test.work');
    expect(work.runs.map((r) => r.attempt)).toEqual([1, 2, 3, 1]);
    expect(await rows('test.work')).toEqual([]);

    await enqueue([{ kind: 'test.work', payload: 'unwanted', runAt: ctx.clock.now() + MINUTE }]);
    const [unwanted] = await rows('test.work');
    expect(await store.cancel(unwanted!.id, ctx.clock.now())).toBe(true);
    expect(await store.cancel(unwanted!.id, ctx.clock.now())).toBe(false);
    expect(await store.retry(unwanted!.id, ctx.clock.now())).toBe(false);
    expect(await rows('test.work')).toEqual([]);
  });

  it('hands a job whose lease ran out to another runner; the first one cannot finish it any more', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let firstRunSettled: boolean | null = null;
    const slow = probe('test.lease', {
      leaseMs: MINUTE,
      async run(job, ctx2) {
        slow.runs.push({ payload: job.payload, attempt: job.attempt, group: job.group });
        if (slow.runs.length === 1) {
          await stuck;
          // Too late: another runner holds the lease now. Its writes must not land either.
          firstRunSettled = await ctx2.succeed(async (unit) => {
            unit.enqueue({ kind: 'test.work', payload: 'written by the stale runner' });
          });
        }
      },
    });
    const { db, jobs, units, clock } = ctx.container;
    const runnerA = createRunner({ db, store: jobs.store, units, clock, pollIntervalMs: 50 });
    const runnerB = createRunner({ db, store: jobs.store, units, clock, pollIntervalMs: 50 });
    runnerA.define(slow.definition);
    runnerB.define(slow.definition);
    await ctx.container.units.transaction(async (unit) => {
      // Queued directly: the container's runner does not know test.lease.
      await ctx.container.jobs.store.insert(unit.ex, [
        {
          id: 'aaaaaaaaaaaaaaaaaaaaaaa1',
          kind: 'test.lease',
          agent_id: null,
          group_key: null,
          dedupe_key: null,
          ref_id: null,
          payload: '"only once"',
          state: 'queued',
          run_at: clock.now(),
          attempts: 0,
          lease_until: null,
          lease_token: null,
          last_error: null,
          created_at: clock.now(),
          updated_at: clock.now(),
        },
      ]);
    });
    const first = runnerA.drain();
    while (slow.runs.length === 0) await new Promise((r) => setTimeout(r, 5));
    // Runner B finds nothing while A's lease holds, and takes the job over once it ran out.
    await runnerB.drain();
    expect(slow.runs).toHaveLength(1);
    ctx.clock.advance(MINUTE);
    await runnerB.drain();
    expect(slow.runs.map((r) => r.attempt)).toEqual([1, 1]);
    release();
    await first;
    expect(firstRunSettled).toBe(false);
    expect(await rows('test.lease')).toEqual([]);
    expect((await rows('test.work')).map((r) => r.payload)).not.toContain('"written by the stale runner"');
  });

  it('gives jobs still running back to the queue when stopped past its grace, to run again', async () => {
    let calls = 0;
    const stubborn = probe('test.stubborn', {
      async run(job, ctx2) {
        stubborn.runs.push({ payload: job.payload, attempt: job.attempt, group: job.group });
        if (++calls > 1) return;
        // The first run ignores everything but the abort.
        await new Promise<void>((resolve) => ctx2.signal.addEventListener('abort', () => resolve()));
      },
    });
    ctx.container.jobs.runner.define(stubborn.definition);
    await enqueue([{ kind: 'test.stubborn', payload: 'long' }]);
    await ctx.container.jobs.start();
    while (stubborn.runs.length === 0) await new Promise((r) => setTimeout(r, 5));
    await ctx.container.jobs.stop(50);
    const [row] = await rows('test.stubborn');
    expect(row).toMatchObject({ state: 'queued', attempts: 0, lease_token: null, lease_until: null });
    await ctx.container.jobs.drain('test.stubborn');
    expect(stubborn.runs).toHaveLength(2);
    expect(await rows('test.stubborn')).toEqual([]);
  });

  it('runs an ordered kind one job at a time per group, in order, and groups side by side', async () => {
    const running = new Map<string, number>();
    let overlapping = 0;
    ordered.behave(async (payload: { group: string }) => {
      running.set(payload.group, (running.get(payload.group) ?? 0) + 1);
      if ((running.get(payload.group) ?? 0) > 1) overlapping++;
      await new Promise((r) => setTimeout(r, 5));
      running.set(payload.group, (running.get(payload.group) ?? 1) - 1);
    });
    const jobs = [];
    for (let i = 0; i < 5; i++) {
      for (const group of ['g1', 'g2', 'g3']) jobs.push({ kind: 'test.ordered', group, payload: { group, i } });
    }
    await enqueue(jobs);
    await ctx.container.jobs.drain('test.ordered');
    expect(overlapping).toBe(0);
    for (const group of ['g1', 'g2', 'g3']) {
      expect(ordered.runs.filter((r) => r.group === group).map((r) => (r.payload as { i: number }).i)).toEqual([
        0, 1, 2, 3, 4,
      ]);
    }
  });

  it("keeps at most the kind's concurrency in flight", async () => {
    let now = 0;
    let most = 0;
    narrow.behave(async () => {
      most = Math.max(most, ++now);
      await new Promise((r) => setTimeout(r, 10));
      now--;
    });
    await enqueue(Array.from({ length: 12 }, (_, i) => ({ kind: 'test.narrow', payload: i })));
    await ctx.container.jobs.drain('test.narrow');
    expect(narrow.runs).toHaveLength(12);
    expect(most).toBe(2);
  });

  it('schedules periodic kinds when started, and again after each run', async () => {
    const tick = probe('test.periodic', { every: 10 * MINUTE });
    ctx.container.jobs.runner.define(tick.definition);
    await ctx.container.jobs.start();
    await ctx.container.jobs.stop();
    const [row] = await rows('test.periodic');
    expect(Number(row!.run_at)).toBe(ctx.clock.now() + 10 * MINUTE);
    ctx.clock.advance(10 * MINUTE);
    await ctx.container.jobs.drain('test.periodic');
    expect(tick.runs).toHaveLength(1);
    const [again] = await rows('test.periodic');
    expect(again!.id).toBe(row!.id);
    expect(Number(again!.run_at)).toBe(ctx.clock.now() + 10 * MINUTE);
    await ctx.container.jobs.drain('test.periodic');
    expect(tick.runs).toHaveLength(1);
  });

  it('writes a unit of work whole or not at all: its rows, its events and its jobs', async () => {
    const hook = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: 'https://hooks.example.com/x' } });
    expect(hook.status).toBe(201);
    const events = () => ctx.container.db.kysely.selectFrom('events').select('id').execute();
    const before = (await events()).length;
    await expect(
      ctx.container.units.transaction(async (unit) => {
        unit.record({ agentId: ctx.agentA, type: 'v1.end_user.created', data: { end_user_id: 'x' } });
        unit.enqueue({ kind: 'test.work', payload: 'rolled back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await events()).toHaveLength(before);
    expect(await rows('test.work')).toEqual([]);

    // Committed: the event and one delivery job for the endpoint.
    await ctx.container.units.transaction(async (unit) => {
      unit.record({ agentId: ctx.agentA, type: 'v1.end_user.created', data: async () => ({ end_user_id: 'y' }) });
    });
    expect(await events()).toHaveLength(before + 1);
    const deliveries = await rows('webhook.delivery');
    expect(deliveries.filter((d) => d.group_key === hook.body.id)).toHaveLength(1);
    // Another agent's event reaches no endpoint of this one, and nothing is kept of it.
    await ctx.container.units.transaction(async (unit) => {
      unit.record({ agentId: ctx.agentB, type: 'v1.end_user.created', data: { end_user_id: 'z' } });
    });
    expect(await events()).toHaveLength(before + 1);
    await ctx.request('DELETE', `/api/v2/webhooks/${hook.body.id}`);
    expect(await rows('webhook.delivery')).toEqual([]);
  });

  it('shows jobs by kind and state on /metrics', async () => {
    work.behave(async () => {
      throw new Error('no');
    });
    await enqueue([{ kind: 'test.work', payload: 'metered' }]);
    await ctx.container.jobs.drain('test.work');
    const res = await ctx.request('GET', '/metrics', { key: null });
    expect(res.raw).toMatch(/roster_jobs\{kind="test\.work",state="queued"\} 1/);
    expect(res.raw).toMatch(/roster_jobs_settled_total\{kind="test\.work",outcome="retry"\} \d+/);
    expect(res.raw).toMatch(/roster_job_duration_seconds_count\{kind="test\.work",outcome="retry"\} \d+/);
    const [row] = await rows('test.work');
    await ctx.container.jobs.store.cancel(row!.id, ctx.clock.now());
  });
});
