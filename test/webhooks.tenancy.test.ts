// Tenant isolation of webhook endpoints on every route (another agent's endpoint is answered
// exactly like a missing one), and the endpoints' place in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import { CREATED, HOOKS, WEBHOOK_KEYS, insertEvent, newHook, webhookRow } from './helpers/webhook-api.js';

const MISSING_ID = 'ffffffffffffffffffffffff';

/** The response with every occurrence of `id` replaced, so two 404s for different ids compare. */
function masked(res: ApiResponse, id: string) {
  return { status: res.status, body: JSON.parse(res.raw.split(id).join('<id>')) };
}

describe.each(ENGINES)('webhook tenancy on %s', (engine) => {
  let ctx: TestContext;
  let hookA: any;
  let rowBefore: any;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    hookA = await newHook(ctx, { description: 'alpha-only endpoint', event_filters: [CREATED] });
    await insertEvent(ctx, ctx.agentA, CREATED, Date.now() - 1_000);
    rowBefore = await webhookRow(ctx, hookA.id);
  });
  afterAll(async () => ctx?.close());

  const routes: Array<[string, (id: string) => [string, string, unknown?]]> = [
    ['GET', (id) => ['GET', `${HOOKS}${id}`]],
    ['PATCH', (id) => ['PATCH', `${HOOKS}${id}`, { description: 'taken over', enabled: false }]],
    ['DELETE', (id) => ['DELETE', `${HOOKS}${id}`]],
    ['GET secret', (id) => ['GET', `${HOOKS}${id}/secret/`]],
    [
      'POST secret/rotate',
      (id) => [
        'POST',
        `${HOOKS}${id}/secret/rotate/`,
        { key: `whsec_${Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64')}` },
      ],
    ],
    ['GET attempts', (id) => ['GET', `${HOOKS}${id}/attempts/`]],
    ['POST replay', (id) => ['POST', `${HOOKS}${id}/replay/`, { since: '2000-01-01T00:00:00Z' }]],
  ];

  it.each(routes)("answers %s on agent A's endpoint to agent B exactly like a missing id", async (_name, route) => {
    const [method, url, body] = route(hookA.id);
    const foreign = await ctx.request(method, url, { key: ctx.keyB, ...(body !== undefined ? { body } : {}) });
    const [, missingUrl] = route(MISSING_ID);
    const missing = await ctx.request(method, missingUrl, { key: ctx.keyB, ...(body !== undefined ? { body } : {}) });
    expectError(foreign, 404, 'not_found');
    expect(masked(foreign, hookA.id)).toEqual(masked(missing, MISSING_ID));
    expect(foreign.raw).not.toContain('alpha-only');
    // Nothing about agent A's endpoint changed, and nothing was queued for it.
    expect(await webhookRow(ctx, hookA.id)).toEqual(rowBefore);
    expect(await ctx.container.db.kysely.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('keeps the lists apart', async () => {
    const hookB = await newHook(ctx, {}, ctx.keyB);
    const listA = await ctx.request('GET', HOOKS, { key: ctx.keyA });
    const listB = await ctx.request('GET', HOOKS, { key: ctx.keyB });
    expect(listA.body.data.map((h: any) => h.id)).toEqual([hookA.id]);
    expect(listB.body.data.map((h: any) => h.id)).toEqual([hookB.id]);
    // A cursor taken from another agent's list only positions the page. Each agent's ids have
    // their own random bytes, so the two agents' ids compare in no particular order.
    expect(
      (await ctx.request('GET', `${HOOKS}?cursor=${hookA.id}`, { key: ctx.keyB })).body.data.map((h: any) => h.id),
    ).toEqual(hookB.id >= hookA.id ? [hookB.id] : []);
    expect((await ctx.request('GET', `${HOOKS}${hookB.id}`, { key: ctx.keyB })).status).toBe(200);
    expect((await ctx.request('GET', `${HOOKS}${hookB.id}`, { key: ctx.keyA })).status).toBe(404);
  });

  it('documents every webhook route in the OpenAPI document', async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    const expected: Record<string, string[]> = {
      '/api/v2/webhooks/': ['get', 'post'],
      '/api/v2/webhooks/event-types/': ['get'],
      '/api/v2/webhooks/{webhook_id}': ['delete', 'get', 'patch'],
      '/api/v2/webhooks/{webhook_id}/secret/': ['get'],
      '/api/v2/webhooks/{webhook_id}/secret/rotate/': ['post'],
      '/api/v2/webhooks/{webhook_id}/attempts/': ['get'],
      '/api/v2/webhooks/{webhook_id}/replay/': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual(methods);
      for (const method of methods) {
        const op = doc.paths[path][method];
        expect(op.tags, `${method} ${path}`).toEqual(['Webhooks']);
        expect(op.summary.length).toBeGreaterThan(10);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '429']));
        if (path.includes('{webhook_id}')) {
          expect(op.parameters).toContainEqual(
            expect.objectContaining({ in: 'path', name: 'webhook_id', required: true }),
          );
          expect(Object.keys(op.responses)).toContain('404');
        }
      }
    }
    for (const path of ['/api/v2/webhooks/{webhook_id}/attempts/', '/api/v2/webhooks/{webhook_id}/replay/']) {
      const op = Object.values(doc.paths[path])[0] as any;
      expect(op.description).toMatch(/Roster extension/);
    }
    expect(Object.keys(doc.paths['/api/v2/webhooks/'].post.responses)).toContain('201');
    expect(Object.keys(doc.paths['/api/v2/webhooks/{webhook_id}'].delete.responses)).toContain('204');
    expect(Object.keys(doc.paths['/api/v2/webhooks/{webhook_id}/replay/'].post.responses)).toEqual(
      expect.arrayContaining(['202', '422']),
    );
    const webhook = doc.paths['/api/v2/webhooks/{webhook_id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(webhook.properties).sort()).toEqual(WEBHOOK_KEYS);
    const created = doc.paths['/api/v2/webhooks/'].post;
    expect(created.requestBody.content['application/json'].schema.required).toEqual(['url']);
    expect(JSON.stringify(doc.paths['/api/v2/webhooks/'])).not.toMatch(/whsec_|"secret"/);
  });
});
