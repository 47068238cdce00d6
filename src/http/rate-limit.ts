// Per-agent, per-family rate limits with three windows each (Ada's numbers by default). A route's
// family is the one its module declares (src/modules/*/manifest.ts), read from the matched route,
// never from the raw URL; unknown routes count as the default family. Counters live in memory,
// or in Redis when REDIS_URL is set so that several instances share them; if Redis stops
// answering, each instance falls back to its own memory counters rather than failing requests.
// Roster sends RateLimit-Policy / RateLimit (IETF httpapi-ratelimit-headers) for the tightest
// window on every response, and Retry-After on 429.
//
// The counting is written here rather than taken from rate-limiter-flexible because windows must
// follow Roster's injected clock (tests and the emulator move time), and that library reads the
// system clock itself. Each window starts at its first request and lasts its duration, as that
// library's did, so the limits behave as before.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ConfigError, type Config, type RateWindow } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { formatDuration } from '../lib/durations.js';
import { AppError } from '../lib/errors.js';
import type { RateFamily } from '../platform/manifest.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit family of the route (set for a module's routes when they are mounted). */
    rateFamily?: string;
    /** Also send X-RateLimit-Limit/-Remaining/-Reset (where Ada documents them). */
    xRateLimit?: boolean;
  }
}

/** Everything under /api/v2 that no module claims: 10 a second, 100 a minute, 10,000 a day. */
export const DEFAULT_FAMILY: RateFamily = {
  name: 'default',
  windows: [
    { points: 10, durationMs: 1_000 },
    { points: 100, durationMs: 60_000 },
    { points: 10_000, durationMs: 86_400_000 },
  ],
};

interface Count {
  count: number;
  /** When the window ends, on Roster's clock. */
  resetAt: number;
}

/**
 * In Redis a window is two keys: the count (a plain integer, so operators can read it) and the
 * time its window ends on Roster's clock. Redis's own expiry only cleans up afterwards.
 */
const CONSUME_SCRIPT = `
local ends = tonumber(redis.call('GET', KEYS[2]))
local now = tonumber(ARGV[1])
if (not ends) or ends <= now then
  ends = now + tonumber(ARGV[2])
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[3])
  redis.call('SET', KEYS[2], ends, 'PX', ARGV[3])
  return {1, ends}
end
return {redis.call('INCR', KEYS[1]), ends}`;

const CONSUME_SHA = createHash('sha1').update(CONSUME_SCRIPT).digest('hex');

/** How long Redis keeps a window's keys past its end, in case Roster's clock runs behind. */
const REDIS_KEEP_EXTRA_MS = 60_000;

function memoryCounter(clock: Clock) {
  const counts = new Map<string, Count>();
  let sweepAt = 0;
  return (key: string, durationMs: number): Count => {
    const now = clock.now();
    if (now >= sweepAt) {
      // Forget ended windows now and then, so idle agents do not hold memory.
      for (const [k, c] of counts) if (c.resetAt <= now) counts.delete(k);
      sweepAt = now + 60_000;
    }
    let entry = counts.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + durationMs };
      counts.set(key, entry);
    }
    entry.count++;
    return { ...entry };
  };
}

interface Window {
  key: string;
  points: number;
  durationMs: number;
  seconds: number;
  name: string;
}

function windowsOf(family: string, windows: RateWindow[]): Window[] {
  return windows.map((w) => {
    const seconds = Math.max(1, Math.round(w.durationMs / 1000));
    return {
      key: `roster:rl:${family}:${seconds}`,
      points: w.points,
      durationMs: w.durationMs,
      seconds,
      name: `${family}-${formatDuration(seconds * 1000)}`,
    };
  });
}

/** Every family with its windows: the modules' defaults, then the ROSTER_RATE_LIMIT_* settings. */
export function rateFamilies(declared: readonly RateFamily[], overrides: Config['rateLimits']['overrides']) {
  const families = new Map<string, RateWindow[]>([[DEFAULT_FAMILY.name, DEFAULT_FAMILY.windows]]);
  for (const family of declared) families.set(family.name, family.windows);
  for (const [name, windows] of Object.entries(overrides)) {
    if (!families.has(name)) {
      throw new ConfigError(
        `ROSTER_RATE_LIMIT_${name.toUpperCase()}`,
        `names no rate-limit family; the families are ${[...families.keys()].join(', ')}`,
      );
    }
    families.set(name, windows);
  }
  return families;
}

export function createRateLimiter(families: Map<string, RateWindow[]>, redis: Redis | null, clock: Clock) {
  const windows = new Map([...families].map(([name, list]) => [name, windowsOf(name, list)]));
  const defaults = windows.get(DEFAULT_FAMILY.name) as Window[];
  const memory = memoryCounter(clock);

  async function consume(window: Window, agentId: string): Promise<Count> {
    const key = `${window.key}:${agentId}`;
    if (redis && redis.status === 'ready') {
      try {
        const ttl = window.durationMs + REDIS_KEEP_EXTRA_MS;
        const args = [2, key, `${key}:ends`, clock.now(), window.durationMs, ttl] as const;
        // The script by its hash; sent whole only the first time a Redis server sees it.
        const reply = await redis.evalsha(CONSUME_SHA, ...args).catch((error: unknown) => {
          if (String(error).includes('NOSCRIPT')) return redis.eval(CONSUME_SCRIPT, ...args);
          throw error;
        });
        const [count, resetAt] = reply as [number, number];
        return { count: Number(count), resetAt: Number(resetAt) };
      } catch {
        // Redis stopped answering: count in memory until it is back.
      }
    }
    return memory(key, window.durationMs);
  }

  return async function limit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = request.principal;
    if (!principal) return;
    const family = windows.get(request.routeOptions.config.rateFamily ?? DEFAULT_FAMILY.name) ?? defaults;
    const counts = await Promise.all(family.map((w) => consume(w, principal.agentId)));
    const now = clock.now();

    let tightest: { window: Window; remaining: number; resetSeconds: number } | null = null;
    let retryAfterMs = 0;
    for (const [i, window] of family.entries()) {
      const { count, resetAt } = counts[i] as Count;
      const msLeft = Math.max(0, resetAt - now);
      if (count > window.points) retryAfterMs = Math.max(retryAfterMs, msLeft);
      const remaining = Math.max(0, window.points - count);
      if (!tightest || remaining < tightest.remaining) {
        tightest = { window, remaining, resetSeconds: Math.ceil(msLeft / 1000) };
      }
    }

    if (tightest) {
      const { window, remaining, resetSeconds } = tightest;
      reply.header('ratelimit-policy', `"${window.name}";q=${window.points};w=${window.seconds}`);
      reply.header('ratelimit', `"${window.name}";r=${remaining};t=${resetSeconds}`);
      if (request.routeOptions.config.xRateLimit) {
        reply.header('x-ratelimit-limit', String(window.points));
        reply.header('x-ratelimit-remaining', String(remaining));
        reply.header('x-ratelimit-reset', String(resetSeconds));
      }
    }
    if (retryAfterMs > 0) {
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new AppError('rate_limited', `Too many requests for this AI Agent; retry after ${seconds} s.`, null, {
        'retry-after': String(seconds),
      });
    }
  };
}

/**
 * Failed authentications per client address (ROSTER_AUTH_FAILURE_LIMIT): a key guesser is
 * answered 429 once an address has failed that many times in a window, before its key is even
 * looked up, so a guess that happens to be right is not confirmed either. Addresses that
 * authenticate are not counted. Shared through Redis like the other limits.
 */
export function createAuthFailureLimiter(limits: RateWindow[], redis: Redis | null, clock: Clock) {
  const windows = windowsOf('auth-failures', limits);
  const memory = memoryCounter(clock);
  const memoryPeek = new Map<string, Count>();

  async function count(window: Window, address: string, add: boolean): Promise<Count | null> {
    const key = `${window.key}:${address}`;
    if (redis && redis.status === 'ready') {
      try {
        if (!add) {
          const [value, ends] = await redis.mget(key, `${key}:ends`);
          return value === null || ends === null ? null : { count: Number(value), resetAt: Number(ends) };
        }
        const ttl = window.durationMs + REDIS_KEEP_EXTRA_MS;
        const args = [2, key, `${key}:ends`, clock.now(), window.durationMs, ttl] as const;
        const reply = await redis.evalsha(CONSUME_SHA, ...args).catch((error: unknown) => {
          if (String(error).includes('NOSCRIPT')) return redis.eval(CONSUME_SCRIPT, ...args);
          throw error;
        });
        const [n, resetAt] = reply as [number, number];
        return { count: Number(n), resetAt: Number(resetAt) };
      } catch {
        // Redis stopped answering: count in memory until it is back.
      }
    }
    if (!add) return memoryPeek.get(key) ?? null;
    const counted = memory(key, window.durationMs);
    memoryPeek.set(key, counted);
    if (memoryPeek.size > 100_000) memoryPeek.clear();
    return counted;
  }

  function refusal(counts: (Count | null)[], over: (c: Count, w: Window) => boolean): AppError | null {
    const now = clock.now();
    let waitMs = 0;
    counts.forEach((c, i) => {
      const window = windows[i] as Window;
      if (c && c.resetAt > now && over(c, window)) waitMs = Math.max(waitMs, c.resetAt - now);
    });
    if (waitMs === 0) return null;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new AppError(
      'rate_limited',
      `Too many requests with a missing or wrong API key from this address; retry after ${seconds} s.`,
      null,
      { 'retry-after': String(seconds) },
    );
  }

  return {
    /** A 429 when the address used up its failures, or null. */
    async check(address: string): Promise<AppError | null> {
      const counts = await Promise.all(windows.map((w) => count(w, address, false)));
      return refusal(counts, (c, w) => c.count >= w.points);
    },
    /** Counts a failure; a 429 when it was one too many, or null. */
    async failed(address: string): Promise<AppError | null> {
      const counts = await Promise.all(windows.map((w) => count(w, address, true)));
      return refusal(counts, (c, w) => c.count > w.points);
    },
  };
}

export type AuthFailureLimiter = ReturnType<typeof createAuthFailureLimiter>;
