// Operations endpoints: liveness, readiness (503 within 5 s when the database is gone), Prometheus
// metrics by route pattern, the OpenAPI document, self-hosted docs and request ids.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { ENGINES, TEST_ENCRYPTION_KEY, createTestContext, expectError, type TestContext } from './helpers/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ADA_DOCS = process.env.ROSTER_TEST_ADA_DOCS ?? '/work/shared/ada-api';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in Prometheus text format. */
function samples(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] as string).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key as string] = value as string;
    out.push({ labels, value: Number(match[3]) });
  }
  return out;
}

/** Every string value anywhere in a JSON document. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

describe.each(ENGINES)('ops on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it('answers /healthz and /readyz with 200 while the database is up', async () => {
    const health = await ctx.request('GET', '/healthz', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await ctx.request('GET', '/readyz', { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: engine });
  });

  it('answers /readyz with 503 service_unavailable within 5 s when the database is gone', async () => {
    if (engine === 'sqlite') {
      const down = await createTestContext(engine);
      try {
        await down.container.db.close();
        const started = Date.now();
        const res = await down.request('GET', '/readyz', { key: null });
        expect(Date.now() - started).toBeLessThan(5_000);
        expectError(res, 503, 'service_unavailable');
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect((await down.request('GET', '/healthz', { key: null })).status).toBe(200);
      } finally {
        await down.app.close();
        await down.database.drop();
      }
      return;
    }
    // PostgreSQL: nothing listens on port 1, so every connection attempt fails.
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      ROSTER_RATE_LIMITS: 'off',
      ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/roster_nowhere',
      ROSTER_DATA_DIR: ctx.database.env.ROSTER_DATA_DIR as string,
    });
    const container = await createContainer(config, { migrate: false, redis: false });
    const app = await buildApp(container, { logger: false });
    try {
      for (const [url, headers] of [
        ['/readyz', {}],
        ['/api/v2/end-users/', { authorization: `Bearer ${ctx.keyA}` }],
      ] as const) {
        const started = Date.now();
        const res = await app.inject({ method: 'GET', url, headers });
        expect(Date.now() - started, url).toBeLessThan(5_000);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(503);
        expect(JSON.parse(res.body)).toEqual({
          errors: [{ type: 'service_unavailable', message: expect.any(String), details: null }],
        });
        expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select|postgres/i);
      }
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await container.close();
    }
  });

  it('exposes Prometheus metrics labelled by route pattern and status code', async () => {
    const created = await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'metrics-probe' } });
    const id = created.body.end_user_id as string;
    for (let i = 0; i < 3; i++) expect((await ctx.request('GET', `/api/v2/end-users/${id}`)).status).toBe(200);
    expect((await ctx.request('GET', '/api/v2/end-users/ffffffffffffffffffffffff')).status).toBe(404);
    expect((await ctx.request('GET', '/api/v2/end-users/', { key: null })).status).toBe(401);
    expect((await ctx.request('GET', '/no-such-page-4711', { key: null })).status).toBe(404);

    const res = await ctx.request('GET', '/metrics', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.raw).toContain('# TYPE roster_http_requests_total counter');
    expect(res.raw).toContain('# TYPE roster_http_request_duration_seconds histogram');

    const byRoute = (status: string, route = '/api/v2/end-users/:end_user_id') =>
      samples(res.raw, 'roster_http_requests_total').find(
        (s) => s.labels.method === 'GET' && s.labels.route === route && s.labels.status_code === status,
      );
    expect(byRoute('200')?.value).toBe(3);
    expect(byRoute('404')?.value).toBe(1);
    expect(byRoute('401', '/api/v2/end-users/')?.value).toBeGreaterThanOrEqual(1);
    const post = samples(res.raw, 'roster_http_requests_total').find(
      (s) => s.labels.method === 'POST' && s.labels.route === '/api/v2/end-users/' && s.labels.status_code === '201',
    );
    expect(post?.value).toBeGreaterThanOrEqual(1);

    const count = samples(res.raw, 'roster_http_request_duration_seconds_count').find(
      (s) => s.labels.route === '/api/v2/end-users/:end_user_id' && s.labels.status_code === '200',
    );
    expect(count?.value).toBe(3);
    const buckets = samples(res.raw, 'roster_http_request_duration_seconds_bucket').filter(
      (s) => s.labels.route === '/api/v2/end-users/:end_user_id' && s.labels.status_code === '200',
    );
    expect(buckets.find((s) => s.labels.le === '+Inf')?.value).toBe(3);

    // Raw paths never become label values: no ids, no unknown URLs.
    expect(res.raw).not.toContain(id);
    expect(res.raw).not.toContain('no-such-page-4711');
  });

  it('serves an OpenAPI 3.1.0 document with the four end-user operations', async () => {
    const res = await ctx.request('GET', '/api/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v2/end-users/']).sort()).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v2/end-users/{end_user_id}']).sort()).toEqual(
      expect.arrayContaining(['get', 'patch']),
    );
    expect(doc.paths['/api/v2/end-users/{end_user_id}'].get.parameters).toContainEqual(
      expect.objectContaining({ in: 'path', name: 'end_user_id', required: true }),
    );

    const schemes = Object.entries(doc.components.securitySchemes) as Array<[string, any]>;
    const bearer = schemes.find(([, s]) => s.type === 'http' && s.scheme === 'bearer');
    expect(bearer).toBeDefined();
    expect(doc.security).toContainEqual({ [bearer![0]]: [] });

    const endUser = doc.components.schemas.EndUser;
    expect(endUser).toBeDefined();
    expect(Object.keys(endUser.properties).sort()).toEqual([
      'created_at',
      'end_user_id',
      'external_id',
      'profile',
      'updated_at',
    ]);
    expect(JSON.stringify(endUser)).not.toContain('sensitive_metadata');
    const ok = doc.paths['/api/v2/end-users/{end_user_id}'].get.responses['200'];
    expect(ok.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EndUser' });
    for (const op of [doc.paths['/api/v2/end-users/'].post, doc.paths['/api/v2/end-users/{end_user_id}'].patch]) {
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '429']));
    }
  });

  it.skipIf(!fs.existsSync(ADA_DOCS))("uses no sentence from Ada's documentation in the OpenAPI document", async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json', { key: null })).body;
    const files = fs.readdirSync(ADA_DOCS, { recursive: true, encoding: 'utf8' }).map((f) => path.join(ADA_DOCS, f));
    const ada = normalize(
      files
        .filter((f) => fs.statSync(f).isFile())
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n'),
    );
    const copied = strings(doc)
      .flatMap((s) => s.split(/(?<=[.!?;:])\s+/))
      .map(normalize)
      .filter((sentence) => sentence.split(' ').length >= 6 && ada.includes(sentence));
    expect(copied).toEqual([]);
  });

  it('serves /docs as HTML whose scripts and styles all come from this server', async () => {
    for (const url of ['/docs', '/docs/']) {
      const res = await ctx.request('GET', url, { key: null });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.raw).not.toMatch(/(?:https?:)?\/\/[a-z0-9-]+\.[a-z]/i);
      const assets = [...res.raw.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
      expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
      for (const asset of assets) {
        const resolved = new URL(asset, `http://roster.invalid${url === '/docs' ? '/docs' : '/docs/'}`);
        expect(resolved.host).toBe('roster.invalid');
        const got = await ctx.request('GET', resolved.pathname, { key: null });
        expect(got.status, resolved.pathname).toBe(200);
        if (asset.endsWith('.js')) expect(got.headers['content-type']).toMatch(/javascript/);
        if (asset.endsWith('.css')) expect(got.headers['content-type']).toMatch(/^text\/css/);
      }
    }
    // The UI loads the document this server generates.
    const json = await ctx.request('GET', '/docs/json', { key: null });
    expect(json.status).toBe(200);
    expect(json.body.openapi).toBe('3.1.0');
    expect(json.body.paths).toHaveProperty('/api/v2/end-users/');
  });

  it('echoes a valid X-Request-Id and generates a UUID otherwise', async () => {
    const sent = ['abc-123', 'req.1:2_3', 'A'.repeat(128)];
    for (const id of sent) {
      for (const [url, key] of [
        ['/api/v2/end-users/', undefined],
        ['/api/v2/end-users/ffffffffffffffffffffffff', undefined],
        ['/healthz', null],
      ] as const) {
        const res = await ctx.request('GET', url, { key, headers: { 'x-request-id': id } });
        expect(res.headers['x-request-id']).toBe(id);
      }
    }
    const generated = new Set<string>();
    for (const headers of [
      {},
      { 'x-request-id': 'has spaces' },
      { 'x-request-id': 'A'.repeat(129) },
      { 'x-request-id': 'a"b' },
      { 'x-request-id': '' },
    ]) {
      const res = await ctx.request('GET', '/api/v2/end-users/', { headers: headers as Record<string, string> });
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(UUID);
      generated.add(id);
    }
    expect(generated.size).toBe(5);
    const unauthorized = await ctx.request('GET', '/api/v2/end-users/', { key: null });
    expect(String(unauthorized.headers['x-request-id'])).toMatch(UUID);
  });
});
