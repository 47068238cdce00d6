// Knowledge sources: list, create (409 on a taken id), PATCH, the asynchronous DELETE (deleting,
// then gone with its articles; delete_failed when the deletion keeps failing, and a retry), and
// sync requests (202, 429 while one runs and within 4 hours of the last), with tenant isolation,
// on both engines.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireTime } from '../src/lib/time.js';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import { TIME_RE } from './helpers/end-users.js';
import { ARTICLES, SOURCES, SOURCE_KEYS, article, newSource, upsert, upserted } from './helpers/knowledge.js';

const HOUR = 3_600_000;
type Moving = { advance(ms: number): void };

/** Status, content type and body with `text` masked, so two 404s for different ids compare. */
const masked = (res: ApiResponse, text: string) => ({
  status: res.status,
  type: res.headers['content-type'],
  body: res.raw.split(text).join('<id>'),
});

describe.each(ENGINES)('knowledge sources on %s', (engine) => {
  let ctx: TestContext;
  let clock: Moving;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    clock = ctx.clock as unknown as Moving;
  });
  afterAll(async () => ctx?.close());

  const drain = () => ctx.container.jobs.drain();
  const list = async (key?: string) => {
    const res = await ctx.request('GET', SOURCES, key ? { key } : {});
    expect(res.status).toBe(200);
    return res.body.data as any[];
  };
  const path = (id: string) => `${SOURCES}${encodeURIComponent(id)}`;

  it('creates a source whose external_id starts as its id, and lists sources by id in byte order', async () => {
    expect(await list(ctx.keyB)).toEqual([]);
    const res = await ctx.request('POST', SOURCES, {
      body: { id: 'zendesk', name: 'Zendesk help centre', metadata: { brand: 'acme', n: [1, { deep: true }] } },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(SOURCE_KEYS);
    const now = toWireTime(ctx.clock.now());
    expect(res.body).toEqual({
      id: 'zendesk',
      external_id: 'zendesk',
      name: 'Zendesk help centre',
      metadata: { brand: 'acme', n: [1, { deep: true }] },
      created: now,
      updated: now,
      last_sync: null,
      status: null,
    });
    for (const id of ['b', 'B', 'a b/c']) await newSource(ctx, id);
    expect((await list()).map((s) => s.id)).toEqual(['B', 'a b/c', 'b', 'zendesk']);
    expect((await list()).find((s) => s.id === 'zendesk')).toEqual(res.body);
  });

  it('answers 409 for an id the agent already uses, and lets another agent use it', async () => {
    const res = await ctx.request('POST', SOURCES, { body: { id: 'zendesk', name: 'Again' } });
    const error = expectError(res, 409, 'conflict');
    expect(error.details).toEqual([
      { parameter: '$.id', location: 'body', message: 'is already the id of a knowledge source' },
    ]);
    expect((await ctx.request('POST', SOURCES, { key: ctx.keyB, body: { id: 'zendesk', name: 'B' } })).status).toBe(
      200,
    );
    expect((await list()).find((s) => s.id === 'zendesk').name).toBe('Zendesk help centre');
  });

  it('refuses bodies that break a rule, naming the field', async () => {
    const bad: Array<[unknown, string]> = [
      [{ name: 'x' }, '$.id'],
      [{ id: 'x' }, '$.name'],
      [{ id: '', name: 'x' }, '$.id'],
      [{ id: 'x'.repeat(101), name: 'x' }, '$.id'],
      [{ id: 'x', name: 'x'.repeat(256) }, '$.name'],
      [{ id: 'x', name: 'x', metadata: 'text' }, '$.metadata'],
      [{ id: 'x', name: 'x', metadata: { big: 'x'.repeat(10_240) } }, '$.metadata'],
      [{ id: 'x\u0000', name: 'x' }, '$.id'],
    ];
    for (const [body, parameter] of bad) {
      const res = await ctx.request('POST', SOURCES, { body });
      expect(expectError(res, 400, 'validation_error').details[0].parameter, JSON.stringify(body)).toBe(parameter);
    }
    const big = await ctx.request('POST', SOURCES, {
      body: { id: 'x', name: 'x', metadata: { big: 'x'.repeat(10_240) } },
    });
    expect(big.body.errors[0].message).toBe(
      '$.metadata is 10,250 bytes as compact JSON; metadata may be at most 10,240 bytes (10 KB)',
    );
    expect((await list()).map((s) => s.id)).not.toContain('x');
  });

  it('updates only the fields sent, moves updated only on a change, and answers 404 for an unknown id', async () => {
    const before = (await list()).find((s) => s.id === 'b');
    clock.advance(1_000);
    const same = await ctx.request('PATCH', path('b'), { body: { name: before.name } });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(before);

    clock.advance(1_000);
    const res = await ctx.request('PATCH', path('b'), {
      body: { external_id: 'kb-7', name: 'Renamed', metadata: { owner: 'ops' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...before,
      external_id: 'kb-7',
      name: 'Renamed',
      metadata: { owner: 'ops' },
      updated: toWireTime(ctx.clock.now()),
    });
    const cleared = await ctx.request('PATCH', path('b'), { body: { external_id: null, metadata: null } });
    expect(cleared.body).toMatchObject({ id: 'b', external_id: null, metadata: null, name: 'Renamed' });
    expect((await ctx.request('PATCH', path('a b/c'), { body: {} })).status).toBe(200);

    expectError(await ctx.request('PATCH', path('missing'), { body: { name: 'x' } }), 404, 'not_found');
    expectError(await ctx.request('PATCH', path('b'), { body: { name: '' } }), 400, 'validation_error');
  });

  it("answers every route on another agent's source exactly as on a missing one, and changes nothing", async () => {
    for (const [method, suffix, body] of [
      ['PATCH', '', { name: 'stolen' }],
      ['DELETE', '', undefined],
      ['POST', '/sync', undefined],
    ] as const) {
      const foreign = await ctx.request(method, `${path('B')}${suffix}`, {
        key: ctx.keyB,
        ...(body ? { body } : {}),
      });
      const missing = await ctx.request(method, `${path('never-was')}${suffix}`, {
        key: ctx.keyB,
        ...(body ? { body } : {}),
      });
      expectError(foreign, 404, 'not_found');
      expect(masked(foreign, 'B')).toEqual(masked(missing, 'never-was'));
    }
    expect((await list()).find((s) => s.id === 'B')).toMatchObject({ name: 'Source B', status: null });
    expect((await list(ctx.keyB)).map((s) => s.id)).toEqual(['zendesk']);
  });

  it('deletes in the background: status deleting at once, then the source and only its articles are gone', async () => {
    await newSource(ctx, 'help');
    await newSource(ctx, 'keep');
    await upserted(ctx, [...Array.from({ length: 1_203 }, (_, i) => article(`h${i}`)), article('k1', {}, 'keep')]);
    clock.advance(1_000);
    const res = await ctx.request('DELETE', path('help'), {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(204);
    expect(res.raw).toBe('');
    const deleting = (await list()).find((s) => s.id === 'help');
    expect(deleting).toMatchObject({ status: 'deleting', updated: toWireTime(ctx.clock.now()) });
    // Deleting again while it runs changes nothing.
    expect((await ctx.request('DELETE', path('help'))).status).toBe(204);

    // Nothing may be added to a source being deleted, and it cannot be synced.
    const add = await upsert(ctx, [article('late')]);
    expect(expectError(add, 400, 'validation_error').details).toEqual([
      {
        parameter: '$[0].knowledge_source_id',
        location: 'body',
        message: 'names a knowledge source that is being deleted ("help")',
      },
    ]);
    expectError(await ctx.request('POST', `${path('help')}/sync`), 422, 'unprocessable');

    await drain();
    expect((await list()).map((s) => s.id)).not.toContain('help');
    const left = await ctx.request('GET', `${ARTICLES}?knowledge_source_id=help`);
    expect(left.body.data).toEqual([]);
    expect((await ctx.request('GET', `${ARTICLES}?knowledge_source_id=keep`)).body.data.map((a: any) => a.id)).toEqual([
      'k1',
    ]);
    expectError(await ctx.request('DELETE', path('help')), 404, 'not_found');
    // The id is free again.
    expect((await ctx.request('POST', SOURCES, { body: { id: 'help', name: 'Help, again' } })).status).toBe(200);
  });

  it('shows delete_failed when the deletion keeps failing, and a new DELETE retries it', async () => {
    await newSource(ctx, 'stuck');
    await upserted(ctx, [article('s1', {}, 'stuck'), article('s2', {}, 'stuck')]);
    const db = ctx.container.db.kysely;
    // A trigger refuses every article deletion, as a database fault would.
    if (ctx.engine === 'sqlite') {
      await sql`create trigger refuse_deletes before delete on knowledge_articles begin select raise(abort, 'refused for the test'); end`.execute(
        db,
      );
    } else {
      await sql`create function refuse_deletes() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_deletes before delete on knowledge_articles for each row execute function refuse_deletes()`.execute(
        db,
      );
    }
    expect((await ctx.request('DELETE', path('stuck'))).status).toBe(204);
    for (const wait of [1_000, 10_000, 60_000, 300_000]) {
      await drain();
      expect((await list()).find((s) => s.id === 'stuck').status).toBe('deleting');
      clock.advance(wait);
    }
    await drain();
    expect((await list()).find((s) => s.id === 'stuck').status).toBe('delete_failed');
    expect((await ctx.request('GET', `${ARTICLES}?knowledge_source_id=stuck`)).body.data).toHaveLength(2);

    await sql`drop trigger refuse_deletes${sql.raw(ctx.engine === 'sqlite' ? '' : ' on knowledge_articles')}`.execute(
      db,
    );
    expect((await ctx.request('DELETE', path('stuck'))).status).toBe(204);
    expect((await list()).find((s) => s.id === 'stuck').status).toBe('deleting');
    await drain();
    expect((await list()).map((s) => s.id)).not.toContain('stuck');
    expect((await ctx.request('GET', `${ARTICLES}?knowledge_source_id=stuck`)).body.data).toEqual([]);
  });

  it('accepts a sync (202), refuses another while it runs and for 4 hours after it ends (429)', async () => {
    await newSource(ctx, 'web');
    const first = await ctx.request('POST', `${path('web')}/sync`, { headers: { 'content-type': 'application/json' } });
    expect(first.status).toBe(202);
    expect(first.raw).toBe('');
    const busy = await ctx.request('POST', `${path('web')}/sync`);
    expectError(busy, 429, 'rate_limited');
    expect(busy.headers['retry-after']).toBe('60');
    expect((await list()).find((s) => s.id === 'web').last_sync).toBeNull();

    clock.advance(5_000);
    await drain();
    const synced = (await list()).find((s) => s.id === 'web');
    expect(synced.last_sync).toBe(toWireTime(ctx.clock.now()));
    expect(synced.last_sync).toMatch(TIME_RE);

    clock.advance(HOUR);
    const soon = await ctx.request('POST', `${path('web')}/sync`);
    expectError(soon, 429, 'rate_limited');
    expect(soon.headers['retry-after']).toBe(String(3 * 3_600));
    clock.advance(3 * HOUR - 1_000);
    expect((await ctx.request('POST', `${path('web')}/sync`)).headers['retry-after']).toBe('1');
    clock.advance(1_000);
    expect((await ctx.request('POST', `${path('web')}/sync`)).status).toBe(202);
    expectError(await ctx.request('POST', `${path('nowhere')}/sync`), 404, 'not_found');
  });
});
