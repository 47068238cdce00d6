// Conversations: start one on a custom channel (attaching or creating its end user), read it,
// merge its metadata, end it once; the events each step records; tenancy; every error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import {
  ID_RE,
  TIME_RE,
  expectEndUserShape,
  expectInvalid,
  expectNotFound,
  getUser,
  metadataOfBytes,
  newUser,
  utf8Bytes,
} from './helpers/end-users.js';
import {
  CHANNELS,
  CONVERSATIONS,
  createConversation,
  eventsOf,
  expectConversationShape,
  newChannel,
  newConversation,
  subscribe,
} from './helpers/conversations.js';

describe.each(ENGINES)('conversations (%s)', (engine) => {
  let ctx: TestContext;
  let channel: any;
  let otherChannel: any;
  let nativeChannelId: string;

  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await subscribe(ctx);
    channel = await newChannel(ctx);
    otherChannel = await newChannel(ctx, {}, ctx.keyB);
    const natives = await ctx.request('GET', `${CHANNELS}?type=native`);
    nativeChannelId = natives.body.data[0].id;
  });
  afterAll(async () => ctx?.close());

  const get = (id: string, key?: string) => ctx.request('GET', `${CONVERSATIONS}${id}/`, key ? { key } : {});
  const patch = (id: string, body: unknown, key?: string) =>
    ctx.request('PATCH', `${CONVERSATIONS}${id}/`, { body, ...(key ? { key } : {}) });
  const end = (id: string, options: Record<string, unknown> = {}) =>
    ctx.request('POST', `${CONVERSATIONS}${id}/end/`, options);

  describe('POST /conversations/', () => {
    it('starts a conversation with a given end user and attaches that end user', async () => {
      const user = await newUser(ctx);
      expect(
        (await ctx.container.modules.endUsers.store.findById(ctx.agentA, user.end_user_id))!.attachedAt,
      ).toBeNull();
      const res = await createConversation(ctx, {
        channel_id: channel.id,
        end_user_id: user.end_user_id,
        metadata: { plan: 'gold', seats: 3, ratio: 0.5, vip: true },
      });
      expect(res.status, res.raw).toBe(201);
      expectConversationShape(res.body);
      expect(res.body).toMatchObject({
        channel_id: channel.id,
        end_user_id: user.end_user_id,
        status: 'active',
        metadata: { plan: 'gold', seats: 3, ratio: 0.5, vip: true },
      });
      expect(res.body.updated_at).toBe(res.body.created_at);
      expect(
        (await ctx.container.modules.endUsers.store.findById(ctx.agentA, user.end_user_id))!.attachedAt,
      ).not.toBeNull();
      expect((await get(res.body.id)).body).toStrictEqual(res.body);
    });

    it('answers on both path forms and takes ids in any case', async () => {
      const user = await newUser(ctx);
      const res = await ctx.request('POST', '/api/v2/conversations', {
        body: { channel_id: channel.id.toUpperCase(), end_user_id: user.end_user_id.toUpperCase() },
      });
      expect(res.status, res.raw).toBe(201);
      expect(res.body.channel_id).toBe(channel.id);
      expect(res.body.end_user_id).toBe(user.end_user_id);
      expect((await ctx.request('GET', `${CONVERSATIONS}${res.body.id}`)).status).toBe(200);
    });

    it('creates an attached end user when end_user_id is omitted or null; v1.end_user.created comes first', async () => {
      for (const body of [{ channel_id: channel.id }, { channel_id: channel.id, end_user_id: null }]) {
        const before = (await eventsOf(ctx, ctx.agentA)).length;
        const conversation = await newConversation(ctx, body);
        expect(conversation.end_user_id).toMatch(ID_RE);
        expect(conversation.metadata).toStrictEqual({});
        const user = await getUser(ctx, conversation.end_user_id);
        expect(user.status).toBe(200);
        expectEndUserShape(user.body);
        expect(user.body.external_id).toBeNull();
        expect(
          (await ctx.container.modules.endUsers.store.findById(ctx.agentA, conversation.end_user_id))!.attachedAt,
        ).not.toBeNull();

        const events = (await eventsOf(ctx, ctx.agentA)).slice(before);
        expect(events.map((e) => e.type)).toEqual(['v1.end_user.created', 'v1.conversation.created']);
        expect(events[0]!.payload.data).toStrictEqual(user.body);
        expect(events[0]!.payload.tags).toEqual([conversation.end_user_id]);
        expect(events[1]!.payload.data.end_user_id).toBe(conversation.end_user_id);
      }
    });

    it('records v1.conversation.created with the documented data and the channel id as a delivery tag', async () => {
      const user = await newUser(ctx);
      const conversation = await newConversation(ctx, {
        channel_id: channel.id,
        end_user_id: user.end_user_id,
        metadata: { topic: 'billing' },
      });
      const [event] = (await eventsOf(ctx, ctx.agentA, 'v1.conversation.created')).slice(-1);
      expect(event!.payload).toStrictEqual({
        type: 'v1.conversation.created',
        timestamp: expect.stringMatching(TIME_RE),
        data: {
          conversation_id: conversation.id,
          channel_id: channel.id,
          created_at: conversation.created_at,
          end_user_id: user.end_user_id,
          metadata: { topic: 'billing' },
          ai_agent_domain: 'alpha',
        },
      });
      expect(event!.tags).toEqual([channel.id]);
      // No v1.end_user.created for an existing end user.
      expect(
        (await eventsOf(ctx, ctx.agentA, 'v1.end_user.created')).filter(
          (e) => e.payload.data.end_user_id === user.end_user_id,
        ),
      ).toHaveLength(1);
    });

    it('requires channel_id', async () => {
      expectInvalid(await createConversation(ctx, {}), '$.channel_id');
      expectInvalid(await createConversation(ctx, { channel_id: 42 }), '$.channel_id');
    });

    it('answers 404 naming the field for an unknown channel or end user, and writes nothing', async () => {
      const before = await ctx.container.db.kysely
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const users = await ctx.container.db.kysely
        .selectFrom('end_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      for (const channelId of ['0123456789abcdef01234567', 'not-an-id', otherChannel.id]) {
        const error = expectNotFound(await createConversation(ctx, { channel_id: channelId }));
        expect(error.message).toContain('channel_id');
        expect(error.message).toContain(channelId);
      }
      const other = await newUser(ctx, {}, ctx.keyB);
      for (const endUserId of ['0123456789abcdef01234567', 'nope', other.end_user_id]) {
        const error = expectNotFound(await createConversation(ctx, { channel_id: channel.id, end_user_id: endUserId }));
        expect(error.message).toContain('end_user_id');
      }
      const after = await ctx.container.db.kysely
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const usersAfter = await ctx.container.db.kysely
        .selectFrom('end_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      expect(Number(usersAfter.n)).toBe(Number(users.n) + 1); // only the other agent's user made above
      // The other agent's end user was not attached by the refused request.
      expect(
        (await ctx.container.modules.endUsers.store.findById(ctx.agentB, other.end_user_id))!.attachedAt,
      ).toBeNull();
    });

    it('refuses a native channel', async () => {
      expectInvalid(await createConversation(ctx, { channel_id: nativeChannelId }), '$.channel_id');
    });

    it('bounds metadata: flat values only, no null, at most 4 KB', async () => {
      expectInvalid(
        await createConversation(ctx, { channel_id: channel.id, metadata: { a: { b: 1 } } }),
        '$.metadata.a',
      );
      expectInvalid(await createConversation(ctx, { channel_id: channel.id, metadata: { a: [1] } }), '$.metadata.a');
      expectInvalid(await createConversation(ctx, { channel_id: channel.id, metadata: { a: null } }), '$.metadata.a');
      expectInvalid(await createConversation(ctx, { channel_id: channel.id, metadata: 'x' }), '$.metadata');
      const exact = metadataOfBytes(4096);
      expect(utf8Bytes(exact)).toBe(4096);
      expect((await createConversation(ctx, { channel_id: channel.id, metadata: exact })).status).toBe(201);
      const over = metadataOfBytes(4097);
      const error = expectInvalid(
        await createConversation(ctx, { channel_id: channel.id, metadata: over }),
        '$.metadata',
      );
      expect(error.message).toContain('4,097');
    });

    it('ignores unknown and server-set properties', async () => {
      const res = await createConversation(ctx, {
        channel_id: channel.id,
        id: '0123456789abcdef01234567',
        status: 'ended',
        surprise: true,
      });
      expect(res.status).toBe(201);
      expect(res.body.id).not.toBe('0123456789abcdef01234567');
      expect(res.body.status).toBe('active');
    });
  });

  describe('GET /conversations/{id}/', () => {
    it("answers 404 for unknown, malformed and other agents' ids", async () => {
      const theirs = await newConversation(ctx, { channel_id: otherChannel.id }, ctx.keyB);
      for (const id of ['0123456789abcdef01234567', 'xyz', theirs.id]) expectNotFound(await get(id));
      expect((await get(theirs.id, ctx.keyB)).status).toBe(200);
    });
  });

  describe('PATCH /conversations/{id}/', () => {
    it('merges keys, removes null ones, and moves updated_at only on a change', async () => {
      const conversation = await newConversation(ctx, { channel_id: channel.id, metadata: { a: 1, b: 'x' } });
      await new Promise((r) => setTimeout(r, 5));
      const merged = await patch(conversation.id, { metadata: { b: null, c: true, d: 1.25 } });
      expect(merged.status, merged.raw).toBe(200);
      expectConversationShape(merged.body);
      expect(merged.body.metadata).toStrictEqual({ a: 1, c: true, d: 1.25 });
      expect(merged.body.updated_at > conversation.updated_at).toBe(true);
      expect(merged.body.created_at).toBe(conversation.created_at);
      const same = await patch(`${conversation.id}`, { metadata: { a: 1, gone: null } });
      expect(same.body).toStrictEqual(merged.body);
      expect((await patch(conversation.id, { metadata: {} })).body).toStrictEqual(merged.body);
      expect((await get(conversation.id)).body).toStrictEqual(merged.body);
    });

    it('requires an object metadata and checks the 4 KB limit after merging', async () => {
      const conversation = await newConversation(ctx, { channel_id: channel.id, metadata: metadataOfBytes(3000) });
      expectInvalid(await patch(conversation.id, {}), '$.metadata');
      expectInvalid(await patch(conversation.id, { metadata: null }), '$.metadata');
      expectInvalid(await patch(conversation.id, { metadata: { x: { y: 1 } } }), '$.metadata.x');
      expectInvalid(await patch(conversation.id, { metadata: { big: 'z'.repeat(1200) } }), '$.metadata');
      expect((await get(conversation.id)).body.metadata).toStrictEqual(conversation.metadata);
    });

    it("updates an ended conversation too; 404 for unknown and other agents' ids", async () => {
      const conversation = await newConversation(ctx, { channel_id: channel.id });
      expect((await end(conversation.id)).status).toBe(200);
      const res = await patch(conversation.id, { metadata: { csat: 5 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ended', metadata: { csat: 5 } });
      expectNotFound(await patch(conversation.id, { metadata: { a: 1 } }, ctx.keyB));
      expectNotFound(await patch('0123456789abcdef01234567', { metadata: { a: 1 } }));
    });
  });

  describe('POST /conversations/{id}/end/', () => {
    it('ends once: 200 each time, one v1.conversation.ended with ended_by', async () => {
      const user = await newUser(ctx);
      const conversation = await newConversation(ctx, {
        channel_id: channel.id,
        end_user_id: user.end_user_id,
        metadata: { k: 'v' },
      });
      await new Promise((r) => setTimeout(r, 5));
      const first = await end(conversation.id);
      expect(first.status, first.raw).toBe(200);
      expect(Object.keys(first.body)).toEqual(['message']);
      expect(first.body.message).toBeTypeOf('string');
      const ended = (await get(conversation.id)).body;
      expect(ended.status).toBe('ended');
      expect(ended.updated_at > conversation.updated_at).toBe(true);

      const second = await ctx.request('POST', `/api/v2/conversations/${conversation.id}/end`, { body: {} });
      expect(second.status).toBe(200);
      expect(second.body).toStrictEqual(first.body);
      expect((await get(conversation.id)).body).toStrictEqual(ended);

      const events = (await eventsOf(ctx, ctx.agentA, 'v1.conversation.ended')).filter(
        (e) => e.payload.data.conversation_id === conversation.id,
      );
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toStrictEqual({
        type: 'v1.conversation.ended',
        timestamp: expect.stringMatching(TIME_RE),
        data: {
          conversation_id: conversation.id,
          channel_id: channel.id,
          end_user_id: user.end_user_id,
          created_at: conversation.created_at,
          updated_at: ended.updated_at,
          ended_by: { id: user.end_user_id, role: 'end_user' },
          metadata: { k: 'v' },
          ai_agent_domain: 'alpha',
        },
      });
      expect(events[0]!.tags).toEqual([channel.id]);
    });

    it('takes no body, an empty JSON body or {}', async () => {
      for (const options of [{}, { payload: '', headers: { 'content-type': 'application/json' } }, { body: {} }]) {
        const conversation = await newConversation(ctx, { channel_id: channel.id });
        const res = await end(conversation.id, options);
        expect(res.status, res.raw).toBe(200);
      }
    });

    it("answers 404 for unknown, malformed and other agents' conversations, and leaves theirs active", async () => {
      const theirs = await newConversation(ctx, { channel_id: otherChannel.id }, ctx.keyB);
      for (const id of ['0123456789abcdef01234567', 'abc', theirs.id]) expectNotFound(await end(id));
      expect((await get(theirs.id, ctx.keyB)).body.status).toBe('active');
    });
  });

  it('answers 401 without a key on every route', async () => {
    const id = '0123456789abcdef01234567';
    for (const [method, url] of [
      ['POST', CONVERSATIONS],
      ['GET', `${CONVERSATIONS}${id}/`],
      ['PATCH', `${CONVERSATIONS}${id}/`],
      ['POST', `${CONVERSATIONS}${id}/end/`],
      ['GET', `${CONVERSATIONS}${id}/messages/`],
      ['POST', `${CONVERSATIONS}${id}/messages/`],
    ] as const) {
      expectError(await ctx.request(method, url, { key: null, body: {} }), 401, 'unauthorized');
    }
  });
});
