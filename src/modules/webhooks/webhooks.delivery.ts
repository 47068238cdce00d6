// Webhook delivery as a job: one job per (event, endpoint), signed and POSTed by the jobs runner,
// every attempt logged, retried on the schedule (at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
// 10 h by default, each ±10 %), and the endpoint disabled when a message uses up its attempts or
// the endpoint has failed every attempt for ROSTER_WEBHOOK_DISABLE_AFTER. The message id is the
// event's, so every attempt of one event carries the same svix-id. A disabled endpoint's
// deliveries are paused, and resume when it is enabled again.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { WebhookConfig } from '../../config.js';
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { toWireTime } from '../../lib/time.js';
import type { Logger } from '../../platform/manifest.js';
import { messageId, type DeliveryPayload } from './webhooks.outbox.js';
import type { Sender } from './webhooks.sender.js';
import { secretAad, signatureHeaders, signingKeyOf } from './webhooks.signing.js';
import { DELIVERY_KIND, type StoredEvent, type Webhook, type WebhooksStore } from './webhooks.store.js';

/** How long past the receiver timeout a claimed delivery stays leased to its runner. */
const LEASE_MARGIN_MS = 10_000;
const SIGNING_KEY_CACHE_MAX = 1_000;

/** Spreads retries by ±10 % so endpoints that failed together do not retry in lockstep. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  return Math.round(delayMs * (0.9 + 0.2 * random()));
}

export interface DeliveryDeps {
  store: WebhooksStore;
  sender: Sender;
  keyring: Keyring;
  clock: Clock;
  config: WebhookConfig;
  log: Logger;
  metrics: Registry;
}

interface Loaded {
  webhook: Webhook;
  event: StoredEvent;
}

export function deliveryJob(deps: DeliveryDeps): JobDefinition<DeliveryPayload, Loaded> {
  const { store, sender, keyring, clock, config, log } = deps;
  const schedule = config.retryScheduleMs;
  const attempts = new Counter({
    name: 'roster_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome (succeeded, failed).',
    labelNames: ['outcome'] as const,
    registers: [deps.metrics],
  });
  const latency = new Histogram({
    name: 'roster_webhook_attempt_duration_seconds',
    help: 'Time from sending a webhook to its answer (or failure), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [deps.metrics],
  });

  // Decrypted signing keys by endpoint and sealed secret: opening the envelope on every delivery
  // would repeat the same AES-GCM work. A rotation seals a new envelope, so entries never go stale.
  const keyCache = new Map<string, Buffer | null>();
  function signingKey(webhook: Webhook, envelope: string): Buffer | null {
    const cacheKey = `${webhook.id}:${envelope}`;
    let key = keyCache.get(cacheKey);
    if (key === undefined) {
      key = signingKeyOf(keyring.open(envelope, secretAad(webhook.agentId, webhook.id)));
      if (keyCache.size >= SIGNING_KEY_CACHE_MAX) keyCache.clear();
      keyCache.set(cacheKey, key);
    }
    return key;
  }

  function signingKeys(webhook: Webhook, now: number): Buffer[] {
    const keys = [signingKey(webhook, webhook.secret)];
    if (webhook.previousSecret !== null && (webhook.previousSecretExpiresAt ?? 0) > now) {
      keys.push(signingKey(webhook, webhook.previousSecret));
    }
    return keys.filter((k): k is Buffer => k !== null);
  }

  return {
    kind: DELIVERY_KIND,
    concurrency: config.concurrency,
    // An endpoint that hangs holds at most its share of the slots; other agents' deliveries go on.
    fairness: { perAgent: config.agentConcurrency, perGroup: config.endpointConcurrency },
    leaseMs: config.timeoutMs + LEASE_MARGIN_MS,
    // After attempt n failed, the schedule's entry n is the wait ([0] was the wait before the first).
    backoff: (attempt) => {
      const delay = schedule[attempt];
      return delay === undefined ? null : withJitter(delay);
    },

    async load(jobs, ex) {
      const [webhooks, events] = await Promise.all([
        store.webhooksByIds([...new Set(jobs.map((j) => j.payload.webhook_id))], ex),
        store.eventsByIds([...new Set(jobs.map((j) => j.payload.event_id))], ex),
      ]);
      const webhookById = new Map(webhooks.map((w) => [w.id, w]));
      const eventById = new Map(events.map((e) => [e.id, e]));
      const loaded = new Map<string, Loaded>();
      for (const job of jobs) {
        const webhook = webhookById.get(job.payload.webhook_id);
        const event = eventById.get(job.payload.event_id);
        // Both belong to the job's agent, or the job delivers nothing.
        if (webhook && event && webhook.agentId === job.agentId && event.agentId === job.agentId) {
          loaded.set(job.id, { webhook, event });
        }
      }
      return loaded;
    },

    async run(job, ctx, loaded) {
      // The endpoint or the event is gone (deleted, purged): there is nothing left to deliver.
      if (!loaded) return;
      const { webhook, event } = loaded;
      if (!webhook.enabled) {
        await ctx.pause();
        return;
      }
      const sentAt = clock.now();
      const id = messageId(event.id);
      const outcome = await sender.send({
        url: webhook.url,
        body: event.payload,
        headers: signatureHeaders(signingKeys(webhook, sentAt), id, Math.floor(sentAt / 1000), event.payload),
        signal: ctx.signal,
      });
      // Stopped mid-request: the runner hands the delivery back and it is sent again soon.
      if (ctx.signal.aborted) return;
      if (outcome.blocked) {
        // The attempts log tells the tenant only that the target is not public; what the name
        // resolved to (internal DNS) is for the operator.
        log.debug(
          { webhook_id: webhook.id, host: outcome.blocked.host, address: outcome.blocked.address },
          'webhook target resolved to a non-public address',
        );
      }
      const label = outcome.succeeded ? 'succeeded' : 'failed';
      attempts.inc({ outcome: label });
      latency.observe({ outcome: label }, outcome.durationMs / 1000);

      const now = clock.now();
      const attempt = {
        id: newId(now, webhook.agentId),
        agent_id: webhook.agentId,
        webhook_id: webhook.id,
        delivery_id: job.id,
        event_id: event.id,
        event_type: event.type,
        attempt: job.attempt,
        trigger: job.payload.trigger,
        succeeded: outcome.succeeded ? 1 : 0,
        status_code: outcome.statusCode,
        duration_ms: outcome.durationMs,
        error: outcome.error,
        response_body: outcome.responseBody,
        created_at: now,
      };
      if (outcome.succeeded) {
        await ctx.succeed(async (unit) => {
          await store.recordAttempt(unit.ex, attempt);
          await store.clearFailing(unit.ex, webhook.id);
        });
        return;
      }
      let disabled = false;
      const reason = outcome.error ?? `answered ${outcome.statusCode}`;
      const failure = await ctx.fail(reason, async (unit, next) => {
        await store.recordAttempt(unit.ex, attempt);
        // A message that used up its attempts disables the endpoint at once.
        const since = next.outcome === 'dead' ? now : now - config.disableAfterMs;
        disabled = await store.markFailing(unit.ex, webhook.id, now, since);
      });
      if (failure === null) return;
      log.info(
        {
          webhook_id: webhook.id,
          message_id: id,
          attempt: job.attempt,
          ...(outcome.statusCode === null ? { error: outcome.error } : { status_code: outcome.statusCode }),
          next_attempt_at: failure.runAt === null ? null : toWireTime(failure.runAt),
        },
        'webhook delivery attempt failed',
      );
      if (disabled) {
        log.warn({ webhook_id: webhook.id, message_id: id }, 'webhook endpoint disabled after failed deliveries');
      }
    },
  };
}
