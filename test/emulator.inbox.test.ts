// The emulator's webhook inbox on both engines: an endpoint at roster-inbox://<name> receives
// signed deliveries in memory, listed, awaited and cleared through the control API; such URLs
// are refused outside the emulator mode.
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const TOKEN = 'emulator-token-0123456789';

describe.each(ENGINES)('emulator webhook inbox on %s', (engine) => {
  let off: TestContext;
  let ctx: TestContext;
  beforeAll(async () => {
    off = await createTestContext(engine);
    ctx = await createTestContext(engine, { env: { ROSTER_EMULATOR: 'on', ROSTER_EMULATOR_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await off?.close();
    await ctx?.close();
  });

  const control = (method: string, url: string, body?: unknown) =>
    ctx.request(method, `/_emulator${url}`, { key: TOKEN, ...(body === undefined ? {} : { body }) });

  async function endpoint(name: string): Promise<{ id: string; secret: string }> {
    const res = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: `roster-inbox://${name}` } });
    expect(res.status, res.raw).toBe(201);
    const secret = (await ctx.request('GET', `/api/v2/webhooks/${res.body.id}/secret/`)).body.key;
    return { id: res.body.id, secret };
  }

  it('refuses roster-inbox:// endpoints outside the emulator mode', async () => {
    const res = await off.request('POST', '/api/v2/webhooks/', { body: { url: 'roster-inbox://orders' } });
    expect(expectError(res, 400, 'validation_error').details[0].parameter).toBe('$.url');
  });

  it('receives signed deliveries in memory, listed oldest first', async () => {
    const { id, secret } = await endpoint('orders');
    await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'in-1' } });
    await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'in-2' } });
    await ctx.container.jobs.drain();
    const list = await control('GET', '/inbox/orders');
    expect(list.status).toBe(200);
    const deliveries = list.body.data;
    expect(deliveries.map((d: { type: string }) => d.type)).toEqual(['v1.end_user.created', 'v1.end_user.created']);
    expect(deliveries.map((d: { body: { data: { external_id: string } } }) => d.body.data.external_id)).toEqual([
      'in-1',
      'in-2',
    ]);
    const [first] = deliveries;
    expect(Object.keys(first).sort()).toEqual(['body', 'headers', 'id', 'raw', 'received_at', 'type']);
    expect(first.id).toBe(first.headers['webhook-id']);
    // Signed as a receiver would get it: a stock verifier accepts it with the endpoint's secret.
    expect(new StandardWebhook(secret).verify(first.raw, first.headers)).toEqual(first.body);
    // The attempt is logged as a success, as for any endpoint.
    const attempts = await ctx.request('GET', `/api/v2/webhooks/${id}/attempts/`);
    expect(attempts.body.data.map((a: { status_code: number }) => a.status_code)).toEqual([204, 204]);
  });

  it('waits for a delivery of a type, or answers 404 when none comes in time', async () => {
    await endpoint('waiting');
    const pending = control('GET', '/inbox/waiting/wait?type=v1.end_user.updated&timeout_ms=5000');
    const created = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'w-1' } });
    await ctx.request('PATCH', `/api/v2/end-users/${created.body.end_user_id}`, {
      body: { profile: { first_name: 'Wendy' } },
    });
    await ctx.container.jobs.drain();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('v1.end_user.updated');
    expect(res.body.body.data.profile.first_name).toBe('Wendy');
    // Already there: answered at once.
    expect((await control('GET', '/inbox/waiting/wait?type=v1.end_user.created')).body.type).toBe(
      'v1.end_user.created',
    );
    const none = await control('GET', '/inbox/waiting/wait?type=v1.conversation.created&timeout_ms=50');
    expect(expectError(none, 404, 'not_found').message).toMatch(/within 50 ms/);
  });

  it('clears one inbox, and a reset clears them all', async () => {
    expect((await control('DELETE', '/inbox/waiting')).status).toBe(204);
    expect((await control('GET', '/inbox/waiting')).body.data).toEqual([]);
    expect((await control('GET', '/inbox/orders')).body.data.length).toBeGreaterThan(0);
    await control('POST', '/reset');
    expect((await control('GET', '/inbox/orders')).body.data).toEqual([]);
    expect((await control('GET', '/inbox/never-used')).body.data).toEqual([]);
  });

  it('refuses a malformed inbox name with 400', async () => {
    expectError(await control('GET', '/inbox/bad%20name'), 400, 'validation_error');
  });
});
