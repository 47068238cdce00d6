// The admin console's server side on both engines: off unless enabled; sign-in with an admin
// token into an HttpOnly, SameSite=Strict session; 401 without a session, 403 without the CSRF
// token or from another origin; a strict CSP on every console answer; the gateway to the public
// API answers exactly as the API does for that agent (validation, tenant isolation) and never
// hands out a webhook secret; keys created and revoked; sessions ended by sign-out and revocation;
// a conversation's handoff shown and ended; erasures with their progress; and the emulator's
// controls, present only when the emulator is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRow } from '../src/jobs/jobs.store.js';
import { CONTENT_SECURITY_POLICY } from '../src/modules/console/console.assets.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { consoleRequest, createAdmin, signIn, type ConsoleSession } from './helpers/console.js';
import { endUserText, handOff, newChannel, newConversation, postMessage } from './helpers/conversations.js';

describe.each(ENGINES)('admin console, disabled by default, on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it('answers 404 on /console and its API when ROSTER_CONSOLE is not on', async () => {
    for (const url of ['/console', '/console/api/session', '/console/assets/app.js']) {
      expect((await consoleRequest(ctx, 'GET', url)).status).toBe(404);
    }
  });
});

describe.each(ENGINES)('admin console on %s', (engine) => {
  let ctx: TestContext;
  let token: string;
  let session: ConsoleSession;
  const proxy = (agentId: string, path: string) => `/console/api/agents/${agentId}/v2/${path}`;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: { ROSTER_CONSOLE: 'on' } });
    token = await createAdmin(ctx);
    session = await signIn(ctx, token);
  });
  afterAll(async () => ctx?.close());

  it('serves the page and its bundle with a strict Content-Security-Policy, and nothing secret in them', async () => {
    const page = await consoleRequest(ctx, 'GET', '/console');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.raw).not.toMatch(/<script>|style=|https?:\/\//);
    const js = await consoleRequest(ctx, 'GET', '/console/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.raw).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\//i);
    expect((await consoleRequest(ctx, 'GET', '/console/assets/other.js')).status).toBe(404);
  });

  it('signs in with an admin token into an HttpOnly, SameSite=Strict cookie, and refuses a wrong token', async () => {
    const wrong = await consoleRequest(ctx, 'POST', '/console/api/session', { body: { token: 'roster_admin_nope' } });
    expectError(wrong as any, 401, 'unauthorized');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const invalid = await consoleRequest(ctx, 'POST', '/console/api/session', { body: {} });
    expectError(invalid as any, 400, 'validation_error');

    const foreign = await consoleRequest(ctx, 'POST', '/console/api/session', {
      body: { token },
      headers: { origin: 'https://evil.example' },
    });
    expectError(foreign as any, 403, 'forbidden');
    expect(foreign.headers['set-cookie']).toBeUndefined();

    const res = await consoleRequest(ctx, 'POST', '/console/api/session', {
      body: { token },
      headers: { origin: 'http://localhost:80' },
    });
    expect(res.status).toBe(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^roster_console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/console');
    // Roster keeps only the session's hash.
    const value = cookie.slice('roster_console='.length, cookie.indexOf(';'));
    const stored = await ctx.container.db.kysely.selectFrom('console_sessions').select('id_hash').execute();
    expect(stored.map((r) => r.id_hash)).not.toContain(value);
  });

  it('answers 401 without a session, or with an unknown one, on every console API route', async () => {
    for (const [method, url] of [
      ['GET', '/console/api/session'],
      ['GET', '/console/api/agents'],
      ['GET', '/console/api/jobs'],
      ['POST', '/console/api/keys'],
      ['GET', proxy(ctx.agentA, 'end-users/')],
    ] as const) {
      expectError(
        (await consoleRequest(ctx, method, url, { body: method === 'POST' ? {} : undefined })) as any,
        401,
        'unauthorized',
      );
      const forged = { cookie: 'roster_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: 'x' };
      expectError((await consoleRequest(ctx, method, url, { session: forged })) as any, 401, 'unauthorized');
    }
  });

  it("refuses a change without the CSRF token, with another session's, or from another origin (403)", async () => {
    const body = { agent: 'alpha', name: 'csrf' };
    const missing = await consoleRequest(ctx, 'POST', '/console/api/keys', { session, body, csrf: null });
    expectError(missing as any, 403, 'forbidden');
    const other = await signIn(ctx, token);
    const crossed = await consoleRequest(ctx, 'POST', '/console/api/keys', { session, body, csrf: other.csrf });
    expectError(crossed as any, 403, 'forbidden');
    const foreign = await consoleRequest(ctx, 'POST', '/console/api/keys', {
      session,
      body,
      headers: { origin: 'https://evil.example' },
    });
    expectError(foreign as any, 403, 'forbidden');
    const viaProxy = await consoleRequest(ctx, 'POST', proxy(ctx.agentA, 'end-users/'), {
      session,
      body: {},
      csrf: 'nope',
    });
    expectError(viaProxy as any, 403, 'forbidden');
    const keys = await ctx.container.modules.agents.service.listKeys('alpha');
    expect(keys.some((k) => k.name === 'csrf')).toBe(false);
  });

  it('creates an API key shown once, lists keys by prefix only, and revokes one', async () => {
    const created = await consoleRequest(ctx, 'POST', '/console/api/keys', {
      session,
      body: { agent: 'gamma', name: 'made in the console' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^roster_/);
    const works = await ctx.request('GET', '/api/v2/end-users/', { key: created.body.secret });
    expect(works.status).toBe(200);

    const listed = await consoleRequest(ctx, 'GET', '/console/api/agents', { session });
    expect(listed.status).toBe(200);
    const gamma = listed.body.data.find((a: any) => a.handle === 'gamma');
    expect(gamma.keys).toEqual([
      {
        id: created.body.key.id,
        name: 'made in the console',
        prefix: created.body.secret.slice(0, 13),
        created_at: expect.any(String),
        revoked_at: null,
      },
    ]);
    expect(listed.raw).not.toContain(created.body.secret);

    const bad = await consoleRequest(ctx, 'POST', '/console/api/keys', { session, body: { agent: 'Not Valid' } });
    expectError(bad as any, 400, 'validation_error');

    const revoked = await consoleRequest(ctx, 'POST', `/console/api/keys/${created.body.key.id}/revoke`, { session });
    expect(revoked.status).toBe(204);
    const again = await consoleRequest(ctx, 'POST', `/console/api/keys/${created.body.key.id}/revoke`, { session });
    expectError(again as any, 404, 'not_found');
    ctx.clock.advance(2_000); // past the authenticator's one-second cache
    expectError(await ctx.request('GET', '/api/v2/end-users/', { key: created.body.secret }), 401, 'unauthorized');
  });

  it('runs the public API as the chosen agent: same answers, same validation, same tenant isolation', async () => {
    const made = await consoleRequest(ctx, 'POST', proxy(ctx.agentA, 'end-users/'), {
      session,
      body: { external_id: 'console-1', profile: { email: 'one@example.com' } },
    });
    expect(made.status).toBe(201);
    const direct = await ctx.request('GET', `/api/v2/end-users/${made.body.end_user_id}`);
    const viaConsole = await consoleRequest(ctx, 'GET', proxy(ctx.agentA, `end-users/${made.body.end_user_id}`), {
      session,
    });
    expect(viaConsole.status).toBe(200);
    expect(viaConsole.body).toEqual(direct.body);

    const found = await consoleRequest(ctx, 'GET', proxy(ctx.agentA, 'end-users/?external_id=console-1'), { session });
    expect(found.body.end_user_id).toBe(made.body.end_user_id);

    const invalid = await consoleRequest(ctx, 'POST', proxy(ctx.agentA, 'end-users/'), {
      session,
      body: { external_id: '' },
    });
    const invalidDirect = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual(invalidDirect.body);

    // Agent beta through the console sees alpha's end user exactly as beta's key does: 404.
    const asBeta = await consoleRequest(ctx, 'GET', proxy(ctx.agentB, `end-users/${made.body.end_user_id}`), {
      session,
    });
    const betaDirect = await ctx.request('GET', `/api/v2/end-users/${made.body.end_user_id}`, { key: ctx.keyB });
    expect(asBeta.status).toBe(404);
    expect(asBeta.body).toEqual(betaDirect.body);
    const sensitive = await consoleRequest(
      ctx,
      'GET',
      `/console/api/agents/${ctx.agentB}/end-users/${made.body.end_user_id}/sensitive-keys`,
      { session },
    );
    expectError(sensitive as any, 404, 'not_found');

    const byEmail = (agentId: string, email: string) =>
      consoleRequest(
        ctx,
        'GET',
        `/console/api/agents/${agentId}/end-users/by-email?email=${encodeURIComponent(email)}`,
        {
          session,
        },
      );
    const matched = await byEmail(ctx.agentA, 'one@example.com');
    expect(matched.status).toBe(200);
    expect(matched.body).toEqual({ data: [direct.body] });
    expect((await byEmail(ctx.agentA, 'ONE@example.com')).body).toEqual({ data: [] });
    expect((await byEmail(ctx.agentB, 'one@example.com')).body).toEqual({ data: [] });
    const noEmail = await consoleRequest(ctx, 'GET', `/console/api/agents/${ctx.agentA}/end-users/by-email`, {
      session,
    });
    expectError(noEmail as any, 400, 'validation_error');

    const unknownAgent = await consoleRequest(ctx, 'GET', proxy('000000000000000000000000', 'end-users/'), { session });
    expectError(unknownAgent as any, 404, 'not_found');
  });

  it("shows sensitive metadata by key and expiry, never the value, and the end user's conversations", async () => {
    const user = await ctx.request('POST', '/api/v2/end-users/', {
      body: { external_id: 'console-2', profile: { sensitive_metadata: { fields: { card: 'SECRET-4242' } } } },
    });
    expect(user.status).toBe(201);
    const id = user.body.end_user_id;
    const keys = await consoleRequest(ctx, 'GET', `/console/api/agents/${ctx.agentA}/end-users/${id}/sensitive-keys`, {
      session,
    });
    expect(keys.status).toBe(200);
    expect(keys.body.data).toEqual([{ key: 'card', expires_at: expect.any(String) }]);
    expect(keys.raw).not.toContain('SECRET-4242');

    const none = await consoleRequest(ctx, 'GET', `/console/api/agents/${ctx.agentA}/end-users/${id}/conversations`, {
      session,
    });
    expect(none.body).toEqual({ data: [] });
  });

  it('never hands out a webhook signing secret, and lists jobs', async () => {
    const hook = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: 'https://example.com/hooks' } });
    expect(hook.status).toBe(201);
    const secret = await consoleRequest(ctx, 'GET', proxy(ctx.agentA, `webhooks/${hook.body.id}/secret/`), { session });
    expectError(secret as any, 404, 'not_found');
    const jobs = await consoleRequest(ctx, 'GET', '/console/api/jobs?state=queued', { session });
    expect(jobs.status).toBe(200);
    expect(Array.isArray(jobs.body.counts)).toBe(true);
    expect(jobs.body.data.every((j: any) => j.state === 'queued')).toBe(true);
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/jobs?state=gone', { session })) as any,
      400,
      'validation_error',
    );
  });

  it('retries a dead job and cancels a job that is not running, as the CLI does', async () => {
    const now = ctx.clock.now();
    const dead = { ...jobRow({ kind: 'console.test', payload: null }, now), state: 'dead' as const, attempts: 3 };
    await ctx.container.jobs.store.insert(ctx.container.db.root, [dead]);
    const other = await consoleRequest(ctx, 'POST', `/console/api/jobs/${dead.id}/retry`, {
      session,
      csrf: null,
    });
    expectError(other as any, 403, 'forbidden');
    expect((await consoleRequest(ctx, 'POST', `/console/api/jobs/${dead.id}/retry`, { session })).status).toBe(204);
    const retried = await ctx.container.jobs.store.find(dead.id);
    expect([retried?.state, Number(retried?.attempts)]).toEqual(['queued', 0]);
    const again = await consoleRequest(ctx, 'POST', `/console/api/jobs/${dead.id}/retry`, { session });
    expectError(again as any, 404, 'not_found');
    expect((await consoleRequest(ctx, 'POST', `/console/api/jobs/${dead.id}/cancel`, { session })).status).toBe(204);
    expect(await ctx.container.jobs.store.find(dead.id)).toBeUndefined();
    const gone = await consoleRequest(ctx, 'POST', `/console/api/jobs/${dead.id}/cancel`, { session });
    expectError(gone as any, 404, 'not_found');
  });

  it('ends the session on sign-out, and every session of an admin who is revoked', async () => {
    const mine = await signIn(ctx, token);
    const out = await consoleRequest(ctx, 'DELETE', '/console/api/session', { session: mine });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^roster_console=;/);
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/session', { session: mine })) as any,
      401,
      'unauthorized',
    );

    const other = await createAdmin(ctx, 'temp');
    const theirs = await signIn(ctx, other);
    expect((await consoleRequest(ctx, 'GET', '/console/api/session', { session: theirs })).status).toBe(200);
    await ctx.container.modules.console.service.revokeAdmin('temp');
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/session', { session: theirs })) as any,
      401,
      'unauthorized',
    );
    const retry = await consoleRequest(ctx, 'POST', '/console/api/session', { body: { token: other } });
    expectError(retry as any, 401, 'unauthorized');
  });

  it('says the emulator is off, and has no emulator routes then', async () => {
    const current = await consoleRequest(ctx, 'GET', '/console/api/session', { session });
    expect(current.body.emulator).toBe(false);
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/emulator/clock', { session })) as any,
      404,
      'not_found',
    );
    const advance = await consoleRequest(ctx, 'POST', '/console/api/emulator/clock/advance', {
      session,
      body: { by: '1h' },
    });
    expectError(advance as any, 404, 'not_found');
  });

  it("shows a conversation's handoff and ends it through the API; another agent's conversation is a 404", async () => {
    const channel = await newChannel(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id });
    const handoffUrl = (agentId: string) => `/console/api/agents/${agentId}/conversations/${conversation.id}/handoff`;
    const before = await consoleRequest(ctx, 'GET', handoffUrl(ctx.agentA), { session });
    expect(before.body).toEqual({ status: 'active', handoff_integration: null });

    await handOff(ctx, conversation.id, 'zendesk_chat');
    const during = await consoleRequest(ctx, 'GET', handoffUrl(ctx.agentA), { session });
    expect(during.body).toEqual({ status: 'active', handoff_integration: 'zendesk_chat' });
    // Agent B sees neither the conversation nor its handoff, and cannot end it.
    expectError((await consoleRequest(ctx, 'GET', handoffUrl(ctx.agentB), { session })) as any, 404, 'not_found');
    const endUrl = (agentId: string) => proxy(agentId, `conversations/${conversation.id}/end-handoff/`);
    expectError((await consoleRequest(ctx, 'POST', endUrl(ctx.agentB), { session })) as any, 404, 'not_found');
    expectError(
      (await consoleRequest(ctx, 'POST', endUrl(ctx.agentA), { session, csrf: null })) as any,
      403,
      'forbidden',
    );

    const ended = await consoleRequest(ctx, 'POST', endUrl(ctx.agentA), { session });
    expect(ended.status).toBe(200);
    expect(ended.body.message).toContain('handoff has ended');
    const after = await consoleRequest(ctx, 'GET', handoffUrl(ctx.agentA), { session });
    expect(after.body.handoff_integration).toBeNull();
    expectError((await consoleRequest(ctx, 'POST', endUrl(ctx.agentA), { session })) as any, 422, 'unprocessable');
  });

  it("shows an erasure's progress on its job, and every agent's erasures newest first", async () => {
    const user = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'erase-me' } });
    const channel = await newChannel(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id, end_user_id: user.body.end_user_id });
    await postMessage(ctx, conversation.id, endUserText(user.body.end_user_id, 'forget me'));
    const request = await ctx.request('POST', '/api/v2/end-users/delete', {
      body: { identifiers: [{ type: 'external_id', value: 'erase-me' }] },
    });
    expect(request.status).toBe(202);
    const erasureId = request.body.job_id;

    const queued = await consoleRequest(ctx, 'GET', '/console/api/jobs?kind=compliance.erasure', { session });
    const job = queued.body.data.find((j: any) => j.erasure?.id === erasureId);
    expect(job.erasure).toEqual({ id: erasureId, status: 'queued', matched_count: null, erased_count: 0 });
    const others = await consoleRequest(ctx, 'GET', '/console/api/jobs', { session });
    expect(
      others.body.data.filter((j: any) => j.kind !== 'compliance.erasure').every((j: any) => j.erasure === null),
    ).toBe(true);

    await ctx.container.jobs.drain('compliance.erasure');
    const list = await consoleRequest(ctx, 'GET', '/console/api/erasures', { session });
    expect(list.status).toBe(200);
    expect(list.body.data[0]).toMatchObject({
      id: erasureId,
      agent_id: ctx.agentA,
      type: 'end_user_deletion',
      status: 'completed',
      submitted_count: 1,
      matched_count: 1,
      erased_count: 1,
      failure_reason: null,
      completed_at: expect.any(String),
    });
    // Nothing about the person leaves: no identifier values.
    expect(list.raw).not.toContain('erase-me');
    expectError((await consoleRequest(ctx, 'GET', '/console/api/erasures')) as any, 401, 'unauthorized');
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/erasures?limit=0', { session })) as any,
      400,
      'validation_error',
    );
  });

  it("reads the audit log through the API, with the console's changes made as the agent", async () => {
    const made = await consoleRequest(ctx, 'POST', proxy(ctx.agentA, 'webhooks/'), {
      session,
      body: { url: 'https://example.com/audited' },
    });
    expect(made.status).toBe(201);
    const start = new Date(ctx.clock.now() - 60_000).toISOString();
    const log = await consoleRequest(ctx, 'GET', proxy(ctx.agentA, `analytics/audit-log/events/?start_date=${start}`), {
      session,
    });
    expect(log.status).toBe(200);
    const record = log.body.data.find((e: any) => e.entity_id === made.body.id);
    expect(record).toMatchObject({
      entity_type: 'webhook',
      activity: 'created',
      actor_type: 'api_key',
      actor_id: 'console',
    });
    // Agent B's log has none of agent A's records.
    const other = await consoleRequest(
      ctx,
      'GET',
      proxy(ctx.agentB, `analytics/audit-log/events/?start_date=${start}`),
      {
        session,
      },
    );
    expect(other.body.data.some((e: any) => e.entity_id === made.body.id)).toBe(false);
  });

  it('ends a session when it expires', async () => {
    const mine = await signIn(ctx, token);
    ctx.clock.advance(8 * 60 * 60 * 1000 + 1);
    expectError(
      (await consoleRequest(ctx, 'GET', '/console/api/session', { session: mine })) as any,
      401,
      'unauthorized',
    );
  });
});

describe.each(ENGINES)('admin console with the emulator on, on %s', (engine) => {
  let ctx: TestContext;
  let session: ConsoleSession;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: { ROSTER_CONSOLE: 'on', ROSTER_EMULATOR: 'on' }, manualClock: true });
    session = await signIn(ctx, await createAdmin(ctx));
  });
  afterAll(async () => ctx?.close());

  it('says the emulator is on, and reads, advances and sets its clock', async () => {
    expect((await consoleRequest(ctx, 'GET', '/console/api/session', { session })).body.emulator).toBe(true);
    const start = ctx.clock.now();
    const read = await consoleRequest(ctx, 'GET', '/console/api/emulator/clock', { session });
    expect(read.body).toEqual({ now: new Date(start).toISOString(), frozen: expect.any(Boolean) });

    const advanced = await consoleRequest(ctx, 'POST', '/console/api/emulator/clock/advance', {
      session,
      body: { by: '25h' },
    });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.body.now) - start).toBe(25 * 60 * 60 * 1000);
    expect(ctx.clock.now()).toBe(start + 25 * 60 * 60 * 1000);
    // Sessions keep real time: a jump past their 8 hours does not sign the operator out.
    expect((await consoleRequest(ctx, 'GET', '/console/api/session', { session })).status).toBe(200);

    const set = await consoleRequest(ctx, 'POST', '/console/api/emulator/clock/set', {
      session,
      body: { time: '2031-01-01T00:00:00.000Z' },
    });
    expect(set.body.now).toBe('2031-01-01T00:00:00.000Z');
    expect(ctx.clock.now()).toBe(Date.parse('2031-01-01T00:00:00.000Z'));

    const bad = await consoleRequest(ctx, 'POST', '/console/api/emulator/clock/advance', {
      session,
      body: { by: 'soon' },
    });
    expectError(bad as any, 400, 'bad_request');
    expect(ctx.clock.now()).toBe(Date.parse('2031-01-01T00:00:00.000Z'));
  });

  it('needs the session and the CSRF token for every control', async () => {
    for (const [method, url, body] of [
      ['GET', '/console/api/emulator/clock', undefined],
      ['POST', '/console/api/emulator/clock/advance', { by: '1h' }],
      ['POST', '/console/api/emulator/clock/set', { time: '2040-01-01T00:00:00Z' }],
      ['POST', '/console/api/emulator/reset', {}],
      ['POST', '/console/api/emulator/seed', { fixture: 'end_users: []' }],
    ] as const) {
      expectError((await consoleRequest(ctx, method, url, { body })) as any, 401, 'unauthorized');
      if (method === 'POST')
        expectError((await consoleRequest(ctx, method, url, { session, body, csrf: null })) as any, 403, 'forbidden');
    }
    expect(ctx.clock.now()).toBeLessThan(Date.parse('2040-01-01T00:00:00Z'));
  });

  it('seeds a YAML fixture through the API, names the item it refuses, and resets one agent or all', async () => {
    const seeded = await consoleRequest(ctx, 'POST', '/console/api/emulator/seed', {
      session,
      body: {
        fixture:
          'end_users:\n  - agent: alpha\n    external_id: seeded-1\n  - agent: beta\n    external_id: seeded-2\n',
      },
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body.loaded).toMatchObject({ end_users: 2 });
    const listA = async () => (await ctx.request('GET', '/api/v2/end-users/')).body.data;
    const listB = async () => (await ctx.request('GET', '/api/v2/end-users/', { key: ctx.keyB })).body.data;
    expect((await listA()).map((u: any) => u.external_id)).toContain('seeded-1');
    expect((await listB()).map((u: any) => u.external_id)).toEqual(['seeded-2']);

    const refused = await consoleRequest(ctx, 'POST', '/console/api/emulator/seed', {
      session,
      body: {
        fixture: JSON.stringify({
          end_users: [
            { agent: 'alpha', external_id: 'ok-1' },
            { agent: 'alpha', profile: { email: 42 } },
          ],
        }),
      },
    });
    expectError(refused as any, 400, 'bad_request');
    expect(refused.body.errors[0].details.path).toBe('end_users[1]');
    const unparsable = await consoleRequest(ctx, 'POST', '/console/api/emulator/seed', {
      session,
      body: { fixture: 'end_users: [' },
    });
    expectError(unparsable as any, 400, 'bad_request');

    const unknown = await consoleRequest(ctx, 'POST', '/console/api/emulator/reset', {
      session,
      body: { agent: 'nobody' },
    });
    expectError(unknown as any, 404, 'not_found');
    const one = await consoleRequest(ctx, 'POST', '/console/api/emulator/reset', { session, body: { agent: 'beta' } });
    expect(one.status).toBe(204);
    expect(await listB()).toEqual([]);
    expect((await listA()).length).toBeGreaterThan(0);
    const all = await consoleRequest(ctx, 'POST', '/console/api/emulator/reset', { session, body: {} });
    expect(all.status).toBe(204);
    expect(await listA()).toEqual([]);
    // Agents, keys and the console's admins stay.
    expect((await consoleRequest(ctx, 'GET', '/console/api/agents', { session })).status).toBe(200);
  });
});
