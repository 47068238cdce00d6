// The sweeper: deletes end users created by POST /end-users that are still unattached once the
// unattached TTL has passed since creation, and purges sensitive values past their expiry.
// Work is done in bounded batches with a pause between them, so a large backlog never holds the
// database (SQLite's single writer in particular) long enough to stall requests.
import type { Clock } from '../../lib/clock.js';
import type { EndUsersStore } from './end-users.store.js';

export interface SweepResult {
  endUsersDeleted: number;
  sensitiveValuesPurged: number;
}

export interface SweeperOptions {
  store: EndUsersStore;
  clock: Clock;
  unattachedTtlMs: number;
  intervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
  onSweep?: (result: SweepResult) => void;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSweeper(options: SweeperOptions) {
  const { store, clock, unattachedTtlMs, intervalMs } = options;
  const batchSize = options.batchSize ?? 500;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SweepResult> | null = null;
  let stopped = false;

  async function drain(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await step();
      total += n;
      if (n < batchSize || stopped) return total;
      await pause();
    }
  }

  async function sweepOnce(): Promise<SweepResult> {
    const endUsersDeleted = await drain(() => store.deleteExpiredUnattached(clock.now() - unattachedTtlMs, batchSize));
    const sensitiveValuesPurged = await drain(() => store.purgeExpiredSensitive(clock.now(), batchSize));
    return { endUsersDeleted, sensitiveValuesPurged };
  }

  /** Runs one sweep now; concurrent callers share the sweep in progress. */
  function sweep(): Promise<SweepResult> {
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        options.onSweep?.(await sweep());
      } catch (error) {
        options.onError?.(error);
      }
      schedule();
    }, intervalMs);
    timer.unref();
  }

  return {
    sweep,
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

export type Sweeper = ReturnType<typeof createSweeper>;
