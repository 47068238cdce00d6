// The delivery worker: claims due deliveries, signs and sends them, records every attempt and
// schedules retries. It runs inside `roster serve` and alone as `roster worker`; any number may
// run against one PostgreSQL database (claims are leased, see webhooks.deliveries.ts).
// Up to `concurrency` deliveries are in flight at once; a slow receiver holds one slot, not the
// queue. New events wake the worker of the process that committed them at once; work committed
// by other processes, and retries, are found by polling.
import { randomBytes } from 'node:crypto';
import type { WebhookConfig } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { retrying } from '../../lib/retry.js';
import type { Signal } from '../../lib/signal.js';
import { messageId } from '../events/events.outbox.js';
import type { ClaimedDelivery, DeliveriesStore } from './webhooks.deliveries.js';
import type { Sender } from './webhooks.sender.js';
import { secretAad, signatureHeaders, signingKeyOf } from './webhooks.signing.js';

/** How long past the receiver timeout a claimed delivery stays leased to its worker. */
const LEASE_MARGIN_MS = 10_000;
/** Housekeeping (dropping events past retention) runs this often. */
const PURGE_INTERVAL_MS = 60 * 60_000;
const PURGE_BATCH = 500;
/** Waits before each further try to record an attempt's outcome. */
const COMPLETE_RETRY_DELAYS_MS = [500, 1_000];
/**
 * Commits notify the worker one by one; under load that would mean a claim per commit. Waiting
 * this long after a notification gathers the commits of that window into one claim.
 */
const NOTIFY_COALESCE_MS = 5;
const SIGNING_KEY_CACHE_MAX = 1_000;

export interface WorkerDeps {
  deliveries: DeliveriesStore;
  sender: Sender;
  keyring: Keyring;
  clock: Clock;
  signal: Signal;
  config: WebhookConfig;
  onError?: (error: unknown, context: string) => void;
  onAttempt?: (
    delivery: ClaimedDelivery,
    outcome: { succeeded: boolean; statusCode: number | null; durationMs: number },
  ) => void;
}

/** Spreads retries by ±10 % so endpoints that failed together do not retry in lockstep. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  return Math.round(delayMs * (0.9 + 0.2 * random()));
}

export function createDeliveryWorker(deps: WorkerDeps) {
  const { deliveries, sender, keyring, clock, signal, config } = deps;
  const schedule = config.retryScheduleMs;
  const workerId = randomBytes(8).toString('hex');
  const minBatch = Math.max(1, Math.floor(config.concurrency / 4));
  let claimCounter = 0;
  let running = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let launched = 0;
  let pollTimer: NodeJS.Timeout | null = null;
  let notifyTimer: NodeJS.Timeout | null = null;
  let purgeTimer: NodeJS.Timeout | null = null;
  const retryTimers = new Set<NodeJS.Timeout>();
  const inFlight = new Map<string, { done: Promise<void>; abort: AbortController }>();
  let unsubscribe: (() => void) | null = null;

  // Decrypted signing keys by endpoint and sealed secret: opening the envelope on every delivery
  // would repeat the same AES-GCM work. A rotation seals a new envelope, so entries never go stale.
  const keyCache = new Map<string, Buffer | null>();
  function signingKey(d: ClaimedDelivery, envelope: string): Buffer | null {
    const cacheKey = `${d.webhookId}:${envelope}`;
    let key = keyCache.get(cacheKey);
    if (key === undefined) {
      key = signingKeyOf(keyring.open(envelope, secretAad(d.agentId, d.webhookId)));
      if (keyCache.size >= SIGNING_KEY_CACHE_MAX) keyCache.clear();
      keyCache.set(cacheKey, key);
    }
    return key;
  }

  function signingKeys(d: ClaimedDelivery, now: number): Buffer[] {
    const keys = [signingKey(d, d.secret)];
    if (d.previousSecret !== null && d.previousSecretExpiresAt !== null && d.previousSecretExpiresAt > now) {
      keys.push(signingKey(d, d.previousSecret));
    }
    return keys.filter((k): k is Buffer => k !== null);
  }

  /** Wakes the pump when a retry falls due sooner than the next poll would notice. */
  function wakeAt(at: number) {
    const delay = at - clock.now();
    if (delay >= config.pollIntervalMs) return;
    const timer = setTimeout(
      () => {
        retryTimers.delete(timer);
        void pump();
      },
      Math.max(0, delay),
    );
    timer.unref();
    retryTimers.add(timer);
  }

  async function deliver(d: ClaimedDelivery, abort: AbortController): Promise<void> {
    const sentAt = clock.now();
    const outcome = await sender.send({
      url: d.url,
      body: d.payload,
      headers: signatureHeaders(signingKeys(d, sentAt), messageId(d.eventId), Math.floor(sentAt / 1000), d.payload),
      signal: abort.signal,
    });
    if (abort.signal.aborted) {
      // Stopped mid-request: hand the delivery back so a worker sends it again soon.
      await deliveries.release(d);
      return;
    }
    const now = clock.now();
    const attempt = d.attempts + 1;
    const nextAttemptAt =
      outcome.succeeded || attempt >= schedule.length ? null : now + withJitter(schedule[attempt] as number);
    // The attempt has happened: try hard to record it. If the database stays unreachable the
    // lease runs out and the event is sent again, which at-least-once delivery allows.
    await retrying(
      () => deliveries.complete(d, outcome, { now, nextAttemptAt, disableAfterMs: config.disableAfterMs }),
      COMPLETE_RETRY_DELAYS_MS,
    );
    deps.onAttempt?.(d, outcome);
    if (!outcome.succeeded && nextAttemptAt !== null) wakeAt(nextAttemptAt);
  }

  function launch(d: ClaimedDelivery) {
    launched++;
    const abort = new AbortController();
    const done = deliver(d, abort)
      .catch((error) => deps.onError?.(error, 'delivery'))
      .finally(() => {
        inFlight.delete(d.id);
        void pump();
      });
    inFlight.set(d.id, { done, abort });
  }

  async function claimAndLaunch(): Promise<void> {
    try {
      do {
        again = false;
        // With slots to spare claim at once; when nearly full, wait until a batch's worth is
        // free, so a busy worker claims several rows per statement instead of one per finish.
        while (running && config.concurrency - inFlight.size >= (inFlight.size === 0 ? 1 : minBatch)) {
          const now = clock.now();
          const claimed = await deliveries.claim(
            config.concurrency - inFlight.size,
            now,
            now + config.timeoutMs + LEASE_MARGIN_MS,
            `${workerId}-${++claimCounter}`,
          );
          if (!running) {
            await Promise.all(claimed.map((d) => deliveries.release(d)));
            break;
          }
          for (const d of claimed) launch(d);
          if (claimed.length === 0) break;
        }
      } while (again && running);
    } catch (error) {
      deps.onError?.(error, 'claim');
    }
  }

  /** Claims and launches due deliveries while there are free slots. One pump runs at a time. */
  function pump(): Promise<void> {
    if (!running) return Promise.resolve();
    if (pumping) {
      again = true;
      return pumping;
    }
    // Cleared in a .finally callback, which always runs after this assignment, even when the
    // pump had nothing to await (all slots busy) and finished synchronously.
    pumping = claimAndLaunch().finally(() => {
      pumping = null;
    });
    return pumping;
  }

  async function purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await deliveries.purgeEventsBefore(clock.now() - config.retentionMs, PURGE_BATCH);
      total += n;
      if (n < PURGE_BATCH || !running) return total;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe = signal.subscribe(() => {
        if (notifyTimer) return;
        notifyTimer = setTimeout(() => {
          notifyTimer = null;
          void pump();
        }, NOTIFY_COALESCE_MS);
      });
      // Not unref'd: this timer is what keeps a lone `roster worker` process alive.
      pollTimer = setInterval(() => void pump(), config.pollIntervalMs);
      purgeTimer = setInterval(() => purge().catch((error) => deps.onError?.(error, 'purge')), PURGE_INTERVAL_MS);
      purgeTimer.unref();
      void pump();
    },

    /**
     * Sends everything due now and waits for the outcomes (retries due later are left for
     * later); works whether or not the worker was started. For tests and tools.
     */
    async drain(): Promise<void> {
      const wasRunning = running;
      running = true;
      try {
        for (;;) {
          const before = launched;
          await pump();
          while (inFlight.size > 0) await Promise.all([...inFlight.values()].map((f) => f.done));
          if (launched === before) return;
        }
      } finally {
        running = wasRunning;
      }
    },

    purge,

    /**
     * Stops claiming, lets deliveries in flight finish for up to graceMs, then aborts the rest
     * and gives them back to the queue (they are sent again: delivery is at least once).
     */
    async stop(graceMs = 5_000): Promise<void> {
      running = false;
      unsubscribe?.();
      if (pollTimer) clearInterval(pollTimer);
      if (notifyTimer) clearTimeout(notifyTimer);
      notifyTimer = null;
      if (purgeTimer) clearInterval(purgeTimer);
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      const all = Promise.all([...inFlight.values()].map((f) => f.done));
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), graceMs);
      });
      if ((await Promise.race([all, expired])) === 'expired') {
        for (const f of inFlight.values()) f.abort.abort();
        await all;
      }
      clearTimeout(timer);
      await pumping;
    },

    get inFlight() {
      return inFlight.size;
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
