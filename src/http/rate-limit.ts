// Per-agent, per-family rate limits with three windows each (Ada's numbers by default). Counters
// live in memory, or in Redis when REDIS_URL is set so that several instances share them; if
// Redis stops answering, each instance falls back to its own memory counters rather than
// failing requests. Roster sends RateLimit-Policy / RateLimit (IETF httpapi-ratelimit-headers)
// for the tightest window on every response, and Retry-After on 429.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config, RateLimitFamily, RateWindow } from '../config.js';
import { formatDuration } from '../lib/durations.js';
import { AppError } from '../lib/errors.js';

interface Window {
  limiter: RateLimiterAbstract;
  points: number;
  seconds: number;
  name: string;
}

export function familyOf(path: string): RateLimitFamily {
  if (path.startsWith('/api/v2/end-users')) return 'end_users';
  if (path.startsWith('/api/v2/conversations') || path.startsWith('/api/v2/channels')) return 'conversations';
  return 'default';
}

function buildWindows(family: RateLimitFamily, windows: RateWindow[], redis: Redis | null): Window[] {
  return windows.map((w) => {
    const seconds = Math.max(1, Math.round(w.durationMs / 1000));
    const keyPrefix = `roster:rl:${family}:${seconds}`;
    const memory = new RateLimiterMemory({ points: w.points, duration: seconds, keyPrefix });
    const limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          points: w.points,
          duration: seconds,
          keyPrefix,
          insuranceLimiter: memory,
        })
      : memory;
    return { limiter, points: w.points, seconds, name: `${family}-${formatDuration(seconds * 1000)}` };
  });
}

export function createRateLimiter(config: Config['rateLimits'], redis: Redis | null) {
  const families = {
    end_users: buildWindows('end_users', config.families.end_users, redis),
    conversations: buildWindows('conversations', config.families.conversations, redis),
    default: buildWindows('default', config.families.default, redis),
  } satisfies Record<RateLimitFamily, Window[]>;

  return async function limit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = request.principal;
    if (!principal) return;
    const windows = families[familyOf(request.url)];
    const results = await Promise.allSettled(windows.map((w) => w.limiter.consume(principal.agentId)));

    let tightest: { window: Window; remaining: number; resetSeconds: number } | null = null;
    let retryAfterMs = 0;
    for (const [i, result] of results.entries()) {
      const window = windows[i] as Window;
      const res = result.status === 'fulfilled' ? result.value : result.reason;
      if (!(res instanceof RateLimiterRes)) throw res;
      if (result.status === 'rejected') retryAfterMs = Math.max(retryAfterMs, res.msBeforeNext);
      const remaining = Math.max(0, res.remainingPoints);
      const resetSeconds = Math.max(0, Math.ceil(res.msBeforeNext / 1000));
      if (!tightest || remaining < tightest.remaining) tightest = { window, remaining, resetSeconds };
    }

    if (tightest) {
      reply.header(
        'ratelimit-policy',
        `"${tightest.window.name}";q=${tightest.window.points};w=${tightest.window.seconds}`,
      );
      reply.header('ratelimit', `"${tightest.window.name}";r=${tightest.remaining};t=${tightest.resetSeconds}`);
    }
    if (retryAfterMs > 0) {
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      throw new AppError('rate_limited', `Too many requests for this AI Agent; retry after ${seconds} s.`, null, {
        'retry-after': String(seconds),
      });
    }
  };
}
