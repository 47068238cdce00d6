// Fault injection on both engines: the next N matching API requests answer 429 with
// Retry-After, 500, 503 or any status, or wait first; webhook deliveries to matching endpoints
// fail and are retried on the schedule; rules are listed, removed and cleared; the control API
// is never faulted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const TOKEN = 'emulator-token-0123456789';

describe.each(ENGINES)('emulator faults on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: { ROSTER_EMULATOR: 'on', ROSTER_EMULATOR_TOKEN: TOKEN } });
  });
  afterAll(() => ctx?.close());
  beforeEach(async () => {
    await control('DELETE', '/faults');
  });

  const control = (method: string, url: string, body?: unknown) =>
    ctx.request(method, `/_emulator${url}`, { key: TOKEN, ...(body === undefined ? {} : { body }) });
  const createUser = (externalId: string) =>
    ctx.request('POST', '/api/v2/end-users/', { body: { external_id: externalId } });

  it('answers the next N matching requests 429 with Retry-After, then as usual', async () => {
    const added = await control('POST', '/faults', {
      method: 'POST',
      path: '/api/v2/end-users/*',
      status: 429,
      retry_after: 2,
      times: 2,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ method: 'POST', status: 429, retry_after: 2, times: 2, remaining: 2 });
    expect(added.body.id).toMatch(/^fault_/);

    // Another method on the same path is not matched.
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await createUser(`limited-${i}`);
      expectError(res, 429, 'rate_limited');
      expect(res.headers['retry-after']).toBe('2');
    }
    expect((await createUser('limited-2')).status).toBe(201);
    expect((await control('GET', '/faults')).body.data).toEqual([]);
    // The refused requests created nothing.
    const list = await ctx.request('GET', '/api/v2/end-users/');
    expect(list.body.data.map((u: { external_id: string }) => u.external_id)).toEqual(['limited-2']);
  });

  it('answers 500, 503 (with Retry-After) and other statuses, in the order rules were added', async () => {
    await control('POST', '/faults', { path: '/api/v2/end-users/**', status: 500 });
    await control('POST', '/faults', { path: '/api/v2/end-users/**', status: 503 });
    await control('POST', '/faults', { path: '/api/v2/end-users/**', status: 502 });
    const listed = (await control('GET', '/faults')).body.data;
    expect(listed.map((r: { status: number; remaining: number }) => [r.status, r.remaining])).toEqual([
      [500, 1],
      [503, 1],
      [502, 1],
    ]);
    expectError(await ctx.request('GET', '/api/v2/end-users/'), 500, 'internal_error');
    const unavailable = await ctx.request('GET', '/api/v2/end-users/');
    expectError(unavailable, 503, 'service_unavailable');
    expect(unavailable.headers['retry-after']).toBe('1');
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(502);
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(200);
  });

  it('delays a request, which then goes on as usual', async () => {
    await control('POST', '/faults', { method: 'GET', path: '/api/v2/webhooks/', delay: 150 });
    const started = performance.now();
    const res = await ctx.request('GET', '/api/v2/webhooks/');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('removes one rule, or all, and never faults the control API', async () => {
    const rule = (await control('POST', '/faults', { path: '/**', status: 500, times: 100 })).body;
    expect((await control('GET', '/faults')).status).toBe(200);
    expect((await control('GET', '/clock')).status).toBe(200);
    expectError(await ctx.request('GET', '/api/v2/channels/?type=custom'), 500, 'internal_error');
    expect((await control('DELETE', `/faults/${rule.id}`)).status).toBe(204);
    expectError(await control('DELETE', `/faults/${rule.id}`), 404, 'not_found');
    expect((await ctx.request('GET', '/api/v2/channels/?type=custom')).status).toBe(200);
    await control('POST', '/faults', { path: '/**', status: 500 });
    expect((await control('DELETE', '/faults')).status).toBe(204);
    expect((await control('GET', '/faults')).body.data).toEqual([]);
  });

  it('refuses a rule it cannot apply, with 400', async () => {
    for (const body of [
      { status: 500 },
      { path: '/a', webhook: 'roster-inbox://x', status: 500 },
      { path: '/a' },
      { path: 'no-slash', status: 500 },
      { path: '/a', status: 200 },
      { path: '/a', status: 500, retry_after: 5 },
      { path: '/a', drop: true, status: 500 },
      { path: '/a', status: 500, times: 0 },
      { webhook: 'roster-inbox://x', method: 'POST', status: 500 },
      { path: '/a', method: 'BREW', status: 500 },
    ]) {
      const res = await control('POST', '/faults', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expectError(await control('POST', '/faults', { path: '/a', status: 500, unknown: 1 }), 400, 'validation_error');
  });

  it('fails webhook deliveries to a matching endpoint, which are retried on the schedule', async () => {
    const hook = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: 'roster-inbox://flaky' } });
    await control('POST', '/faults', { webhook: 'roster-inbox://flaky', status: 500 });
    await control('POST', '/faults', { webhook: 'roster-inbox://fla*', drop: true });
    await createUser('hooked');
    await ctx.container.jobs.drain();
    expect((await control('GET', '/inbox/flaky')).body.data).toEqual([]);
    await control('POST', '/clock/advance', { by: '1h' });
    const inbox = (await control('GET', '/inbox/flaky')).body.data;
    expect(inbox.map((d: { body: { data: { external_id: string } } }) => d.body.data.external_id)).toEqual(['hooked']);
    const attempts = (await ctx.request('GET', `/api/v2/webhooks/${hook.body.id}/attempts/`)).body.data;
    expect(attempts.map((a: { status_code: number | null }) => a.status_code)).toEqual([204, null, 500]); // newest first
  });
});
