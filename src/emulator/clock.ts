// The emulator's clock controls. Every time rule reads the container's clock (sweeps, sensitive
// expiry, webhook retries and disabling, rate windows, and whatever later modules add through
// ctx.clock), so moving it moves them all. Moving it forward also runs the work that became due,
// before the call returns: the clock steps to each queued job's due time in turn (a retry ladder
// runs attempt by attempt, each at its own time), running what is due at every step; periodic
// jobs (the sweeps) run once at the end, as a run of them at every step would find nothing more.
import type { Container } from '../container.js';
import { parseDuration } from '../lib/durations.js';

/** More steps than any retry schedule needs; a jump that needs more ends with one last run. */
const MAX_STEPS = 1_000;

export class ClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockError';
  }
}

/** A number of milliseconds, or a duration such as "25h", "7d" or "1h30m". */
export function toMilliseconds(by: number | string): number {
  const ms = typeof by === 'number' ? by : parseDuration(by);
  if (ms === null || !Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms))
    throw new ClockError(`"${by}" is not a duration: give whole milliseconds or a text like 90s, 25h or 7d`);
  return ms;
}

/** A Date, epoch milliseconds, or an ISO 8601 text. */
export function toEpoch(time: Date | number | string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new ClockError(`"${String(time)}" is not a time: give an ISO 8601 text`);
  return ms;
}

export interface ClockControls {
  now(): number;
  readonly frozen: boolean;
  /** Moves forward by `ms` and runs what became due on the way. */
  advance(ms: number): Promise<void>;
  /** Jumps to `ms`; forward, runs what became due (as advance); back, runs nothing. */
  set(ms: number): Promise<void>;
  freeze(): void;
  resume(): void;
}

export function clockControls(container: Pick<Container, 'emulator' | 'jobs' | 'units'>): ClockControls {
  const emulator = container.emulator;
  if (!emulator) throw new Error('the emulator is off');
  const { clock } = emulator;
  const { runner, store } = container.jobs;
  // One move at a time: two overlapping moves would step the clock back and forth.
  let moving: Promise<void> = Promise.resolve();

  async function moveTo(target: number): Promise<void> {
    const periodic: string[] = runner
      .definitions()
      .filter((d) => d.every !== undefined)
      .map((d) => d.kind);
    for (let step = 0; step < MAX_STEPS; step++) {
      const next = await store.nextRunAt(target, periodic);
      if (next === null) break;
      if (next > clock.now()) clock.set(next);
      const before = clock.now();
      await runner.drain();
      // Nothing ran at this step's time (a job still leased elsewhere): go on to the target.
      if ((await store.nextRunAt(before, periodic)) !== null) break;
    }
    if (target > clock.now()) clock.set(target);
    // The periodic jobs run now, once: they may not exist yet (a runner never started) or be
    // due later than they should (the clock was set back after they were scheduled).
    const now = clock.now();
    await container.units.transaction(async (unit) => {
      for (const kind of periodic) {
        unit.enqueue({ kind, payload: null, dedupe: 'periodic', runAt: now, onDuplicate: 'requeue' });
      }
    });
    await runner.drain();
  }

  const serially = (work: () => Promise<void>) => {
    const run = moving.then(work, work);
    moving = run.catch(() => {});
    return run;
  };

  return {
    now: () => clock.now(),
    get frozen() {
      return clock.frozen;
    },
    advance: (ms) => serially(() => moveTo(clock.now() + ms)),
    set: (ms) =>
      serially(async () => {
        if (ms <= clock.now()) clock.set(ms);
        else await moveTo(ms);
      }),
    freeze: () => clock.freeze(),
    resume: () => clock.resume(),
  };
}
