// What an integration's access token reaches, on both engines: the knowledge routes its scopes
// open and no others (403 in the error envelope), the installation routes of its own
// installation only, and nothing an API key alone may do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { INTEGRATIONS, installed } from './helpers/integrations.js';

type Installed = Awaited<ReturnType<typeof installed>>;

describe.each(ENGINES)('integration access tokens on %s', (engine) => {
  let ctx: TestContext;
  let reader: Installed;
  let writer: Installed;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    reader = await installed(ctx, { scopes: ['articles:read', 'article_tags:read', 'knowledge_sources:read'] });
    writer = await installed(ctx, { scopes: ['articles:write', 'article_tags:write', 'knowledge_sources:write'] });
    await ctx.request('POST', '/api/v2/knowledge/sources/', { body: { id: 'kb', name: 'KB' } });
  });
  afterAll(async () => ctx?.close());

  const ARTICLE = [{ id: 'a1', name: 'A', content: 'Body', knowledge_source_id: 'kb' }];

  it('reaches each knowledge route only with the scope it needs', async () => {
    const routes: Array<[string, string, string, unknown?]> = [
      ['GET', '/api/v2/knowledge/sources/', 'knowledge_sources:read'],
      ['POST', '/api/v2/knowledge/sources/', 'knowledge_sources:write', { id: 'k2', name: 'K2' }],
      ['PATCH', '/api/v2/knowledge/sources/k2', 'knowledge_sources:write', { name: 'K2b' }],
      ['POST', '/api/v2/knowledge/bulk/articles/', 'articles:write', ARTICLE],
      ['GET', '/api/v2/knowledge/articles/', 'articles:read'],
      ['GET', '/api/v2/knowledge/articles/a1', 'articles:read'],
      ['POST', '/api/v2/knowledge/bulk/tags/', 'article_tags:write', [{ id: 't1', name: 'T' }]],
      ['GET', '/api/v2/knowledge/tags/', 'article_tags:read'],
      ['DELETE', '/api/v2/knowledge/tags/t1', 'article_tags:write'],
      ['DELETE', '/api/v2/knowledge/articles/a1', 'articles:write'],
      ['DELETE', '/api/v2/knowledge/sources/k2', 'knowledge_sources:write'],
    ];
    for (const [method, url, scope, body] of routes) {
      const [allowed, refused] = scope.endsWith(':read') ? [reader, writer] : [writer, reader];
      const ok = await ctx.request(method, url, { key: allowed.tokens.access_token, body });
      expect(ok.status, `${method} ${url}: ${ok.raw}`).toBeLessThan(300);
      const no = await ctx.request(method, url, { key: refused.tokens.access_token, body });
      expect(expectError(no, 403, 'forbidden').message, `${method} ${url}`).toBe(
        `The access token lacks the scope ${scope}, which this route needs.`,
      );
    }
  });

  it('reaches no end-user, conversation, channel, webhook, variable, search or integration route', async () => {
    const token = reader.tokens.access_token;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v2/end-users/'],
      ['POST', '/api/v2/end-users/', { external_id: 'x' }],
      ['POST', '/api/v2/conversations/', {}],
      ['GET', '/api/v2/channels/?type=native'],
      ['GET', '/api/v2/webhooks/'],
      ['POST', '/api/v2/webhooks/', { url: 'https://hooks.example.com/' }],
      ['GET', '/api/v2/variables/'],
      ['GET', '/api/v2/knowledge/search/?query=a'],
      ['GET', INTEGRATIONS],
      ['POST', INTEGRATIONS, {}],
      ['PATCH', `${INTEGRATIONS}${reader.integration.id}`, { name: 'x' }],
    ];
    for (const [method, url, body] of routes) {
      const res = await ctx.request(method, url, { key: token, body });
      expect(expectError(res, 403, 'forbidden').message, `${method} ${url}`).toMatch(/this route takes an API key/);
    }
    expect((await ctx.request('GET', '/api/v2/end-users/')).status).toBe(200);
  });

  it("answers the installation's own token with its installation, and marks it complete or incomplete", async () => {
    const { integration, tokens, installationId } = reader;
    const self = await ctx.request('GET', `${INTEGRATIONS}${integration.id}/installations/self`, {
      key: tokens.access_token,
    });
    expect(Object.keys(self.body).sort()).toEqual([
      'configuration',
      'created',
      'id',
      'platform_integration_id',
      'status',
      'updated',
    ]);
    const path = `${INTEGRATIONS}${integration.id}/installations/${installationId}`;
    ctx.clock.advance(2_000);
    const done = await ctx.request('PATCH', path, { key: tokens.access_token, body: { status: 'complete' } });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      ...self.body,
      status: 'complete',
      updated: expect.not.stringMatching(self.body.updated),
    });
    const undone = await ctx.request('PATCH', path, { key: tokens.access_token, body: { status: 'incomplete' } });
    expect(undone.body.status).toBe('incomplete');
    for (const body of [{}, { status: 'done' }, { status: null }]) {
      expectError(await ctx.request('PATCH', path, { key: tokens.access_token, body }), 400, 'validation_error');
    }
  });

  it("answers another installation's ids with the same 404, and an API key with 403", async () => {
    const mine = reader;
    const theirs = writer;
    const selfOf = (integrationId: string, key: string) =>
      ctx.request('GET', `${INTEGRATIONS}${integrationId}/installations/self`, { key });
    const wrong = await selfOf(theirs.integration.id, mine.tokens.access_token);
    const unknown = await selfOf('ffffffffffffffffffffffff', mine.tokens.access_token);
    expectError(wrong, 404, 'not_found');
    expect(wrong.raw.replace(theirs.integration.id, '<id>')).toBe(
      unknown.raw.replace('ffffffffffffffffffffffff', '<id>'),
    );
    const patch = (integrationId: string, installationId: string) =>
      ctx.request('PATCH', `${INTEGRATIONS}${integrationId}/installations/${installationId}`, {
        key: mine.tokens.access_token,
        body: { status: 'complete' },
      });
    expectError(await patch(mine.integration.id, theirs.installationId), 404, 'not_found');
    expectError(await patch(theirs.integration.id, theirs.installationId), 404, 'not_found');
    expectError(await patch(theirs.integration.id, mine.installationId), 404, 'not_found');
    const withKey = await selfOf(mine.integration.id, ctx.keyA);
    expect(expectError(withKey, 403, 'forbidden').message).toMatch(/OAuth access token, not an API key/);
    expectError(await selfOf(mine.integration.id, ctx.keyB), 403, 'forbidden');
    expectError(await selfOf(mine.integration.id, 'roster_at_nope'), 401, 'unauthorized');
  });
});
