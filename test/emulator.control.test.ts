// The emulator's control API (ROSTER_EMULATOR=on) on both engines: never mounted in the default
// configuration, its own token, reset of all data or one agent's keeping agents and keys, and
// fixtures (JSON and YAML) whose errors name the path in the document.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResetter } from '../src/emulator/reset.js';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'emulator-seed.yaml'), 'utf8');

describe.each(ENGINES)('emulator control API on %s', (engine) => {
  let off: TestContext;
  let ctx: TestContext;
  let token: string;
  beforeAll(async () => {
    off = await createTestContext(engine);
    ctx = await createTestContext(engine, {
      env: { ROSTER_EMULATOR: 'on', ROSTER_EMULATOR_TOKEN: 'emulator-token-0123456789' },
    });
    token = 'emulator-token-0123456789';
  });
  afterAll(async () => {
    await off?.close();
    await ctx?.close();
  });

  const control = (
    method: string,
    url: string,
    options: { body?: unknown; payload?: string; headers?: Record<string, string> } = {},
  ) => ctx.request(method, `/_emulator${url}`, { key: token, ...options });

  it('is not there in the default configuration, with any credentials', async () => {
    for (const key of [null, off.keyA, 'emulator-token-0123456789']) {
      for (const [method, url] of [
        ['POST', '/_emulator/reset'],
        ['POST', '/_emulator/seed'],
      ] as const) {
        const res = await off.request(method, url, { key, body: {} });
        expect(res.status, `${method} ${url}`).toBe(404);
      }
    }
    const doc = (await off.request('GET', '/api/openapi.json', { key: null })).body;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/_emulator'))).toEqual([]);
    expect(off.container.emulator).toBeNull();
  });

  it('answers 401 without its token, and refuses API keys', async () => {
    for (const key of [null, ctx.keyA, 'emulator-token-0123456789x']) {
      expectError(await ctx.request('POST', '/_emulator/reset', { key }), 401, 'unauthorized');
    }
  });

  it('is documented under its own tag', async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    expect(doc.paths['/_emulator/reset'].post.tags).toEqual(['Emulator']);
    expect(doc.paths['/_emulator/seed'].post.tags).toEqual(['Emulator']);
  });

  it('loads a YAML fixture of every kind through the API', async () => {
    const res = await control('POST', '/seed', { payload: FIXTURE, headers: { 'content-type': 'application/yaml' } });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({
      loaded: { agents: 1, end_users: 2, channels: 1, conversations: 1, webhooks: 1, knowledge: 1 },
    });
    // The default agent is "default"; the harness's key belongs to "alpha": use the seeded acme key.
    const acme = await ctx.request('GET', '/api/v2/end-users/', { key: 'acme-key-0123456789abcdef' });
    expect(acme.status).toBe(200);
    expect(acme.body.data.map((u: { external_id: string }) => u.external_id)).toEqual(['acme-user']);
  });

  it('puts items without an agent under "default", with refs resolved', async () => {
    const key = await defaultKey();
    const users = (await ctx.request('GET', '/api/v2/end-users/', { key })).body.data;
    expect(users).toHaveLength(1);
    const [alice] = users;
    expect(alice.profile.metadata).toEqual({ plan: 'pro' });
    const conversations = await ctx.container.db.kysely
      .selectFrom('conversations')
      .select(['id', 'end_user_id', 'channel_id'])
      .where('end_user_id', '=', alice.end_user_id)
      .execute();
    expect(conversations).toHaveLength(1);
    const messages = await ctx.request('GET', `/api/v2/conversations/${conversations[0]!.id}/messages/`, { key });
    expect(messages.status).toBe(200);
    expect(messages.body.data).toHaveLength(1);
    const articles = await ctx.request('GET', '/api/v2/knowledge/articles/?knowledge_source_id=help', { key });
    expect(articles.status, articles.raw).toBe(200);
    expect(articles.body.data.map((a: { id: string; tag_ids: string[] }) => [a.id, a.tag_ids])).toEqual([
      ['refunds', ['billing']],
    ]);
  });

  it('names the path of a refused item and of an unknown key', async () => {
    const bad = await control('POST', '/seed', {
      body: { end_users: [{ external_id: 'fine-1' }, { external_id: 'bad', profile: { language: 'not a language' } }] },
    });
    const error = expectError(bad, 400, 'bad_request');
    expect(error.details).toEqual({ path: 'end_users[1]' });
    expect(error.message).toContain('end_users[1]');
    const unknown = expectError(await control('POST', '/seed', { body: { users: [] } }), 400, 'bad_request');
    expect(unknown.details).toEqual({ path: 'users' });
    const ref = expectError(
      await control('POST', '/seed', { body: { conversations: [{ channel_id: 'ref:nope' }] } }),
      400,
      'bad_request',
    );
    expect(ref.details).toEqual({ path: 'conversations[0].channel_id' });
    const yaml = expectError(
      await control('POST', '/seed', { payload: 'end_users: [', headers: { 'content-type': 'application/yaml' } }),
      400,
      'bad_request',
    );
    expect(yaml.message).toMatch(/not valid JSON or YAML/);
  });

  it('resets one agent, then everything, keeping agents and keys', async () => {
    const key = await defaultKey();
    const acmeKey = 'acme-key-0123456789abcdef';
    const reset = await control('POST', '/reset', { body: { agent: 'acme' } });
    expect(reset.status).toBe(204);
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: acmeKey })).body.data).toEqual([]);
    // alice, and fine-1 from the refused seed above: items before a refusal stay.
    const left = (await ctx.request('GET', '/api/v2/end-users/', { key })).body.data;
    expect(left.map((u: { external_id: string }) => u.external_id).sort()).toEqual(['alice-1', 'fine-1']);

    expectError(await control('POST', '/reset', { body: { agent: 'nobody' } }), 404, 'not_found');

    expect((await control('POST', '/reset')).status).toBe(204);
    for (const k of [key, acmeKey, ctx.keyA]) {
      const res = await ctx.request('GET', '/api/v2/end-users/', { key: k });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
    }
    expect((await ctx.request('GET', '/api/v2/webhooks/', { key })).body.data).toEqual([]);
    expect((await ctx.request('GET', '/api/v2/channels/?type=custom', { key })).body.data).toEqual([]);
    expect((await ctx.request('GET', '/api/v2/knowledge/sources/', { key })).body.data).toEqual([]);
    // The same external_id can be created again: nothing of it is left.
    expect((await ctx.request('POST', '/api/v2/end-users/', { key, body: { external_id: 'alice-1' } })).status).toBe(
      201,
    );
  });

  it('empties every table of agent data, as the modules declare them', async () => {
    const tables = await ctx.container.db.kysely.introspection.getTables();
    const withAgent = tables
      .filter((t) => t.columns.some((c) => c.name === 'agent_id'))
      .map((t) => t.name)
      .filter((name) => !['api_keys', 'jobs'].includes(name));
    expect([...createResetter(ctx.container).tables].sort()).toEqual(withAgent.sort());
  });

  /** A key of the agent "default", made the way the emulator makes its own. */
  async function defaultKey(): Promise<string> {
    return (await ctx.container.modules.agents.service.createKey('default')).secret;
  }
});
