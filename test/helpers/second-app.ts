// A further Roster instance on a database a TestContext already created, for tests that need
// several instances sharing state (Redis rate limits). It has its own container and app but the
// same database, so agents and keys made through the first context work here too.
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { TEST_ENCRYPTION_KEY, type ApiResponse, type TestDatabase } from './harness.js';

export interface ExtraApp {
  app: FastifyInstance;
  container: Container;
  request(method: string, url: string, key: string, body?: unknown): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function createAppOn(database: TestDatabase, env: Record<string, string> = {}): Promise<ExtraApp> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ROSTER_RATE_LIMITS: 'off',
    ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...database.env,
    ...env,
  });
  const container = await createContainer(config);
  const app = await buildApp(container, { logger: false });
  await app.ready();
  return {
    app,
    container,
    async request(method, url, key, body) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      let parsed: unknown;
      try {
        parsed = res.body === '' ? undefined : JSON.parse(res.body);
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, headers: res.headers, body: parsed, raw: res.body };
    },
    async close() {
      await app.close();
      await container.close();
    },
  };
}

/** Waits until the client is connected: before that, commands fail fast and limits fall back to memory. */
export async function redisReady(redis: Redis | null, timeoutMs = 5_000): Promise<void> {
  if (!redis) throw new Error('the container has no Redis client; is REDIS_URL set?');
  if (redis.status === 'ready') return;
  const timer = AbortSignal.timeout(timeoutMs);
  try {
    await once(redis, 'ready', { signal: timer });
  } catch {
    throw new Error(`Redis at ${redis.options.host}:${redis.options.port} is not reachable (status ${redis.status})`);
  }
}
