// Webhook delivery end to end: events committed through the End Users API reach a real receiver
// on loopback, signed so that the stock svix and standardwebhooks verifiers accept them, retried
// with the same message id, filtered, held back from disabled endpoints, never carrying
// sensitive values, and never emitted for a change that rolled back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as SvixWebhook } from 'svix';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { startReceiver, startWorker, type Receiver } from './helpers/webhooks.js';

const ENV = {
  ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
  ROSTER_WEBHOOK_RETRY_SCHEDULE: '0s,50ms,50ms',
  ROSTER_WEBHOOK_POLL_INTERVAL: '50ms',
};

describe.each(ENGINES)('webhook delivery (%s)', (engine) => {
  let ctx: TestContext;
  let receiver: Receiver;
  let worker: ReturnType<typeof startWorker>;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: ENV });
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function setUp(body: Record<string, unknown> = {}, key?: string) {
    receiver = await startReceiver();
    const res = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: receiver.url, ...body },
      ...(key ? { key } : {}),
    });
    expect(res.status).toBe(201);
    const secret = (await ctx.request('GET', `/api/v2/webhooks/${res.body.id}/secret/`, key ? { key } : {})).body
      .key as string;
    worker = startWorker(ctx.container);
    return { id: res.body.id as string, secret };
  }

  afterEach(async () => {
    await worker?.stop();
    await receiver?.close();
    // Each test starts with no endpoints.
    await ctx.container.db.kysely.deleteFrom('webhooks').execute();
  });

  async function attemptsOf(webhookId: string) {
    const res = await ctx.request('GET', `/api/v2/webhooks/${webhookId}/attempts/`);
    expect(res.status).toBe(200);
    return res.body.data as any[];
  }

  it('delivers v1.end_user.created signed for both stock verifiers', async () => {
    const { secret } = await setUp();
    const created = await ctx.request('POST', '/api/v2/end-users/', {
      body: { external_id: 'hook-1', profile: { first_name: 'Ada' } },
    });
    expect(created.status).toBe(201);
    const [delivery] = await receiver.waitFor(1);
    const headers = delivery!.headers as Record<string, string>;

    expect(new SvixWebhook(secret).verify(delivery!.raw, headers)).toEqual(delivery!.body);
    expect(new StandardWebhook(secret).verify(delivery!.raw, headers)).toEqual(delivery!.body);
    expect(headers['svix-id']).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(headers['webhook-id']).toBe(headers['svix-id']);
    expect(headers['webhook-timestamp']).toBe(headers['svix-timestamp']);
    expect(headers['webhook-signature']).toBe(headers['svix-signature']);
    expect(headers['content-type']).toBe('application/json');

    expect(delivery!.body).toEqual({
      type: 'v1.end_user.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      data: created.body,
      tags: [created.body.end_user_id],
    });
    // A signature made with another secret is refused by the same verifier.
    expect(() =>
      new SvixWebhook('whsec_' + Buffer.alloc(24, 1).toString('base64')).verify(delivery!.raw, headers),
    ).toThrow();
  });

  it('emits created only for a 201 and updated only when a returned field changed', async () => {
    await setUp();
    const first = await ctx.request('POST', '/api/v2/end-users/', {
      body: { external_id: 'hook-2', profile: { sensitive_metadata: { fields: { token: 'tok-SECRET-created' } } } },
    });
    expect(first.status).toBe(201);
    expect(
      (
        await ctx.request('POST', '/api/v2/end-users/', {
          body: { external_id: 'HOOK-2', profile: { first_name: 'X' } },
        })
      ).status,
    ).toBe(200);
    const id = first.body.end_user_id;
    // No-op and sensitive-only PATCHes change nothing a receiver could see.
    expect((await ctx.request('PATCH', `/api/v2/end-users/${id}`, { body: { profile: {} } })).status).toBe(200);
    expect(
      (
        await ctx.request('PATCH', `/api/v2/end-users/${id}`, {
          body: { profile: { sensitive_metadata: { fields: { token: 'tok-SECRET-patched' } } } },
        })
      ).status,
    ).toBe(200);
    const patched = await ctx.request('PATCH', `/api/v2/end-users/${id}`, {
      body: { profile: { metadata: { plan: 'gold' } } },
    });
    expect(patched.status).toBe(200);
    await receiver.waitFor(2);
    await worker.drain();

    // Deliveries run in parallel: no order is promised.
    expect(receiver.deliveries.map((d) => d.body.type).sort()).toEqual(['v1.end_user.created', 'v1.end_user.updated']);
    const updated = receiver.byType('v1.end_user.updated')[0]!;
    expect(updated.body.data).toEqual(patched.body);
    expect(updated.body.tags).toEqual([id]);
    for (const d of receiver.deliveries) expect(d.raw).not.toContain('tok-SECRET');
  });

  it('records no event for a change that was refused', async () => {
    await setUp();
    const a = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'hook-3a' } });
    const b = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'hook-3b' } });
    await receiver.waitFor(2);
    const before = await ctx.container.db.kysely
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // 409: the external_id is taken; 400: metadata over the limit after the merge.
    expect(
      (
        await ctx.request('PATCH', `/api/v2/end-users/${b.body.end_user_id}`, {
          body: { external_id: 'HOOK-3A', profile: { first_name: 'B' } },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await ctx.request('PATCH', `/api/v2/end-users/${a.body.end_user_id}`, {
          body: { profile: { first_name: 'A', metadata: { big: 'x'.repeat(10_300) } } },
        })
      ).status,
    ).toBe(400);
    const after = await ctx.container.db.kysely
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await worker.drain();
    expect(receiver.deliveries).toHaveLength(2);
  });

  it('retries a failing receiver with the same message id and logs every attempt', async () => {
    const { id } = await setUp();
    receiver.answers = [{ status: 500, body: 'boom' }, 'drop'];
    await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'hook-4' } });
    const [delivery] = await receiver.waitFor(1);
    // The receiver has answered; the worker records the attempt just after.
    await worker.drain();

    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt, a.status, a.status_code])).toEqual([
      [3, 'succeeded', 204],
      [2, 'failed', null],
      [1, 'failed', 500],
    ]);
    expect(new Set(attempts.map((a) => a.message_id))).toEqual(new Set([delivery!.id]));
    expect(attempts[2].response_body).toBe('boom');
    expect(attempts[2].error).toMatch(/500/);
    expect(attempts[1].error).toEqual(expect.any(String));
    expect(attempts.every((a) => a.trigger === 'event' && a.event_type === 'v1.end_user.created')).toBe(true);
  });

  it('keeps at most 4 KiB of a receiver answer', async () => {
    const { id } = await setUp();
    receiver.answers = [{ status: 200, body: 'é'.repeat(5_000) }];
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    await receiver.waitFor(1);
    await worker.drain();
    const [attempt] = await attemptsOf(id);
    expect(Buffer.byteLength(attempt.response_body)).toBe(4_096);
    expect(attempt.response_body).toBe('é'.repeat(2_048));
  });

  it('disables an endpoint whose message used up its attempts, and sends it nothing more', async () => {
    const { id } = await setUp();
    receiver.fallback = { status: 503 };
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    const deadline = Date.now() + 5_000;
    while ((await ctx.request('GET', `/api/v2/webhooks/${id}`)).body.enabled !== false) {
      if (Date.now() > deadline) throw new Error('the endpoint was not disabled');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await attemptsOf(id)).map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);

    receiver.fallback = { status: 204 };
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    await new Promise((r) => setTimeout(r, 200));
    await worker.drain();
    expect(receiver.deliveries).toHaveLength(0);
    expect(await attemptsOf(id)).toHaveLength(3);
  });

  it('honours event_filters and enabled', async () => {
    receiver = await startReceiver();
    const onlyCreated = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: `${receiver.url}?created`, event_filters: ['v1.end_user.created'] },
    });
    const onlyUpdated = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: `${receiver.url}?updated`, event_filters: ['v1.end_user.updated'] },
    });
    const off = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: `${receiver.url}?off`, enabled: false },
    });
    expect([onlyCreated.status, onlyUpdated.status, off.status]).toEqual([201, 201, 201]);
    worker = startWorker(ctx.container);

    const user = await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    await ctx.request('PATCH', `/api/v2/end-users/${user.body.end_user_id}`, {
      body: { profile: { first_name: 'F' } },
    });
    await receiver.waitFor(2);
    await worker.drain();
    expect(receiver.deliveries.map((d) => d.body.type).sort()).toEqual(['v1.end_user.created', 'v1.end_user.updated']);
    expect(await attemptsOf(off.body.id)).toEqual([]);

    // Re-enabled, the endpoint receives what happens from then on.
    expect((await ctx.request('PATCH', `/api/v2/webhooks/${off.body.id}`, { body: { enabled: true } })).status).toBe(
      200,
    );
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    await receiver.waitFor(4);
    await worker.drain();
    expect((await attemptsOf(off.body.id)).map((a) => a.event_type)).toEqual(['v1.end_user.created']);
  });

  it('signs with both secrets during a rotation, then with the new one only', async () => {
    const { id, secret: oldSecret } = await setUp();
    expect((await ctx.request('POST', `/api/v2/webhooks/${id}/secret/rotate/`, { body: {} })).status).toBe(200);
    const newSecret = (await ctx.request('GET', `/api/v2/webhooks/${id}/secret/`)).body.key;
    expect(newSecret).not.toBe(oldSecret);

    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    const [during] = await receiver.waitFor(1);
    const headers = during!.headers as Record<string, string>;
    expect(headers['svix-signature']!.split(' ')).toHaveLength(2);
    expect(new SvixWebhook(oldSecret).verify(during!.raw, headers)).toEqual(during!.body);
    expect(new SvixWebhook(newSecret).verify(during!.raw, headers)).toEqual(during!.body);
    expect(new StandardWebhook(oldSecret).verify(during!.raw, headers)).toEqual(during!.body);

    // Past the grace period the old secret no longer verifies.
    await ctx.container.db.kysely
      .updateTable('webhooks')
      .set({ previous_secret_expires_at: Date.now() - 1 })
      .where('id', '=', id)
      .execute();
    await ctx.request('POST', '/api/v2/end-users/', { body: {} });
    const after = (await receiver.waitFor(2))[1]!;
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders['svix-signature']!.split(' ')).toHaveLength(1);
    expect(new SvixWebhook(newSecret).verify(after.raw, afterHeaders)).toEqual(after.body);
    expect(() => new SvixWebhook(oldSecret).verify(after.raw, afterHeaders)).toThrow();
  });

  it('records events only while an endpoint subscribes; a disabled one can replay them', async () => {
    const events = async () =>
      Number(
        (
          await ctx.container.db.kysely
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await events();
    // No endpoint at all: the change is written alone.
    const lone = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'no-endpoint' } });
    expect(
      (
        await ctx.request('PATCH', `/api/v2/end-users/${lone.body.end_user_id}`, {
          body: { profile: { first_name: 'N' } },
        })
      ).status,
    ).toBe(200);
    expect(await events()).toBe(before);

    // A disabled endpoint gets no delivery, but the event is kept for a replay.
    receiver = await startReceiver();
    const hook = (await ctx.request('POST', '/api/v2/webhooks/', { body: { url: receiver.url, enabled: false } })).body
      .id as string;
    worker = startWorker(ctx.container);
    const since = new Date().toISOString();
    const missed = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'while-disabled' } });
    expect(await events()).toBe(before + 1);
    await worker.drain();
    expect(receiver.deliveries).toHaveLength(0);
    expect((await ctx.request('PATCH', `/api/v2/webhooks/${hook}`, { body: { enabled: true } })).status).toBe(200);
    const replay = await ctx.request('POST', `/api/v2/webhooks/${hook}/replay/`, { body: { since } });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ replayed: 1 });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.body.data.end_user_id).toBe(missed.body.end_user_id);
  });

  it('delivers only the agent’s own events to its endpoints', async () => {
    await setUp();
    await ctx.request('POST', '/api/v2/end-users/', { key: ctx.keyB, body: { external_id: 'other-agent' } });
    const mine = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'mine' } });
    await receiver.waitFor(1);
    await worker.drain();
    expect(receiver.deliveries.map((d) => d.body.data.end_user_id)).toEqual([mine.body.end_user_id]);
  });
});
