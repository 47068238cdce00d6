// The emulator's clock on both engines: read, set, freeze, resume and advance over the control
// API; advancing runs due work before it answers (the unattached-user sweep, sensitive expiry,
// a whole webhook retry ladder each attempt at its time, then the endpoint's disabling).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newChannel, newConversation } from './helpers/conversations.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const TOKEN = 'emulator-token-0123456789';
const HOUR = 3_600_000;

describe.each(ENGINES)('emulator clock on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, {
      env: { ROSTER_EMULATOR: 'on', ROSTER_EMULATOR_TOKEN: TOKEN, ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
  });
  afterAll(() => ctx?.close());

  const control = (method: string, url: string, body?: unknown) =>
    ctx.request(method, `/_emulator${url}`, { key: TOKEN, ...(body === undefined ? {} : { body }) });
  const nowOf = async () => Date.parse((await control('GET', '/clock')).body.now);

  it('reads, freezes, sets, advances and resumes', async () => {
    const read = await control('GET', '/clock');
    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual(['frozen', 'now']);
    expect(read.body.frozen).toBe(false);

    const frozen = await control('POST', '/clock/freeze');
    expect(frozen.body.frozen).toBe(true);
    const at = Date.parse(frozen.body.now);
    await new Promise((r) => setTimeout(r, 20));
    expect(await nowOf()).toBe(at);

    const set = await control('POST', '/clock/set', { time: '2030-01-01T00:00:00.000Z' });
    expect(set.body).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true });
    expect(ctx.container.clock.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));

    expect((await control('POST', '/clock/advance', { by: '25h' })).body.now).toBe('2030-01-02T01:00:00.000Z');
    expect((await control('POST', '/clock/advance', { by: 1_500 })).body.now).toBe('2030-01-02T01:00:01.500Z');
    // Back in time is allowed with set, and runs nothing.
    expect((await control('POST', '/clock/set', { time: '2029-12-31T00:00:00Z' })).body.now).toBe(
      '2029-12-31T00:00:00.000Z',
    );

    const resumed = await control('POST', '/clock/resume');
    expect(resumed.body.frozen).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(await nowOf()).toBeGreaterThan(Date.parse('2029-12-31T00:00:00Z'));
    await control('POST', '/clock/freeze');
  });

  it('refuses a duration or time it cannot read, with 400', async () => {
    for (const by of ['soon', '-5m', -1, '']) {
      const res = await control('POST', '/clock/advance', { by });
      expect(res.status, JSON.stringify(by)).toBe(400);
    }
    expectError(await control('POST', '/clock/set', { time: 'tomorrow' }), 400, 'validation_error');
    expectError(
      await ctx.request('POST', '/_emulator/clock/advance', { key: ctx.keyA, body: { by: '1h' } }),
      401,
      'unauthorized',
    );
  });

  it('deletes an unattached end user when 24 h have passed, before the call returns', async () => {
    const created = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'lonely' } });
    expect(created.status).toBe(201);
    const url = `/api/v2/end-users/${created.body.end_user_id}`;
    await control('POST', '/clock/advance', { by: '23h' });
    expect((await ctx.request('GET', url)).status).toBe(200);
    await control('POST', '/clock/advance', { by: '2h' });
    expect((await ctx.request('GET', url)).status).toBe(404);
  });

  it('lets sensitive metadata expire and the sweep remove it', async () => {
    const created = await ctx.request('POST', '/api/v2/end-users/', {
      body: { external_id: 'secretive', profile: { sensitive_metadata: { fields: { ssn: '123' } } } },
    });
    expect(created.status).toBe(201);
    const rows = () =>
      ctx.container.db.kysely
        .selectFrom('sensitive_values')
        .select('key')
        .where('end_user_id', '=', created.body.end_user_id)
        .execute();
    expect(await rows()).toHaveLength(1);
    await control('POST', '/clock/advance', { by: '23h59m' });
    expect(await rows()).toHaveLength(1);
    await control('POST', '/clock/advance', { by: '2m' });
    expect(await rows()).toHaveLength(0);
  });

  it('runs a webhook retry ladder attempt by attempt, each at its time, and disables the endpoint', async () => {
    // Nothing listens on port 9 of the loopback: every attempt fails at once.
    const hook = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: 'http://127.0.0.1:9/hook', event_filters: ['v1.end_user.created'] },
    });
    expect(hook.status).toBe(201);
    const start = ctx.container.clock.now();
    const user = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'watched' } });
    // Attached to a conversation, so the 24-hour sweep of unattached end users (which takes their
    // events and pending deliveries with them) leaves it, and its delivery runs the whole ladder.
    const channel = await newChannel(ctx, { name: 'Ladder' });
    await newConversation(ctx, { channel_id: channel.id, end_user_id: user.body.end_user_id });
    await control('POST', '/clock/advance', { by: '2d' });
    const attempts = await ctx.container.db.kysely
      .selectFrom('webhook_attempts')
      .select(['attempt', 'created_at', 'succeeded'])
      .where('webhook_id', '=', hook.body.id)
      .orderBy('attempt')
      .execute();
    // The default schedule, each delay with Roster's ±10% jitter: 0s, 5s, 5m, 30m, 2h, 5h, 10h, 10h.
    const schedule = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
    expect(attempts).toHaveLength(schedule.length);
    const times = [start, ...attempts.map((a) => Number(a.created_at))];
    schedule.forEach((delay, i) => {
      const gap = times[i + 1]! - times[i]!;
      expect(gap, `before attempt ${i + 1}`).toBeGreaterThanOrEqual(Math.floor(delay * 0.9));
      expect(gap, `before attempt ${i + 1}`).toBeLessThanOrEqual(Math.ceil(delay * 1.1));
    });
    expect(attempts.every((a) => Number(a.succeeded) === 0)).toBe(true);
    expect((await ctx.request('GET', `/api/v2/webhooks/${hook.body.id}`)).body.enabled).toBe(false);
  });
});
