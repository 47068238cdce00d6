// The audit log, on both engines: changes made through the API are recorded with their actor (an
// API key's or an access token's id), entity, activity and a diff that names sensitive fields
// without their values; read newest first within a window of at most 30 days with an opaque
// cursor; sent as v1.audit_log.emitted webhooks; append-only through the API; tenant-isolated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { INTEGRATIONS, installed } from './helpers/integrations.js';
import { startReceiver, startWorker, type Receiver } from './helpers/webhooks.js';

const EVENTS = '/api/v2/analytics/audit-log/events/';
const DAY = 24 * 60 * 60 * 1_000;

describe.each(ENGINES)('audit log on %s', (engine) => {
  let ctx: TestContext;
  let keyIdA: string;
  let receiver: Receiver;
  let worker: ReturnType<typeof startWorker>;
  let since: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext(engine, {
      manualClock: true,
      env: { ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true', ROSTER_WEBHOOK_POLL_INTERVAL: '50ms' },
    });
    worker = startWorker(ctx.container);
    keyIdA = (await ctx.container.modules.agents.service.listKeys('alpha'))[0]!.id;
    // After the keys the harness made (their creation is in the log too, before this window).
    ctx.clock.advance(1_000);
    since = new Date(ctx.clock.now()).toISOString();
  });
  afterAll(async () => {
    await worker?.stop();
    await ctx?.close();
    await receiver?.close();
  });

  const read = async (query: string, key?: string) => {
    const res = await ctx.request('GET', `${EVENTS}?${query}`, key ? { key } : {});
    expect(res.status, res.raw).toBe(200);
    return res.body as { data: any[]; meta: { next_page_url: string | null } };
  };
  const window = () => `start_date=${encodeURIComponent(since)}`;

  it('records who changed what, with a diff of the changed fields', async () => {
    const hook = await ctx.request('POST', '/api/v2/webhooks/', {
      body: { url: receiver.url, event_filters: ['v1.audit_log.emitted'] },
    });
    expect(hook.status).toBe(201);
    ctx.clock.advance(10);
    const made = await ctx.request('POST', '/api/v2/custom-instructions/', {
      body: { title: 'Tone', text: 'Be kind.' },
      headers: { 'user-agent': 'audit-test/1.0' },
    });
    ctx.clock.advance(10);
    await ctx.request('PATCH', `/api/v2/custom-instructions/${made.body.id}`, { body: { enabled: true } });
    ctx.clock.advance(10);
    await ctx.request('PATCH', '/api/v2/persona/', { body: { message_length: 'concise' } });

    const page = await read(window());
    expect(page.data.map((e) => [e.entity_type, e.activity])).toEqual([
      ['persona', 'updated'],
      ['custom_instruction', 'updated'],
      ['custom_instruction', 'created'],
      ['webhook', 'created'],
    ]);
    const [persona, enabled, created] = page.data;
    expect(enabled).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: expect.any(String),
      actor_email: '',
      actor_name: '',
      actor_user_id: '',
      entity_type: 'custom_instruction',
      entity_id: made.body.id,
      entity_name: 'Tone',
      activity: 'updated',
      interface: 'api',
      context_ip: '127.0.0.1',
      context_user_agent: expect.any(String),
      api_key_name: '',
      actor_type: 'api_key',
      actor_id: keyIdA,
      changes: [{ field: 'enabled', before: false, after: true }],
    });
    expect(created.context_user_agent).toBe('audit-test/1.0');
    expect(created.changes).toContainEqual({ field: 'title', before: null, after: 'Tone' });
    expect(persona.changes).toEqual([{ field: 'message_length', before: 'normal', after: 'concise' }]);
    expect(persona.entity_id).toBe(ctx.agentA);
  });

  it('names a rotated webhook secret and an installation’s settings without their values', async () => {
    const hooks = (await ctx.request('GET', '/api/v2/webhooks/')).body.data;
    const secretBefore = (await ctx.request('GET', `/api/v2/webhooks/${hooks[0].id}/secret/`)).body.key;
    ctx.clock.advance(10);
    expect((await ctx.request('POST', `/api/v2/webhooks/${hooks[0].id}/secret/rotate/`)).status).toBeLessThan(300);
    const secretAfter = (await ctx.request('GET', `/api/v2/webhooks/${hooks[0].id}/secret/`)).body.key;
    ctx.clock.advance(10);
    const { integration, tokens, installationId } = await installed(ctx);
    ctx.clock.advance(10);
    const done = await ctx.request('PATCH', `${INTEGRATIONS}${integration.id}/installations/${installationId}`, {
      key: tokens.access_token,
      body: { status: 'complete' },
    });
    expect(done.status).toBe(200);

    const res = await ctx.request('GET', `${EVENTS}?${window()}`);
    for (const secret of [secretBefore, secretAfter, integration.secret, tokens.access_token, 'acme'])
      expect(res.raw).not.toContain(secret);
    const events = res.body.data as any[];
    const rotation = events.find((e) => e.entity_type === 'webhook' && e.activity === 'updated');
    expect(rotation.changes).toEqual([{ field: 'secret', sensitive: true }]);
    const integrationCreated = events.find((e) => e.entity_type === 'platform_integration');
    expect(integrationCreated.changes).toContainEqual({ field: 'client_secret', sensitive: true });
    const installation = events.filter((e) => e.entity_type === 'platform_integration_installation');
    expect(installation.map((e) => e.activity)).toEqual(['updated', 'created']);
    expect(installation[1].changes).toContainEqual({ field: 'configuration', sensitive: true });
    expect(installation[1].actor_type).toBe('api_key');
    // The token's change is the token's: its id, never the token.
    const tokenRow = await ctx.container.db.kysely
      .selectFrom('oauth_tokens')
      .select('id')
      .where('installation_id', '=', installationId)
      .where('kind', '=', 'access')
      .executeTakeFirstOrThrow();
    expect(installation[0]).toMatchObject({
      actor_type: 'oauth_token',
      actor_id: tokenRow.id,
      changes: [{ field: 'status', before: 'incomplete', after: 'complete' }],
    });
    // An access token cannot read the audit log.
    expectError(await ctx.request('GET', `${EVENTS}?${window()}`, { key: tokens.access_token }), 403, 'forbidden');
  });

  it('sends each record as a v1.audit_log.emitted webhook tagged with entity_type, activity and entity_id', async () => {
    await worker.drain();
    const records = (await read(window())).data;
    const emitted = receiver.byType('v1.audit_log.emitted');
    // The webhook's own creation committed before it could be sent to.
    expect(emitted.map((d) => d.body.data.id).sort()).toEqual(records.map((r) => r.id).sort());
    // An endpoint that takes every event (no filters) is not sent the audit log's: it must ask for them.
    const all = await ctx.request('POST', '/api/v2/webhooks/', { body: { url: `${receiver.url}?all` } });
    await ctx.request('PATCH', '/api/v2/persona/', { body: { allowed_emojis: '🙂' } });
    await worker.drain();
    const attempts = await ctx.request('GET', `/api/v2/webhooks/${all.body.id}/attempts/`);
    expect(attempts.status).toBe(200);
    expect(attempts.body.data).toEqual([]);
    expect(receiver.byType('v1.audit_log.emitted')).toHaveLength(emitted.length + 2);
    const one = emitted.find((d) => d.body.data.entity_type === 'persona')!;
    expect(one.body.tags).toEqual(['persona', 'updated', ctx.agentA]);
    expect(one.body.data).toEqual(records.find((r) => r.entity_type === 'persona'));
  });

  it('pages newest first with an opaque cursor that holds the window, end_date defaulting to now', async () => {
    const all = (await read(window())).data;
    expect(all.length).toBeGreaterThan(4);
    const first = await read(`${window()}&limit=2`);
    expect(first.data).toEqual(all.slice(0, 2));
    const next = new URL(first.meta.next_page_url!);
    expect(next.searchParams.get('end_date')).toBe(new Date(ctx.clock.now()).toISOString());
    // A change after the first page is outside the window the cursor holds.
    ctx.clock.advance(1_000);
    await ctx.request('PATCH', '/api/v2/persona/', { body: { emoji_usage: true } });
    const pages = [...first.data];
    let url: string | null = first.meta.next_page_url;
    while (url) {
      const page = await read(new URL(url).search.slice(1));
      pages.push(...page.data);
      url = page.meta.next_page_url;
    }
    expect(pages).toEqual(all);
    expect((await read(window())).data).toHaveLength(all.length + 1);
    const cursor = next.searchParams.get('cursor')!;
    const other = `start_date=${encodeURIComponent(new Date(Date.parse(since) - 1).toISOString())}&cursor=${cursor}`;
    expect(expectError(await ctx.request('GET', `${EVENTS}?${other}`), 400, 'validation_error').message).toMatch(
      /another time window/,
    );
  });

  it('records channels and knowledge sources created, changed and deleted', async () => {
    ctx.clock.advance(1_000);
    const from = new Date(ctx.clock.now()).toISOString();
    const channel = await ctx.request('POST', '/api/v2/channels/', {
      body: { name: 'Widget', description: '', modality: 'messaging' },
    });
    ctx.clock.advance(10);
    await ctx.request('PATCH', `/api/v2/channels/${channel.body.id}`, { body: { capabilities: { markdown: true } } });
    ctx.clock.advance(10);
    await ctx.request('POST', '/api/v2/knowledge/sources/', { body: { id: 'kb', name: 'KB' } });
    ctx.clock.advance(10);
    await ctx.request('PATCH', '/api/v2/knowledge/sources/kb', { body: { name: 'Help' } });
    ctx.clock.advance(10);
    expect((await ctx.request('DELETE', '/api/v2/knowledge/sources/kb')).status).toBe(204);
    const events = (await read(`start_date=${encodeURIComponent(from)}`)).data;
    expect(events.map((e) => [e.entity_type, e.activity, e.entity_id])).toEqual([
      ['knowledge_source', 'deleted', 'kb'],
      ['knowledge_source', 'updated', 'kb'],
      ['knowledge_source', 'created', 'kb'],
      ['channel', 'updated', channel.body.id],
      ['channel', 'created', channel.body.id],
    ]);
    expect(events[1].changes).toEqual([
      { field: 'name', before: 'KB', after: 'Help' },
      { field: 'updated', before: expect.any(String), after: expect.any(String) },
    ]);
    expect(events[3].changes).toEqual([
      { field: 'capabilities', before: { markdown: false }, after: { markdown: true } },
    ]);
  });

  it('refuses a missing start, a window over 30 days, an end before the start and bad limits or cursors', async () => {
    const start = '2026-01-01T00:00:00Z';
    const bad = [
      '',
      'end_date=2026-01-02T00:00:00Z',
      'start_date=yesterday',
      `start_date=${start}&end_date=2026-01-31T00:00:01Z`,
      `start_date=${start}&end_date=2025-12-31T23:59:59Z`,
      `start_date=${start}&limit=0`,
      `start_date=${start}&limit=101`,
      `start_date=${start}&limit=ten`,
      `start_date=${start}&cursor=bm90LWEtY3Vyc29y`,
    ];
    for (const query of bad) expectError(await ctx.request('GET', `${EVENTS}?${query}`), 400, 'validation_error');
    expect((await read(`start_date=${start}&end_date=2026-01-31T00:00:00Z`)).data).toEqual([]);
    const old = new Date(ctx.clock.now() - 31 * DAY).toISOString();
    expectError(await ctx.request('GET', `${EVENTS}?start_date=${old}`), 400, 'validation_error');
  });

  it('shows each AI Agent only its own records', async () => {
    expect((await read(window(), ctx.keyB)).data).toEqual([]);
    await ctx.request('PATCH', '/api/v2/persona/', { key: ctx.keyB, body: { emoji_usage: true } });
    const theirs = (await read(window(), ctx.keyB)).data;
    expect(theirs.map((e) => e.entity_id)).toEqual([ctx.agentB]);
    expect((await read(window())).data.some((e) => e.entity_id === ctx.agentB)).toBe(false);
  });

  it('has no route that changes or deletes a record; only erasure removes an erased person’s rows', async () => {
    const before = (await read(window())).data;
    const id = before[0].id;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of [EVENTS, `${EVENTS}${id}`, `/api/v2/analytics/audit-log/events/${id}/`]) {
        const res = await ctx.request(method, path, { body: { activity: 'deleted' } });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
    expect((await read(window())).data).toEqual(before);
    // Erasure (the modules' forget hook) removes the rows about the erased end users, and only those.
    ctx.clock.advance(10);
    await ctx.container.units.transaction(async (unit) => {
      unit.change({
        agentId: ctx.agentA,
        entityType: 'end_user',
        entityId: 'eeeeeeeeeeeeeeeeeeeeeeee',
        activity: 'updated',
        before: { external_id: 'crm-1' },
        after: { external_id: 'crm-2' },
      });
    });
    expect((await read(window())).data[0].entity_type).toBe('end_user');
    const audit = ctx.container.mounted.find((m) => m.manifest.name === 'audit')!.built;
    await ctx.container.units.transaction((unit) => audit.forget!(unit, ctx.agentA, ['eeeeeeeeeeeeeeeeeeeeeeee']));
    expect((await read(window())).data).toEqual(before);
  });
});
