// The Channels API (digest 3.2, decisions in item 28): listing by type and modality with cursor
// pagination, creating custom channels under the rolling daily limit, updating capabilities,
// read-only native channels seeded with every agent, and tenant isolation, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_CHANNELS } from '../src/db/native-channels.js';
import { toWireTime } from '../src/lib/time.js';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import { ID_RE, TIME_RE, expectInvalid, expectNotFound, metadataOfBytes, pathOf } from './helpers/end-users.js';
import { CHANNELS, CHANNEL_BODY, newChannel } from './helpers/conversations.js';

const MISSING_ID = 'ffffffffffffffffffffffff';
const BAD_IDS = [MISSING_ID, 'zzz', 'zzzzzzzzzzzzzzzzzzzzzzzz', '0123456789abcdef0123456', '0123456789abcdef012345678'];
const CUSTOM_KEYS = ['capabilities', 'created_at', 'description', 'id', 'metadata', 'modality', 'name', 'type'];
const NATIVE_KEYS = ['capabilities', 'description', 'id', 'modality', 'name', 'type'];
const HOUR = 60 * 60 * 1_000;
const DAY = 24 * HOUR;

type Moving = { advance(ms: number): void };
const keyed = (key?: string) => (key ? { key } : {});

function expectCustomShape(channel: any): void {
  expect(Object.keys(channel).sort()).toEqual(CUSTOM_KEYS);
  expect(channel.type).toBe('custom');
  expect(channel.id).toMatch(ID_RE);
  expect(Object.keys(channel.capabilities)).toEqual(['markdown']);
  expect(channel.capabilities.markdown).toBeTypeOf('boolean');
  expect(channel.metadata).toBeTypeOf('object');
  expect(channel.created_at).toMatch(TIME_RE);
}

function expectNativeShape(channel: any): void {
  expect(Object.keys(channel).sort()).toEqual(NATIVE_KEYS);
  expect(channel.type).toBe('native');
  expect(channel.id).toMatch(ID_RE);
  expect(Object.keys(channel.capabilities)).toEqual(['markdown']);
}

describe.each(ENGINES)('channels on %s', (engine) => {
  let ctx: TestContext;
  let clock: Moving;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
    clock = ctx.clock as unknown as Moving;
  });
  afterAll(async () => ctx?.close());

  const freshAgent = async (handle: string) => {
    const created = await ctx.container.modules.agents.service.createKey(handle);
    return { key: created.secret, agentId: created.agent.id, createdAt: created.agent.createdAt };
  };
  const create = (body: unknown, key?: string) => ctx.request('POST', CHANNELS, { body, ...keyed(key) });
  const list = (query: string, key?: string) => ctx.request('GET', `${CHANNELS}?${query}`, keyed(key));
  const patch = (id: string, body: unknown, key?: string) =>
    ctx.request('PATCH', `${CHANNELS}${id}`, { body, ...keyed(key) });
  const channelRow = (id: string) =>
    ctx.container.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ids = (res: ApiResponse) => res.body.data.map((c: any) => c.id);

  describe('native channels', () => {
    it('gives a new agent exactly its three native channels, read from the catalog, and no custom ones', async () => {
      const agent = await freshAgent('natives');
      const res = await list('type=native', agent.key);
      expect(res.status).toBe(200);
      expect(res.body.meta).toStrictEqual({ next_page_url: null });
      res.body.data.forEach(expectNativeShape);
      expect(res.body.data.map(({ id: _id, ...rest }: any) => rest)).toStrictEqual(
        NATIVE_CHANNELS.map((c) => ({
          type: 'native',
          name: c.name,
          description: c.description,
          modality: c.modality,
          capabilities: { markdown: c.markdown },
        })),
      );
      expect([...ids(res)].sort()).toEqual(ids(res));
      expect((await list('type=custom', agent.key)).body).toStrictEqual({ data: [], meta: { next_page_url: null } });

      const rows = await ctx.container.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('agent_id', '=', agent.agentId)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.id)).toEqual(ids(res));
      for (const row of rows)
        expect({ type: row.type, metadata: row.metadata, created_at: Number(row.created_at) }).toStrictEqual({
          type: 'native',
          metadata: null,
          created_at: agent.createdAt,
        });
    });

    it.each(NATIVE_CHANNELS.map((c) => [c.modality, c.name]))(
      'filters natives by modality %s',
      async (modality, name) => {
        const res = await list(`type=native&modality=${modality}`);
        expect(res.status).toBe(200);
        expect(res.body.data.map((c: any) => [c.name, c.modality])).toEqual([[name, modality]]);
      },
    );

    it('does not seed again when an existing agent gets another key', async () => {
      const before = ids(await list('type=native'));
      const again = await ctx.container.modules.agents.service.createKey('alpha');
      expect(again.agentCreated).toBe(false);
      expect(ids(await list('type=native'))).toEqual(before);
      expect(before).toHaveLength(3);
    });

    it("keeps each agent's native channels its own", async () => {
      const a = ids(await list('type=native', ctx.keyA));
      const b = ids(await list('type=native', ctx.keyB));
      expect(a).toHaveLength(3);
      expect(b).toHaveLength(3);
      expect(a.filter((id: string) => b.includes(id))).toEqual([]);
    });
  });

  describe('POST /channels/', () => {
    it('creates a custom channel with the defaults and answers 201', async () => {
      const res = await create(CHANNEL_BODY);
      expect(res.status).toBe(201);
      expectCustomShape(res.body);
      expect(res.body).toStrictEqual({
        type: 'custom',
        id: res.body.id,
        ...CHANNEL_BODY,
        capabilities: { markdown: false },
        metadata: {},
        created_at: toWireTime(ctx.clock.now()),
      });
      expect(await channelRow(res.body.id)).toMatchObject({
        agent_id: ctx.agentA,
        type: 'custom',
        markdown: 0,
        metadata: '{}',
      });
      expect(ids(await list('type=custom'))).toContain(res.body.id);
      expect(ids(await list('type=native'))).not.toContain(res.body.id);
    });

    it('stores every field sent and ignores id, type, created_at and unknown properties', async () => {
      const metadata = { plan: 'gold', seats: 12, ratio: 0.75, beta: true, empty: '' };
      const res = await create({
        name: 'Voice bot',
        description: '',
        modality: 'voice',
        metadata,
        capabilities: { markdown: true, colours: true },
        id: MISSING_ID,
        type: 'native',
        created_at: '2000-01-01T00:00:00Z',
        extra: { nested: 1 },
      });
      expect(res.status).toBe(201);
      expectCustomShape(res.body);
      expect(res.body).toMatchObject({
        type: 'custom',
        name: 'Voice bot',
        description: '',
        modality: 'voice',
        capabilities: { markdown: true },
        metadata,
      });
      expect(res.body.id).not.toBe(MISSING_ID);
      expect(res.body.created_at).not.toMatch(/^2000/);
      expect((await list('type=custom&modality=voice')).body.data).toContainEqual(res.body);
      expect(await channelRow(res.body.id)).toMatchObject({ type: 'custom', markdown: 1 });
    });

    it('accepts the longest name and description and metadata of exactly 4 KB', async () => {
      const metadata = metadataOfBytes(4_096);
      const res = await create({ name: 'é'.repeat(255), description: '€'.repeat(1000), modality: 'email', metadata });
      expect(res.status).toBe(201);
      expect(res.body.metadata).toStrictEqual(metadata);
    });

    it('refuses metadata over 4 KB, saying how large it is', async () => {
      const error = expectInvalid(await create({ ...CHANNEL_BODY, metadata: metadataOfBytes(4_097) }), '$.metadata');
      expect(error.details[0].message).toContain('4,097 bytes');
    });

    it.each([
      ['$.name', { description: 'd', modality: 'voice' }],
      ['$.description', { name: 'n', modality: 'voice' }],
      ['$.modality', { name: 'n', description: 'd' }],
      ['$.name', { ...CHANNEL_BODY, name: '' }],
      ['$.name', { ...CHANNEL_BODY, name: 'x'.repeat(256) }],
      ['$.name', { ...CHANNEL_BODY, name: 7 }],
      ['$.description', { ...CHANNEL_BODY, description: 'x'.repeat(1001) }],
      ['$.description', { ...CHANNEL_BODY, description: null }],
      ['$.modality', { ...CHANNEL_BODY, modality: 'sms' }],
      ['$.modality', { ...CHANNEL_BODY, modality: 'Messaging' }],
      ['$.metadata', { ...CHANNEL_BODY, metadata: null }],
      ['$.metadata', { ...CHANNEL_BODY, metadata: ['a'] }],
      ['$.metadata.plan', { ...CHANNEL_BODY, metadata: { plan: null } }],
      ['$.metadata.plan', { ...CHANNEL_BODY, metadata: { plan: { tier: 'gold' } } }],
      ['$.metadata.plan', { ...CHANNEL_BODY, metadata: { plan: ['gold'] } }],
      ['$.capabilities', { ...CHANNEL_BODY, capabilities: true }],
      ['$.capabilities.markdown', { ...CHANNEL_BODY, capabilities: { markdown: 'yes' } }],
    ])('refuses a body breaking a rule at %s and creates nothing', async (parameter, body) => {
      const before = ids(await list('type=custom'));
      expectInvalid(await create(body), parameter);
      expect(ids(await list('type=custom'))).toEqual(before);
    });

    it('answers 401 without a key', async () => {
      expectError(await ctx.request('POST', CHANNELS, { key: null, body: CHANNEL_BODY }), 401, 'unauthorized');
    });

    it('allows 100 custom channels per agent by default and refuses the next with 429', async () => {
      const agent = await freshAgent('default-limit');
      for (let i = 0; i < 100; i++) await newChannel(ctx, { name: `c${i}` }, agent.key);
      const res = await create(CHANNEL_BODY, agent.key);
      const error = expectError(res, 429, 'rate_limited');
      expect(error.message).toContain('100');
      expect(res.headers['retry-after']).toBe(String(DAY / 1_000));
      // Another agent is not affected.
      expect((await create(CHANNEL_BODY)).status).toBe(201);
    });
  });

  describe('GET /channels/', () => {
    let key: string;
    let all: string[];
    let messaging: string[];
    beforeAll(async () => {
      key = (await freshAgent('lister')).key;
      all = [];
      messaging = [];
      for (let i = 0; i < 6; i++) {
        const modality = i % 2 === 0 ? 'messaging' : 'email';
        const channel = await newChannel(ctx, { name: `n${i}`, modality }, key);
        all.push(channel.id);
        if (modality === 'messaging') messaging.push(channel.id);
      }
    });

    it("lists the agent's custom channels oldest first", async () => {
      const res = await list('type=custom', key);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['data', 'meta']);
      expect(ids(res)).toEqual(all);
      expect([...all].sort()).toEqual(all);
      expect(res.body.data.map((c: any) => c.name)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
      res.body.data.forEach(expectCustomShape);
      expect(res.body.meta).toStrictEqual({ next_page_url: null });
    });

    it('pages with limit and an inclusive cursor, keeping type and modality in next_page_url', async () => {
      const first = await ctx.request('GET', `${CHANNELS}?type=custom&limit=2&modality=messaging`, {
        key,
        headers: { host: 'roster.example.test' },
      });
      expect(ids(first)).toEqual(messaging.slice(0, 2));
      const next = new URL(first.body.meta.next_page_url);
      expect(next.origin).toBe('http://roster.example.test');
      expect(next.pathname).toBe(CHANNELS);
      expect(Object.fromEntries(next.searchParams)).toStrictEqual({
        cursor: messaging[2],
        type: 'custom',
        limit: '2',
        modality: 'messaging',
      });
      const second = await ctx.request('GET', pathOf(first.body.meta.next_page_url), { key });
      expect(ids(second)).toEqual(messaging.slice(2));
      expect(second.body.meta).toStrictEqual({ next_page_url: null });

      const pages: string[] = [];
      let url: string | null = `${CHANNELS}?type=custom&limit=4`;
      while (url !== null) {
        const res: ApiResponse = await ctx.request('GET', url, { key });
        pages.push(...ids(res));
        url = res.body.meta.next_page_url === null ? null : pathOf(res.body.meta.next_page_url);
      }
      expect(pages).toEqual(all);
      const bare = await ctx.request('GET', `/api/v2/channels?type=custom&cursor=${all[3]!.toUpperCase()}`, { key });
      expect(ids(bare)).toEqual(all.slice(3));
    });

    it('starts an unmatched cursor at the next channel and answers an empty page past the end', async () => {
      expect(ids(await list('type=custom&cursor=000000000000000000000000', key))).toEqual(all);
      expect((await list(`type=custom&cursor=${MISSING_ID}`, key)).body).toStrictEqual({
        data: [],
        meta: { next_page_url: null },
      });
      expect((await list('type=custom&modality=voice', key)).body).toStrictEqual({
        data: [],
        meta: { next_page_url: null },
      });
    });

    it.each([
      ['$.type', ''],
      ['$.type', 'modality=messaging'],
      ['$.type', 'type=all'],
      ['$.type', 'type=CUSTOM'],
      ['$.modality', 'type=custom&modality=sms'],
      ['$.limit', 'type=custom&limit=0'],
      ['$.limit', 'type=custom&limit=101'],
      ['$.limit', 'type=custom&limit=abc'],
      ['$.cursor', 'type=custom&cursor=xyz'],
    ])('refuses %s in "%s"', async (parameter, query) => {
      expectInvalid(await list(query, key), parameter, 'query');
    });

    it('names the allowed values of type', async () => {
      const error = expectInvalid(await list('type=all', key), '$.type', 'query');
      expect(error.details[0].message).toContain('"custom"');
      expect(error.details[0].message).toContain('"native"');
    });

    it('answers 401 without a key', async () => {
      expectError(await ctx.request('GET', `${CHANNELS}?type=custom`, { key: null }), 401, 'unauthorized');
    });
  });

  describe('PATCH /channels/:channel_id', () => {
    it('changes only the capabilities sent, with or without trailing slash and in either hex case', async () => {
      const channel = await newChannel(ctx, { metadata: { team: 'a' } });
      clock.advance(1_000);
      const on = await patch(channel.id, { capabilities: { markdown: true } });
      expect(on.status).toBe(200);
      expectCustomShape(on.body);
      expect(on.body).toStrictEqual({ ...channel, capabilities: { markdown: true } });
      expect((await list('type=custom')).body.data).toContainEqual(on.body);
      expect((await channelRow(channel.id)).markdown).toBe(1);

      const off = await ctx.request('PATCH', `${CHANNELS}${channel.id.toUpperCase()}/`, {
        body: { capabilities: { markdown: false } },
      });
      expect(off.status).toBe(200);
      expect(off.body).toStrictEqual(channel);
      expect((await channelRow(channel.id)).markdown).toBe(0);
    });

    it('keeps the channel as it is for empty capabilities, the same value and fields that cannot change', async () => {
      const channel = await newChannel(ctx, { capabilities: { markdown: true } });
      for (const body of [
        { capabilities: {} },
        { capabilities: { markdown: true } },
        { capabilities: { other: false }, name: 'renamed', modality: 'voice', metadata: { x: 1 }, type: 'native' },
      ]) {
        const res = await patch(channel.id, body);
        expect(res.status).toBe(200);
        expect(res.body).toStrictEqual(channel);
      }
    });

    it.each([
      ['$.capabilities', {}],
      ['$.capabilities', { markdown: true }],
      ['$.capabilities', { capabilities: null }],
      ['$.capabilities', { capabilities: 'markdown' }],
      ['$.capabilities.markdown', { capabilities: { markdown: 1 } }],
      ['$.capabilities.markdown', { capabilities: { markdown: null } }],
    ])('refuses a body breaking a rule at %s and changes nothing', async (parameter, body) => {
      const channel = await newChannel(ctx);
      expectInvalid(await patch(channel.id, body), parameter);
      expect((await channelRow(channel.id)).markdown).toBe(0);
    });

    it('answers 400 for a missing body', async () => {
      const channel = await newChannel(ctx);
      expectError(await ctx.request('PATCH', `${CHANNELS}${channel.id}`), 400, 'bad_request');
    });

    it.each(BAD_IDS)('answers 404 not_found for %s', async (id) => {
      const error = expectNotFound(await patch(id, { capabilities: { markdown: true } }));
      expect(error.message).toContain(id);
    });

    it('refuses a native channel as read-only, naming the path parameter, and changes nothing', async () => {
      const [chat] = (await list('type=native&modality=messaging')).body.data;
      const error = expectInvalid(await patch(chat.id, { capabilities: { markdown: false } }), '$.channel_id', 'path');
      expect(error.message).toMatch(/^\$\.channel_id /);
      expect(error.details[0].message).toMatch(/native/);
      expect(error.details[0].message).toMatch(/read-only/);
      expect((await channelRow(chat.id)).markdown).toBe(1);
      expect((await list('type=native&modality=messaging')).body.data).toStrictEqual([chat]);
    });

    it("answers 404 for another agent's channel, custom or native, exactly as for a missing id", async () => {
      const channel = await newChannel(ctx, {}, ctx.keyA);
      const [betaNative] = (await list('type=native', ctx.keyB)).body.data;
      for (const id of [channel.id, betaNative.id]) {
        const foreign = await patch(id, { capabilities: { markdown: true } }, id === channel.id ? ctx.keyB : ctx.keyA);
        const missing = await patch(MISSING_ID, { capabilities: { markdown: true } }, ctx.keyB);
        expectNotFound(foreign);
        expect(foreign.raw.split(id).join('<id>')).toBe(missing.raw.split(MISSING_ID).join('<id>'));
      }
      expect((await channelRow(channel.id)).markdown).toBe(0);
      expect((await channelRow(betaNative.id)).markdown).toBe(1);
    });

    it('answers 401 without a key', async () => {
      const channel = await newChannel(ctx);
      expectError(
        await ctx.request('PATCH', `${CHANNELS}${channel.id}`, {
          key: null,
          body: { capabilities: { markdown: true } },
        }),
        401,
        'unauthorized',
      );
    });
  });

  describe('tenancy', () => {
    it("never lists another agent's channels", async () => {
      const mine = await newChannel(ctx, { name: 'alpha only' }, ctx.keyA);
      const theirs = await newChannel(ctx, { name: 'beta only' }, ctx.keyB);
      const listA = ids(await list('type=custom', ctx.keyA));
      const listB = ids(await list('type=custom', ctx.keyB));
      expect(listA).toContain(mine.id);
      expect(listA).not.toContain(theirs.id);
      expect(listB).toEqual([theirs.id]);
    });
  });
});
