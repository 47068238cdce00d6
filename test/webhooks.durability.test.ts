// Webhook guarantees that involve more than one process lifetime or more than one instance:
// events committed while the receiver is down survive a restart of Roster and arrive afterwards;
// two instances on one PostgreSQL database send each message once; outbound requests to
// non-public addresses are refused at delivery time.
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer, type Container } from '../src/container.js';
import { startServer, type RunningServer } from '../src/server.js';
import { Registry } from 'prom-client';
import { createRunner } from '../src/jobs/jobs.runner.js';
import { deliveryJob } from '../src/modules/webhooks/webhooks.delivery.js';
import { createSender } from '../src/modules/webhooks/webhooks.sender.js';
import {
  ENGINES,
  TEST_ENCRYPTION_KEY,
  createTestContext,
  createTestDatabase,
  type TestDatabase,
} from './helpers/harness.js';
import { startReceiver, startWorker, type Receiver } from './helpers/webhooks.js';

const API_KEY = 'roster_durability_test_key_0123456789abcdef';

function envFor(database: TestDatabase, extra: Record<string, string> = {}) {
  return loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    ROSTER_RATE_LIMITS: 'off',
    ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ROSTER_API_KEY: API_KEY,
    ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
    ROSTER_WEBHOOK_POLL_INTERVAL: '50ms',
    ...database.env,
    ...extra,
  });
}

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.text().then((t) => (t ? JSON.parse(t) : undefined))) as any };
}

describe.each(ENGINES)('webhook durability (%s)', (engine) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });

  it('delivers every event committed while the receiver was down, after Roster restarts', async () => {
    const database = await createTestDatabase(engine);
    cleanup.push(() => database.drop());
    // Reserve a port for the receiver, then leave it closed: the receiver is down.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();

    // Quick first retries, then a ladder long enough (about 8 s) that no delivery is given up on
    // while Roster stops and starts again on a busy machine.
    const config = envFor(database, {
      ROSTER_WEBHOOK_RETRY_SCHEDULE: '0s,100ms,200ms,300ms,500ms,1s,1s,1s,1s,1s,1s,1s',
    });
    let server: RunningServer | null = await startServer(config, () => {});
    cleanup.push(async () => server?.shutdown());
    const hook = await call(server.url, 'POST', '/api/v2/webhooks/', { url: `http://127.0.0.1:${port}/hooks` });
    expect(hook.status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(
        (await call(server.url, 'POST', '/api/v2/end-users/', { external_id: `restart-${i}` })).body.end_user_id,
      );
    // Let the first attempts fail against the closed port, then stop Roster.
    await new Promise((r) => setTimeout(r, 250));
    await server.shutdown();
    server = null;
    const failed = await attemptRows(config, hook.body.id);
    expect(failed.some((a) => a.succeeded === 0)).toBe(true);

    const receiver: Receiver = await startReceiver(port);
    cleanup.push(() => receiver.close());
    server = await startServer(config, () => {});
    await receiver.waitFor(20, 10_000);
    const delivered = receiver.deliveries.map((d) => d.body.data.end_user_id).sort();
    expect(delivered).toEqual([...ids].sort());
    expect(new Set(receiver.deliveries.map((d) => d.id)).size).toBe(20);
  });

  /** The attempt rows of an endpoint, read straight from the database. */
  async function attemptRows(config: ReturnType<typeof envFor>, webhookId: string) {
    const container = await createContainer(config, { redis: false });
    try {
      return await container.db.kysely
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .execute();
    } finally {
      await container.close();
    }
  }

  it('refuses non-public targets when a delivery connects', async () => {
    const ctx = await createTestContext(engine, { env: { ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    cleanup.push(() => ctx.close());
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    // Endpoints saved while private targets were allowed; the worker below no longer allows them.
    const targets = [
      receiver.url,
      `https://127.0.0.1:${receiver.port}/hooks`,
      `https://${os.hostname()}:${receiver.port}/hooks`,
      `https://hooks.internal.test:${receiver.port}/hooks`,
    ];
    const hooks: string[] = [];
    for (const url of targets) hooks.push((await ctx.request('POST', '/api/v2/webhooks/', { body: { url } })).body.id);
    const sender = createSender({
      timeoutMs: 2_000,
      allowPrivate: false,
      maxSockets: 4,
      // Stands in for DNS: the internal name resolves to a private address, the rest as usual.
      lookup: ((host: string, options: object, cb: (...args: unknown[]) => void) =>
        host === 'hooks.internal.test'
          ? cb(null, [{ address: '10.0.0.8', family: 4 }])
          : cb(null, [{ address: '127.0.0.1', family: 4 }])) as never,
    });
    // A runner of its own, whose deliveries go through that sender.
    const { db, jobs, units, clock, keyring, log } = ctx.container;
    const runner = createRunner({ db, store: jobs.store, units, clock, pollIntervalMs: 50 });
    runner.define(
      deliveryJob({
        store: ctx.container.modules.webhooks.store,
        sender,
        keyring,
        clock,
        config: { ...ctx.container.config.webhooks, allowPrivate: false, retryScheduleMs: [0] },
        log,
        metrics: new Registry(),
      }),
    );
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    await runner.drain();
    sender.close();

    expect(receiver.deliveries).toHaveLength(0);
    const errors = [];
    for (const id of hooks) {
      const attempts = (await ctx.request('GET', `/api/v2/webhooks/${id}/attempts/`)).body.data;
      expect(attempts).toHaveLength(1);
      expect(attempts[0].status).toBe('failed');
      expect(attempts[0].status_code).toBeNull();
      errors.push(attempts[0].error);
    }
    expect(errors).toEqual([
      'refused: only https endpoints are allowed',
      'refused: 127.0.0.1 is not a public address',
      `refused: ${os.hostname()} does not resolve to a public address`,
      'refused: hooks.internal.test does not resolve to a public address',
    ]);
    // What a name resolved to is internal DNS: the tenant's attempts log never names it.
    expect(errors.slice(2).join(' ')).not.toMatch(/127\.0\.0\.1|10\.0\.0\.8/);
  });

  it('drops events past retention, unless a delivery is still queued or paused', async () => {
    const ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    cleanup.push(() => ctx.close());
    const db = ctx.container.db.kysely;
    // No runner runs: the delivery jobs stay as this test sets them.
    expect((await ctx.request('POST', '/api/v2/webhooks/', { body: { url: 'http://127.0.0.1:9/never' } })).status).toBe(
      201,
    );
    for (let i = 0; i < 4; i++)
      expect((await ctx.request('POST', '/api/v2/end-users/', { body: {} })).status).toBe(201);
    const [done, given, paused, waiting] = (await db.selectFrom('events').select('id').orderBy('id').execute()).map(
      (e) => e.id,
    );
    // Delivered (its job is gone), used up every attempt (dead), held for a disabled endpoint.
    await db.deleteFrom('jobs').where('ref_id', '=', done!).execute();
    await db.updateTable('jobs').set({ state: 'dead' }).where('ref_id', '=', given!).execute();
    await db.updateTable('jobs').set({ state: 'paused' }).where('ref_id', '=', paused!).execute();
    ctx.clock.advance!(ctx.container.config.webhooks.retentionMs + 1);
    expect((await ctx.request('POST', '/api/v2/end-users/', { body: {} })).status).toBe(201);

    const store = ctx.container.modules.webhooks.store;
    expect(await store.purgeEventsBefore(ctx.clock.now() - ctx.container.config.webhooks.retentionMs, 500)).toBe(2);
    const left = (await db.selectFrom('events').select('id').orderBy('id').execute()).map((e) => e.id);
    expect(left).toHaveLength(3);
    expect(left.slice(0, 2)).toEqual([paused, waiting]);
  });
});

// Several instances share one database only on PostgreSQL: on SQLite, Roster runs as one instance
// (with at most a separate `roster worker` process on the same file), so this suite has no SQLite run.
describe.each(ENGINES.filter((engine) => engine === 'postgres'))(
  'webhook durability across instances (%s)',
  (engine) => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      while (cleanup.length > 0) await cleanup.pop()!();
    });

    it('sends each message once with two instances on one database', async () => {
      const database = await createTestDatabase(engine);
      cleanup.push(() => database.drop());
      const receiver = await startReceiver();
      cleanup.push(() => receiver.close());
      receiver.fallback = { status: 200, delayMs: 5 };
      const config = envFor(database, { ROSTER_WEBHOOK_CONCURRENCY: '8' });
      const instances: Container[] = [];
      for (let i = 0; i < 2; i++) {
        const container = await createContainer(config);
        instances.push(container);
        cleanup.push(() => container.close());
      }
      await instances[0]!.modules.agents.service.ensureKey('default', API_KEY, 'test');
      const apps = await Promise.all(instances.map((c) => buildApp(c, { logger: false })));
      cleanup.push(async () => {
        for (const app of apps) await app.close();
      });
      const workers = instances.map((c) => startWorker(c));
      cleanup.push(async () => {
        for (const w of workers) await w.stop();
      });
      const inject = (i: number, method: 'POST' | 'GET', url: string, body?: unknown) =>
        apps[i]!.inject({
          method,
          url,
          headers: { authorization: `Bearer ${API_KEY}` },
          ...(body === undefined ? {} : { payload: body as object }),
        });
      expect((await inject(0, 'POST', '/api/v2/webhooks/', { url: receiver.url })).statusCode).toBe(201);

      const count = 200;
      const statuses: number[] = [];
      for (let batch = 0; batch < count; batch += 20) {
        const replies = await Promise.all(
          Array.from({ length: 20 }, (_, j) =>
            inject((batch + j) % 2, 'POST', '/api/v2/end-users/', { external_id: `twin-${batch + j}` }),
          ),
        );
        statuses.push(...replies.map((r) => r.statusCode));
      }
      expect(statuses.filter((s) => s !== 201)).toEqual([]);
      await receiver.waitFor(count, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const perMessage = new Map<string, number>();
      for (const d of receiver.deliveries) perMessage.set(d.id, (perMessage.get(d.id) ?? 0) + 1);
      expect(perMessage.size).toBe(count);
      expect([...perMessage.values()].every((n) => n === 1)).toBe(true);
      const attempts = await instances[0]!.db.kysely
        .selectFrom('webhook_attempts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(attempts.n)).toBe(count);
    });
  },
);
