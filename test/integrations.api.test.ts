// Platform integrations management: create (200 with the only client_secret, development status,
// the required fields, JMESPath and JSON Schema checks), list with pagination, PATCH only while
// in development, the CLI review moving the status, and tenant isolation, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireTime } from '../src/lib/time.js';
import { setIntegrationStatus } from '../src/modules/integrations/integrations.service.js';
import { createIntegrationsStore } from '../src/modules/integrations/integrations.store.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { INTEGRATIONS, INTEGRATION_KEYS, createIntegration, integrationBody } from './helpers/integrations.js';

const REQUIRED = [
  'identifier_field_path',
  'name',
  'description',
  'author',
  'contact',
  'uninstallation_url',
  'oauth_callback_url',
  'tags',
  'scopes',
  'configuration_fields',
];

describe.each(ENGINES)('platform integrations API on %s', (engine) => {
  let ctx: TestContext;
  let review: (id: string, status: 'approved' | 'archived') => Promise<void>;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    const store = createIntegrationsStore(ctx.container.db);
    review = (id, status) => setIntegrationStatus({ store, units: ctx.container.units, clock: ctx.clock }, id, status);
  });
  afterAll(async () => ctx?.close());

  it('creates an integration in development and answers 200 with its client_secret, once', async () => {
    const res = await ctx.request('POST', INTEGRATIONS, { body: integrationBody({ icon_url: null }) });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...INTEGRATION_KEYS, 'client_secret'].sort());
    const now = toWireTime(ctx.clock.now());
    const { client_secret: secret, ...rest } = res.body;
    expect(secret).toMatch(/^roster_cs_[A-Za-z0-9_-]{43}$/);
    expect(rest).toEqual({
      ...integrationBody(),
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: 'development',
      created: now,
      updated: now,
      icon_url: null,
      call_to_action: null,
      error_codes: null,
    });
    const list = await ctx.request('GET', INTEGRATIONS);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [rest], meta: { next_page_url: null } });
    expect(list.raw).not.toContain(secret);
    // Only the digest is stored.
    const row = await ctx.container.db.kysely
      .selectFrom('platform_integrations')
      .select('client_secret_hash')
      .where('id', '=', rest.id)
      .executeTakeFirstOrThrow();
    expect(row.client_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('requires every documented field, naming it', async () => {
    for (const field of REQUIRED) {
      const body: Record<string, unknown> = integrationBody();
      delete body[field];
      const error = expectError(await ctx.request('POST', INTEGRATIONS, { body }), 400, 'validation_error');
      expect(error.details[0].parameter, field).toBe(`$.${field}`);
    }
  });

  it('refuses values that break a rule, naming the field', async () => {
    const bad: Array<[Record<string, unknown>, string, RegExp?]> = [
      [{ identifier_field_path: 'account.[' }, '$.identifier_field_path', /JMESPath/],
      [
        { configuration_fields: { type: 'object', properties: { a: { type: 'strnig' } } } },
        '$.configuration_fields',
        /JSON Schema/,
      ],
      [{ configuration_fields: { type: 'string' } }, '$.configuration_fields', /type is "object"/],
      [{ configuration_fields: { type: 'object', required: 'a' } }, '$.configuration_fields'],
      [{ scopes: ['end_users:read'] }, '$.scopes[0]'],
      [{ scopes: ['articles:read', 'articles:read'] }, '$.scopes'],
      [{ tags: ['crm'] }, '$.tags[0]'],
      [{ tags: [] }, '$.tags'],
      [{ oauth_callback_url: 'not a url' }, '$.oauth_callback_url'],
      [{ oauth_callback_url: 'ftp://apps.example.com/cb' }, '$.oauth_callback_url'],
      [{ uninstallation_url: 'javascript:alert(1)' }, '$.uninstallation_url'],
      [{ name: '' }, '$.name'],
      [{ name: 'x'.repeat(256) }, '$.name'],
      [{ error_codes: { a: 1 } }, '$.error_codes.a'],
      [{ configuration_fields: [] }, '$.configuration_fields'],
    ];
    for (const [overrides, parameter, message] of bad) {
      const res = await ctx.request('POST', INTEGRATIONS, { body: integrationBody(overrides) });
      const error = expectError(res, 400, 'validation_error');
      expect(error.details[0].parameter, JSON.stringify(overrides)).toBe(parameter);
      if (message) expect(error.message).toMatch(message);
    }
  });

  it('pages the list oldest first with limit and cursor, and shows each agent only its own', async () => {
    const ids = [(await ctx.request('GET', INTEGRATIONS)).body.data[0].id];
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(1_000);
      ids.push((await createIntegration(ctx, { name: `n${i}` })).id);
    }
    const first = await ctx.request('GET', `${INTEGRATIONS}?limit=3`);
    expect(first.body.data.map((i: any) => i.id)).toEqual(ids.slice(0, 3));
    const next = new URL(first.body.meta.next_page_url);
    expect(next.searchParams.get('cursor')).toBe(ids[3]);
    const second = await ctx.request('GET', `${next.pathname}${next.search}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: ids[3] })], meta: { next_page_url: null } });
    expect((await ctx.request('GET', INTEGRATIONS, { key: ctx.keyB })).body.data).toEqual([]);
    for (const query of ['limit=0', 'limit=101', 'cursor=nothex']) {
      expectError(await ctx.request('GET', `${INTEGRATIONS}?${query}`), 400, 'validation_error');
    }
  });

  it('updates only the fields sent while in development, checking them as on create', async () => {
    const created = await createIntegration(ctx);
    ctx.clock.advance(5_000);
    const res = await ctx.request('PATCH', `${INTEGRATIONS}${created.id}`, {
      body: { description: 'Better', scopes: ['knowledge_sources:read'], icon_url: 'https://apps.example.com/i.png' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created.body,
      client_secret: undefined,
      description: 'Better',
      scopes: ['knowledge_sources:read'],
      icon_url: 'https://apps.example.com/i.png',
      updated: toWireTime(ctx.clock.now()),
    });
    expect(res.body).not.toHaveProperty('client_secret');
    const bad = await ctx.request('PATCH', `${INTEGRATIONS}${created.id}`, {
      body: { identifier_field_path: '[[' },
    });
    expect(expectError(bad, 400, 'validation_error').details[0].parameter).toBe('$.identifier_field_path');
    expect(
      (await ctx.request('PATCH', `${INTEGRATIONS}${created.id}`, { body: { icon_url: null } })).body.icon_url,
    ).toBe(null);
  });

  it("answers another agent's integration and an unknown id with the same 404", async () => {
    const created = await createIntegration(ctx);
    const theirs = await ctx.request('PATCH', `${INTEGRATIONS}${created.id}`, { key: ctx.keyB, body: { name: 'x' } });
    const unknown = await ctx.request('PATCH', `${INTEGRATIONS}ffffffffffffffffffffffff`, {
      key: ctx.keyB,
      body: { name: 'x' },
    });
    expectError(theirs, 404, 'not_found');
    expect(theirs.raw.replace(created.id, '<id>')).toBe(unknown.raw.replace('ffffffffffffffffffffffff', '<id>'));
    expectError(await ctx.request('PATCH', `${INTEGRATIONS}not-an-id`, { body: { name: 'x' } }), 404, 'not_found');
  });

  it('refuses PATCH with 403 once the review approved or archived the integration', async () => {
    const approved = await createIntegration(ctx);
    await review(approved.id, 'approved');
    const res = await ctx.request('PATCH', `${INTEGRATIONS}${approved.id}`, { body: { name: 'Renamed' } });
    expect(expectError(res, 403, 'forbidden').message).toMatch(/approved; only an integration in development/);
    await expect(review(approved.id, 'approved')).rejects.toThrow(/is approved; it cannot become approved/);
    await review(approved.id, 'archived');
    expectError(await ctx.request('PATCH', `${INTEGRATIONS}${approved.id}`, { body: { name: 'x' } }), 403, 'forbidden');
    await expect(review(approved.id, 'archived')).rejects.toThrow(/is archived/);
    await expect(review('ffffffffffffffffffffffff', 'approved')).rejects.toThrow(/no platform integration/);
    const list = await ctx.request('GET', `${INTEGRATIONS}?limit=100`);
    expect(list.body.data.find((i: any) => i.id === approved.id).status).toBe('archived');
  });
});
