import { describe, expect, it } from 'vitest';
import { createKeyring, encryptionKeyFrom } from '../../lib/crypto.js';
import { manualClock } from '../../lib/clock.js';
import { createSignal } from '../../lib/signal.js';
import type { WebhookConfig } from '../../config.js';
import type { AttemptOutcome, ClaimedDelivery, CompleteOptions, DeliveriesStore } from './webhooks.deliveries.js';
import type { Sender, SendRequest } from './webhooks.sender.js';
import { generateSigningSecret, secretAad, signingKeyOf, sign } from './webhooks.signing.js';
import { createDeliveryWorker, withJitter } from './webhooks.worker.js';

const keyring = createKeyring(encryptionKeyFrom(Buffer.alloc(32, 3)));
const CONFIG: WebhookConfig = {
  retryScheduleMs: [0, 1_000, 60_000],
  timeoutMs: 1_000,
  allowPrivate: true,
  worker: true,
  concurrency: 2,
  pollIntervalMs: 10_000,
  disableAfterMs: 5 * 86_400_000,
  secretGraceMs: 86_400_000,
  retentionMs: 30 * 86_400_000,
};

/** An in-memory queue standing in for the deliveries table. */
function fakeQueue(count: number, secret: string) {
  const pending: ClaimedDelivery[] = Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    agentId: 'agent',
    webhookId: 'hook',
    eventId: `e${i}`,
    eventType: 'v1.end_user.created',
    payload: `{"n":${i}}`,
    url: 'http://receiver.test/',
    secret: keyring.seal(secret, secretAad('agent', 'hook')),
    previousSecret: null,
    previousSecretExpiresAt: null,
    attempts: 0,
    trigger: 'event',
    leaseToken: '',
  }));
  const completed: Array<{ delivery: ClaimedDelivery; outcome: AttemptOutcome; options: CompleteOptions }> = [];
  const store = {
    async claim(limit: number, _now: number, _until: number, token: string) {
      return pending.splice(0, limit).map((d) => ({ ...d, leaseToken: token }));
    },
    async complete(delivery: ClaimedDelivery, outcome: AttemptOutcome, options: CompleteOptions) {
      completed.push({ delivery, outcome, options });
      return 'recorded' as const;
    },
    async release(delivery: ClaimedDelivery) {
      pending.push(delivery);
    },
    async purgeEventsBefore() {
      return 0;
    },
  } satisfies DeliveriesStore;
  return { store, pending, completed };
}

function fakeSender(answer: (request: SendRequest) => AttemptOutcome) {
  const sent: SendRequest[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const sender: Sender = {
    async send(request) {
      sent.push(request);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 2));
      concurrent--;
      return answer(request);
    },
    close() {},
  };
  return { sender, sent, maxConcurrent: () => maxConcurrent };
}

const ok: AttemptOutcome = { succeeded: true, statusCode: 204, durationMs: 1, error: null, responseBody: '' };
const failed: AttemptOutcome = {
  succeeded: false,
  statusCode: 500,
  durationMs: 1,
  error: 'answered 500',
  responseBody: '',
};

describe('delivery worker', () => {
  it('keeps every slot busy until the queue is empty, never exceeding the concurrency', async () => {
    const secret = generateSigningSecret();
    const queue = fakeQueue(25, secret);
    const { sender, sent, maxConcurrent } = fakeSender(() => ok);
    const worker = createDeliveryWorker({
      deliveries: queue.store,
      sender,
      keyring,
      clock: manualClock(),
      signal: createSignal(),
      config: CONFIG,
    });
    worker.start();
    // No drain() and a long poll interval: the pump alone must keep going as slots free up.
    const deadline = Date.now() + 5_000;
    while (queue.completed.length < 25 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(queue.completed).toHaveLength(25);
    expect(maxConcurrent()).toBe(2);
    expect(new Set(sent.map((s) => s.headers['svix-id'])).size).toBe(25);
  });

  it('signs with the current secret, and the previous one until its grace period ends', async () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const clock = manualClock(1_800_000_000_000);
    const queue = fakeQueue(2, current);
    queue.pending[0]!.previousSecret = keyring.seal(previous, secretAad('agent', 'hook'));
    queue.pending[0]!.previousSecretExpiresAt = clock.now() + 1;
    queue.pending[1]!.previousSecret = keyring.seal(previous, secretAad('agent', 'hook'));
    queue.pending[1]!.previousSecretExpiresAt = clock.now();
    const { sender, sent } = fakeSender(() => ok);
    await createDeliveryWorker({
      deliveries: queue.store,
      sender,
      keyring,
      clock,
      signal: createSignal(),
      config: CONFIG,
    }).drain();

    const [both, one] = sent.sort((a, b) => a.body.localeCompare(b.body));
    const ts = Math.floor(clock.now() / 1000);
    expect(both!.headers['svix-signature']).toBe(
      `${sign(signingKeyOf(current)!, 'msg_e0', ts, both!.body)} ${sign(signingKeyOf(previous)!, 'msg_e0', ts, both!.body)}`,
    );
    expect(one!.headers['svix-signature']).toBe(sign(signingKeyOf(current)!, 'msg_e1', ts, one!.body));
    expect(one!.headers['webhook-timestamp']).toBe(String(ts));
  });

  it('schedules the next attempt from the schedule, and none once it is used up', async () => {
    const clock = manualClock(1_000_000);
    const queue = fakeQueue(3, generateSigningSecret());
    queue.pending[1]!.attempts = 1;
    queue.pending[2]!.attempts = 2;
    const { sender } = fakeSender(() => failed);
    await createDeliveryWorker({
      deliveries: queue.store,
      sender,
      keyring,
      clock,
      signal: createSignal(),
      config: { ...CONFIG, concurrency: 3 },
    }).drain();
    const next = Object.fromEntries(queue.completed.map((c) => [c.delivery.id, c.options.nextAttemptAt]));
    // After attempt 1 the schedule says 1 s, after attempt 2 one minute (±10 %), after attempt 3 nothing.
    expect(next.d0! - clock.now()).toBeGreaterThanOrEqual(900);
    expect(next.d0! - clock.now()).toBeLessThanOrEqual(1_100);
    expect(next.d1! - clock.now()).toBeGreaterThanOrEqual(54_000);
    expect(next.d1! - clock.now()).toBeLessThanOrEqual(66_000);
    expect(next.d2).toBeNull();
  });

  it('hands deliveries in flight back to the queue when stopped past its grace', async () => {
    const queue = fakeQueue(1, generateSigningSecret());
    const sender: Sender = {
      send: (request) =>
        new Promise((resolve) =>
          request.signal!.addEventListener('abort', () => resolve({ ...failed, statusCode: null, error: 'aborted' }), {
            once: true,
          }),
        ),
      close() {},
    };
    const worker = createDeliveryWorker({
      deliveries: queue.store,
      sender,
      keyring,
      clock: manualClock(),
      signal: createSignal(),
      config: CONFIG,
    });
    worker.start();
    while (worker.inFlight === 0) await new Promise((r) => setTimeout(r, 1));
    await worker.stop(20);
    expect(queue.completed).toHaveLength(0);
    expect(queue.pending.map((d) => d.id)).toEqual(['d0']);
  });

  it('jitters delays by at most 10 % either way', () => {
    expect(withJitter(0)).toBe(0);
    expect(withJitter(1_000, () => 0)).toBe(900);
    expect(withJitter(1_000, () => 1)).toBe(1_100);
    expect(withJitter(1_000, () => 0.5)).toBe(1_000);
  });
});
