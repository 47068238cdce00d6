// Messages: who may post what, the 422 of an ended conversation, the oldest-first message log
// with its pagination, and the v1.conversation.message event each message records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import { ID_RE, TIME_RE, expectInvalid, expectNotFound, newUser, pathOf } from './helpers/end-users.js';
import {
  AUTHOR_KEYS,
  CONVERSATIONS,
  MESSAGE_KEYS,
  MESSAGE_LOG_KEYS,
  endUserText,
  eventsOf,
  newChannel,
  newConversation,
  postMessage,
  subscribe,
} from './helpers/conversations.js';

describe.each(ENGINES)('conversation messages (%s)', (engine) => {
  let ctx: TestContext;
  let channel: any;

  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await subscribe(ctx);
    channel = await newChannel(ctx, { metadata: { region: 'eu' }, capabilities: { markdown: true } });
  });
  afterAll(async () => ctx?.close());

  async function start() {
    const user = await newUser(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id, end_user_id: user.end_user_id });
    return { user: user.end_user_id as string, conversation: conversation.id as string };
  }
  const list = (id: string, query = '', key?: string) =>
    ctx.request('GET', `${CONVERSATIONS}${id}/messages/${query}`, key ? { key } : {});

  it("posts an end user's text message: 201 with the documented shape", async () => {
    const { user, conversation } = await start();
    const res = await postMessage(ctx, conversation, {
      author: { role: 'end_user', id: user, display_name: 'Maria', avatar: 'https://cdn.example.com/m.png' },
      content: { type: 'text', body: 'Hi, I need help' },
    });
    expect(res.status, res.raw).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(MESSAGE_KEYS);
    expect(Object.keys(res.body.author).sort()).toEqual(AUTHOR_KEYS);
    expect(res.body).toMatchObject({
      conversation_id: conversation,
      author: { role: 'end_user', id: user, display_name: 'Maria', avatar: 'https://cdn.example.com/m.png' },
      content: { type: 'text', body: 'Hi, I need help' },
    });
    expect(res.body.id).toMatch(ID_RE);
    expect(res.body.created_at).toMatch(TIME_RE);
    expect(res.body.updated_at).toBe(res.body.created_at);
    // The path without a trailing slash, as Ada's own demo client calls it.
    expect(
      (
        await ctx.request('POST', `${CONVERSATIONS}${conversation}/messages`, {
          body: endUserText(user.toUpperCase(), 'again'),
        })
      ).status,
    ).toBe(201);
  });

  it('posts a human agent message, which needs a display name and carries no author id', async () => {
    const { conversation } = await start();
    expectInvalid(
      await postMessage(ctx, conversation, {
        author: { role: 'human_agent' },
        content: { type: 'text', body: 'Hello' },
      }),
      '$.author.display_name',
    );
    expectInvalid(
      await postMessage(ctx, conversation, {
        author: { role: 'human_agent', display_name: '  ' },
        content: { type: 'text', body: 'Hello' },
      }),
      '$.author.display_name',
    );
    const res = await postMessage(ctx, conversation, {
      author: { role: 'human_agent', id: 'agent-7', display_name: 'Sam' },
      content: { type: 'text', body: 'Sam here' },
    });
    expect(res.status, res.raw).toBe(201);
    expect(res.body.author).toStrictEqual({ id: null, role: 'human_agent', avatar: null, display_name: 'Sam' });
  });

  it("requires an end user's author.id to be the conversation's end user", async () => {
    const { conversation } = await start();
    const stranger = await newUser(ctx);
    expectInvalid(
      await postMessage(ctx, conversation, { author: { role: 'end_user' }, content: { type: 'text', body: 'x' } }),
      '$.author.id',
    );
    expectInvalid(
      await postMessage(ctx, conversation, {
        author: { role: 'end_user', id: null },
        content: { type: 'text', body: 'x' },
      }),
      '$.author.id',
    );
    expectInvalid(await postMessage(ctx, conversation, endUserText(stranger.end_user_id, 'x')), '$.author.id');
    expectInvalid(await postMessage(ctx, conversation, endUserText('not-an-id', 'x')), '$.author.id');
    expect((await list(conversation)).body.data).toEqual([]);
  });

  it('refuses other roles, other content and out-of-bounds text', async () => {
    const { user, conversation } = await start();
    expectInvalid(
      await postMessage(ctx, conversation, { author: { role: 'ai_agent' }, content: { type: 'text', body: 'x' } }),
      '$.author.role',
    );
    expectInvalid(await postMessage(ctx, conversation, { author: { role: 'end_user', id: user } }), '$.content');
    expectInvalid(await postMessage(ctx, conversation, { content: { type: 'text', body: 'x' } }), '$.author');
    expectInvalid(
      await postMessage(ctx, conversation, { author: { role: 'end_user', id: user }, content: { type: 'text' } }),
      '$.content.body',
    );
    expectInvalid(
      await postMessage(ctx, conversation, {
        author: { role: 'end_user', id: user },
        content: { type: 'text', body: '' },
      }),
      '$.content.body',
    );
    expectInvalid(await postMessage(ctx, conversation, endUserText(user, 'x'.repeat(65_537))), '$.content.body');
    expect((await postMessage(ctx, conversation, endUserText(user, 'x'.repeat(65_536)))).status).toBe(201);
    const file = await postMessage(ctx, conversation, {
      author: { role: 'end_user', id: user },
      content: {
        type: 'file',
        url: 'https://files.example.com/a.pdf',
        mime_type: 'application/pdf',
        filename: 'a.pdf',
      },
    });
    // A file message needs a URL Roster's attachment upload issued for this conversation.
    expect(expectInvalid(file, '$.content.url').message).toContain('/attachments/');
    expectInvalid(
      await postMessage(ctx, conversation, {
        author: { role: 'end_user', id: user },
        content: { type: 'image', body: 'x' },
      }),
      '$.content.type',
    );
  });

  it('answers 422 on an ended conversation and stores nothing', async () => {
    const { user, conversation } = await start();
    expect((await postMessage(ctx, conversation, endUserText(user, 'before'))).status).toBe(201);
    expect((await ctx.request('POST', `${CONVERSATIONS}${conversation}/end/`)).status).toBe(200);
    const error = expectError(await postMessage(ctx, conversation, endUserText(user, 'after')), 422, 'unprocessable');
    expect(error.message).toContain(conversation);
    expect((await list(conversation)).body.data.map((m: any) => m.content.body)).toEqual(['before']);
  });

  it("answers 404 for unknown and other agents' conversations", async () => {
    const { user, conversation } = await start();
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      expectNotFound(await postMessage(ctx, id, endUserText(user, 'x')));
      expectNotFound(await list(id));
    }
    expectNotFound(await postMessage(ctx, conversation, endUserText(user, 'x'), ctx.keyB));
    expectNotFound(await list(conversation, '', ctx.keyB));
  });

  it('lists messages oldest first as message logs, paginated with a cursor', async () => {
    const { user, conversation } = await start();
    const posted: any[] = [];
    for (let i = 0; i < 5; i++) {
      const body =
        i === 2
          ? { author: { role: 'human_agent', display_name: 'Sam' }, content: { type: 'text', body: 'm2' } }
          : endUserText(user, `m${i}`);
      posted.push((await postMessage(ctx, conversation, body)).body);
    }
    const all = await list(conversation);
    expect(all.status).toBe(200);
    expect(all.body.meta).toStrictEqual({ next_page_url: null });
    expect(all.body.data.map((m: any) => m.content.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    for (const [i, log] of all.body.data.entries()) {
      expect(Object.keys(log).sort()).toEqual(MESSAGE_LOG_KEYS);
      expect(log).toStrictEqual({
        type: 'message_logs',
        message_id: posted[i].id,
        created_at: posted[i].created_at,
        author: posted[i].author,
        content: posted[i].content,
      });
    }

    const first = await list(conversation, '?limit=2');
    expect(first.body.data.map((m: any) => m.content.body)).toEqual(['m0', 'm1']);
    const next = first.body.meta.next_page_url as string;
    expect(next).toMatch(/^http:\/\/localhost(:\d+)?\//);
    expect(new URL(next).searchParams.get('cursor')).toBe(posted[2].id);
    expect(new URL(next).searchParams.get('limit')).toBe('2');
    const second = await ctx.request('GET', pathOf(next));
    expect(second.body.data.map((m: any) => m.content.body)).toEqual(['m2', 'm3']);
    const third = await ctx.request('GET', pathOf(second.body.meta.next_page_url));
    expect(third.body.data.map((m: any) => m.content.body)).toEqual(['m4']);
    expect(third.body.meta.next_page_url).toBeNull();

    for (const query of ['?limit=0', '?limit=101', '?limit=x'])
      expectInvalid(await list(conversation, query), '$.limit', 'query');
    expectInvalid(await list(conversation, '?cursor=zzz'), '$.cursor', 'query');
  });

  it('pages 100 messages at a time by default', async () => {
    const { user, conversation } = await start();
    for (let i = 0; i < 101; i++)
      expect((await postMessage(ctx, conversation, endUserText(user, `n${i}`))).status).toBe(201);
    const page = await list(conversation);
    expect(page.body.data).toHaveLength(100);
    const rest = await ctx.request('GET', pathOf(page.body.meta.next_page_url));
    expect(rest.body.data.map((m: any) => m.content.body)).toEqual(['n100']);
  });

  it('records v1.conversation.message with the full channel and the channel id as a delivery tag', async () => {
    const { user, conversation } = await start();
    const posted = (await postMessage(ctx, conversation, endUserText(user, 'Where is my order?'))).body;
    const [event] = (await eventsOf(ctx, ctx.agentA, 'v1.conversation.message')).filter(
      (e) => e.payload.data.message_id === posted.id,
    );
    expect(event!.payload).toStrictEqual({
      type: 'v1.conversation.message',
      timestamp: expect.stringMatching(TIME_RE),
      data: {
        message_id: posted.id,
        conversation_id: conversation,
        end_user_id: user,
        handoff_integration: null,
        channel: {
          type: 'custom',
          id: channel.id,
          name: channel.name,
          description: channel.description,
          modality: 'messaging',
          capabilities: { markdown: true },
          metadata: { region: 'eu' },
          created_at: channel.created_at,
        },
        created_at: posted.created_at,
        author: { id: user, role: 'end_user', avatar: null, display_name: null },
        content: { type: 'text', body: 'Where is my order?' },
        ai_agent_domain: 'alpha',
      },
    });
    expect(event!.tags).toEqual([channel.id]);
  });
});

describe.each(ENGINES)('conversation messages of an AI Agent without webhook endpoints (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
  });
  afterAll(async () => ctx?.close());

  it('stores messages with one conditional insert, still refusing an ended conversation', async () => {
    const channel = await newChannel(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id });
    const user = conversation.end_user_id as string;
    const posted = await postMessage(ctx, conversation.id, endUserText(user, 'hello'));
    expect(posted.status, posted.raw).toBe(201);
    expect(Object.keys(posted.body).sort()).toEqual(MESSAGE_KEYS);
    expectInvalid(await postMessage(ctx, conversation.id, endUserText('0123456789abcdef01234567', 'x')), '$.author.id');
    expectNotFound(await postMessage(ctx, conversation.id, endUserText(user, 'x'), ctx.keyB));

    // Ended between the read and the insert: the insert itself refuses.
    const store = ctx.container.modules.conversations.store;
    const ended = { ...(await store.findById(ctx.agentA, conversation.id))!, status: 'ended' as const };
    await store.update(ended, ctx.container.db.root);
    const late = {
      id: '0123456789abcdef01234567',
      agentId: ctx.agentA,
      conversationId: conversation.id,
      author: { role: 'end_user' as const, id: user, displayName: null, avatar: null },
      content: { type: 'text' as const, body: 'too late' },
      createdAt: Date.now(),
    };
    expect(await store.insertMessageIfActive(late)).toBe(false);
    expect(await store.insertMessageIfActive({ ...late, agentId: ctx.agentB })).toBe(false);
    expectError(await postMessage(ctx, conversation.id, endUserText(user, 'after')), 422, 'unprocessable');

    const log = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/messages/`);
    expect(log.body.data.map((m: any) => m.content.body)).toEqual(['hello']);
    expect(await eventsOf(ctx, ctx.agentA)).toEqual([]);
  });
});
