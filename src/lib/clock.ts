// The one source of "now". Production uses the system clock; tests, benchmarks and the emulator
// pass one they can move, and every time rule (sweeps, expiry, retries, leases, rate windows)
// reads it.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that can be set, moved and stopped. */
export interface ControllableClock extends Clock {
  /** Jumps to `ms` (epoch milliseconds); a running clock goes on from there. */
  set(ms: number): void;
  /** Moves forward (or back, with a negative amount). */
  advance(ms: number): void;
  /** Stops the clock where it is: it moves only when told from now on. */
  freeze(): void;
  /** Lets a stopped clock run again from its current reading. */
  resume(): void;
  readonly frozen: boolean;
}

/**
 * A clock that runs with real time, shifted by whatever it was set or advanced by, or stands
 * still once frozen.
 */
export function controllableClock(options: { start?: number; frozen?: boolean } = {}): ControllableClock {
  let offset = options.start === undefined ? 0 : options.start - Date.now();
  let stoppedAt: number | null = options.frozen ? (options.start ?? Date.now()) : null;
  const now = () => stoppedAt ?? Date.now() + offset;
  return {
    now,
    set(ms) {
      if (stoppedAt !== null) stoppedAt = ms;
      else offset = ms - Date.now();
    },
    advance(ms) {
      this.set(now() + ms);
    },
    freeze() {
      stoppedAt = now();
    },
    resume() {
      if (stoppedAt === null) return;
      offset = stoppedAt - Date.now();
      stoppedAt = null;
    },
    get frozen() {
      return stoppedAt !== null;
    },
  };
}

/** A stopped clock at `start`, for tests and benchmarks: it moves only when told. */
export function manualClock(start = Date.now()): ControllableClock {
  return controllableClock({ start, frozen: true });
}
