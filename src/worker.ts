// The webhook delivery worker as a process part: built from a container, run inside
// `roster serve` (unless ROSTER_WEBHOOK_WORKER=false) or alone as `roster worker`.
import pino from 'pino';
import type { Config } from './config.js';
import { createContainer, type Container } from './container.js';
import { createDb } from './db/dialect.js';
import { messageId } from './modules/events/events.outbox.js';
import { createDeliveriesStore } from './modules/webhooks/webhooks.deliveries.js';
import { createSender } from './modules/webhooks/webhooks.sender.js';
import { createDeliveryWorker, type DeliveryWorker } from './modules/webhooks/webhooks.worker.js';

export interface WorkerLogger {
  error(object: object, message: string): void;
  debug(object: object, message: string): void;
}

/** PostgreSQL connections of a delivery worker. */
const WORKER_POOL_SIZE = 8;

/**
 * On PostgreSQL the worker gets connections of its own: inside `roster serve` its statements
 * would otherwise queue for the pool behind every API request, so a busy API would starve
 * delivery. They commit without waiting for the WAL flush: a database crash can only lose the
 * record of recent attempts, and those events are then sent again, which at-least-once delivery
 * allows; the events themselves are written by the API's own, synchronous transactions.
 * SQLite has one connection, shared.
 */
export function buildDeliveryWorker(
  container: Container,
  log: WorkerLogger,
): { worker: DeliveryWorker; close(): Promise<void> } {
  const { config } = container;
  const db =
    container.db.engine === 'postgres'
      ? createDb(
          { ...config, databasePoolSize: Math.min(WORKER_POOL_SIZE, config.webhooks.concurrency) },
          { asyncCommit: true },
        )
      : container.db;
  const sender = createSender({
    timeoutMs: config.webhooks.timeoutMs,
    allowPrivate: config.webhooks.allowPrivate,
    maxSockets: config.webhooks.concurrency,
  });
  const worker = createDeliveryWorker({
    deliveries: createDeliveriesStore(db),
    sender,
    keyring: container.keyring,
    clock: container.clock,
    signal: container.deliverySignal,
    config: config.webhooks,
    onError: (error, context) => log.error({ err: error, context }, 'webhook delivery worker error'),
    // The URL and payload are left out of the log: the URL may carry credentials.
    onAttempt: (d, outcome) =>
      log.debug(
        { webhook_id: d.webhookId, message_id: messageId(d.eventId), attempt: d.attempts + 1, ...outcome },
        'webhook attempt',
      ),
  });
  return {
    worker,
    async close() {
      await worker.stop(Math.min(5_000, config.shutdownTimeoutMs));
      sender.close();
      if (db !== container.db) await db.close();
    },
  };
}

/** `roster worker`: deliveries only, no HTTP server. */
export async function runWorker(config: Readonly<Config>): Promise<void> {
  const log = pino({ level: config.logLevel });
  const container = await createContainer(config, { redis: false });
  const { worker, close } = buildDeliveryWorker(container, log);
  worker.start();
  log.info({ engine: container.db.engine }, 'roster webhook worker is running');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ reason: signal }, 'worker shutting down');
      close()
        .then(() => container.close())
        .then(
          () => {
            log.info({ reason: signal }, 'roster worker stopped');
            process.exit(0);
          },
          (error) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}
