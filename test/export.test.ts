// The Data Export API: GET /api/v2/export/conversations and /messages. Records with every field
// of Ada's, the window rules and their 400s, pages that follow next_page_uri, the sealed cursor,
// paging while messages arrive, tenant isolation and the export rate-limit family.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FAMILY } from '../src/modules/export/manifest.js';
import { newId } from '../src/lib/ids.js';
import { ENGINES, createTestContext, expectError, type ApiResponse, type TestContext } from './helpers/harness.js';
import { expectInvalid, newUser, TIME_RE } from './helpers/end-users.js';
import { endUserText, newChannel, newConversation, postMessage } from './helpers/conversations.js';
import {
  CONVERSATION_RECORD_KEYS,
  EXPORT_CONVERSATIONS,
  EXPORT_MESSAGES,
  MESSAGE_RECORD_KEYS,
  conversationWithMessages,
  qs,
  readAll,
  z,
} from './helpers/export.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(ENGINES)('data export (%s)', (engine) => {
  let ctx: TestContext;
  /** Each test works in its own day, so the windows of one never see the records of another. */
  let day = 0;
  const base = Math.floor((Date.now() - 200 * DAY) / DAY) * DAY;
  function slot() {
    day += 1;
    const start = base + day * DAY;
    ctx.clock.set(start);
    return start;
  }

  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true });
  });
  afterAll(async () => ctx?.close());

  const get = (url: string, key?: string) => ctx.request('GET', url, key ? { key } : {});

  it('exports conversations with every field of the record, derived or empty', async () => {
    const start = slot();
    const { channel, user, conversation } = await conversationWithMessages(ctx, 1);
    ctx.clock.set(start + HOUR);
    const res = await get(`${EXPORT_CONVERSATIONS}${qs({ created_since: z(start) })}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.body).sort()).toEqual(['data', 'meta']);
    expect(res.body.meta).toStrictEqual({ next_page_uri: null });
    expect(res.body.data).toHaveLength(1);
    const record = res.body.data[0];
    expect(Object.keys(record).sort()).toEqual(CONVERSATION_RECORD_KEYS);
    expect(record).toStrictEqual({
      _id: conversation,
      agent_id: [],
      agent_name: [],
      agent_handle_time: null,
      bot_handle_time: null,
      automated_resolution_classification: null,
      automated_resolution_classification_reason: null,
      browser: null,
      browser_version: null,
      device: null,
      chatter_id: user,
      end_user_id: user,
      classifications: [],
      csat: {},
      date_created: expect.stringMatching(TIME_RE),
      date_updated: expect.stringMatching(TIME_RE),
      generated_topic_id: null,
      generated_topic_label: null,
      generated_topic_v2_id: null,
      generated_topic_v2_title: null,
      generated_topic_v2_desc: null,
      generated_topic_v2_parent_id: null,
      inquiry_summary: null,
      is_engaged: false,
      is_escalated: false,
      is_test_user: false,
      language: 'fr',
      last_agent_id: null,
      last_agent_name: null,
      metavariables: { plan: 'gold' },
      oauth_channel: null,
      platform: channel.name,
      record_last_updated: record.date_updated,
      used_articles: [],
      used_coaching: [],
      used_playbooks: [],
      variables: {},
    });
    expect(record.date_created).toBe(new Date(start).toISOString().replace('Z', '+00:00'));
    // The path with a trailing slash answers the same.
    expect((await get(`${EXPORT_CONVERSATIONS}/${qs({ created_since: z(start) })}`)).body).toStrictEqual(res.body);
  });

  it("exports messages: sender and recipient by role, message_data from the content, in_response_to for the AI Agent's replies", async () => {
    const start = slot();
    const { user, conversation, messages } = await conversationWithMessages(ctx, 1);
    ctx.clock.advance(1_000);
    const link = await postMessage(ctx, conversation, {
      author: { role: 'human_agent', display_name: 'Sam' },
      content: { type: 'text', body: 'Let me check' },
    });
    expect(link.status, link.raw).toBe(201);
    ctx.clock.advance(1_000);
    // An AI Agent reply, as the responder's turn stores it.
    const replyId = newId(ctx.clock.now());
    const store = ctx.container.modules.conversations.store;
    expect(
      await store.insertMessageIfActive({
        id: replyId,
        agentId: ctx.agentA,
        conversationId: conversation,
        author: { role: 'ai_agent', id: null, displayName: 'Ada', avatar: null },
        content: { type: 'link', url: 'https://help.example.com/a', link_text: 'Article' },
        createdAt: ctx.clock.now(),
      }),
    ).toBe(true);
    ctx.clock.set(start + HOUR);
    const res = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start), created_to: z(start + HOUR) })}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.meta).toStrictEqual({ next_page_uri: null });
    const [fromUser, fromAgent, fromBot] = res.body.data;
    for (const record of res.body.data) expect(Object.keys(record).sort()).toEqual(MESSAGE_RECORD_KEYS);
    expect(fromUser).toStrictEqual({
      _id: messages[0],
      answer_id: null,
      answer_title: null,
      chatter_id: user,
      conversation_id: conversation,
      date_created: expect.stringMatching(TIME_RE),
      link_was_clicked: null,
      message_data: { _type: 'text', body: 'message 0' },
      recipient: 'bot',
      sender: user,
      record_last_updated: fromUser.date_created,
      review: null,
      in_response_to: null,
    });
    expect(fromAgent).toMatchObject({
      _id: link.body.id,
      sender: 'agent',
      recipient: user,
      chatter_id: user,
      message_data: { _type: 'text', body: 'Let me check' },
      in_response_to: null,
    });
    expect(fromBot).toMatchObject({
      _id: replyId,
      sender: 'bot',
      recipient: user,
      message_data: { _type: 'link', url: 'https://help.example.com/a', link_text: 'Article' },
      in_response_to: messages[0],
    });
    // The message answered lies before the window: it is looked up.
    const later = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(ctx.clock.now() - HOUR + 1_500) })}`);
    expect(later.body.data.map((m: any) => [m._id, m.in_response_to])).toEqual([[replyId, messages[0]]]);
    // A greeting answers nothing; the reply after the end user's first message answers it.
    const greeted = await conversationWithMessages(ctx, 0);
    const greeting = newId(ctx.clock.now());
    const reply = (id: string) => ({
      id,
      agentId: ctx.agentA,
      conversationId: greeted.conversation,
      author: { role: 'ai_agent' as const, id: null, displayName: null, avatar: null },
      content: { type: 'text' as const, body: 'Hello!' },
      createdAt: ctx.clock.now(),
    });
    await store.insertMessageIfActive(reply(greeting));
    ctx.clock.advance(1_000);
    const asked = await postMessage(ctx, greeted.conversation, endUserText(greeted.user, 'Where is my order?'));
    ctx.clock.advance(1_000);
    const answer = newId(ctx.clock.now());
    await store.insertMessageIfActive(reply(answer));
    ctx.clock.advance(HOUR);
    const greetedPage = await get(
      `${EXPORT_MESSAGES}${qs({ created_since: z(start), conversation_id: greeted.conversation })}`,
    );
    expect(greetedPage.body.data.map((m: any) => [m._id, m.in_response_to])).toEqual([
      [greeting, null],
      [asked.body.id, null],
      [answer, asked.body.id],
    ]);

    // One conversation's messages only.
    const other = await conversationWithMessages(ctx, 2);
    ctx.clock.advance(HOUR);
    const filtered = await get(
      `${EXPORT_MESSAGES}${qs({ created_since: z(start), conversation_id: other.conversation })}`,
    );
    expect(filtered.body.data.map((m: any) => m._id)).toEqual(other.messages);
    const upper = await get(
      `${EXPORT_MESSAGES}${qs({ created_since: z(start), conversation_id: other.conversation.toUpperCase() })}`,
    );
    expect(upper.body.data.map((m: any) => m._id)).toEqual(other.messages);
  });

  it('takes since inclusively and to exclusively, and defaults *_to to 7 days after *_since', async () => {
    const start = slot();
    const channel = await newChannel(ctx);
    const user = await newUser(ctx);
    const at = async (ms: number) => {
      ctx.clock.set(ms);
      return (await newConversation(ctx, { channel_id: channel.id, end_user_id: user.end_user_id })).id as string;
    };
    const first = await at(start);
    const inside = await at(start + 7 * DAY - 1);
    const last = await at(start + 7 * DAY);
    ctx.clock.set(start + 8 * DAY);
    const ids = async (query: Record<string, string>) =>
      (await get(`${EXPORT_CONVERSATIONS}${qs(query)}`)).body.data.map((c: any) => c._id);
    expect(await ids({ created_since: z(start) })).toEqual([first, inside]);
    expect(await ids({ created_since: z(start + 1) })).toEqual([inside, last]);
    expect(await ids({ created_since: z(start + 7 * DAY + 1) })).toEqual([]);
    expect(await ids({ created_since: z(start), created_to: z(start + 7 * DAY - 1) })).toEqual([first]);
    day += 8;
  });

  it('exports conversations by their last update with updated_since', async () => {
    const start = slot();
    const { conversation } = await conversationWithMessages(ctx, 0);
    const { conversation: untouched } = await conversationWithMessages(ctx, 0);
    ctx.clock.set(start + 2 * HOUR);
    const patched = await ctx.request('PATCH', `/api/v2/conversations/${conversation}/`, {
      body: { metadata: { stage: 'won' } },
    });
    expect(patched.status, patched.raw).toBe(200);
    ctx.clock.set(start + 3 * HOUR);
    const window = { updated_since: z(start + HOUR), updated_to: z(start + 3 * HOUR) };
    const res = await get(`${EXPORT_CONVERSATIONS}${qs(window)}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body.data.map((c: any) => c._id)).toEqual([conversation]);
    expect(res.body.data[0].date_updated).toBe(new Date(start + 2 * HOUR).toISOString().replace('Z', '+00:00'));
    expect(res.body.data[0].metavariables).toStrictEqual({ plan: 'gold', stage: 'won' });
    const created = await get(`${EXPORT_CONVERSATIONS}${qs({ created_since: z(start) })}`);
    expect(created.body.data.map((c: any) => c._id)).toEqual([conversation, untouched]);
  });

  it('answers 400 naming the parameter for every broken window rule', async () => {
    const now = slot() + HOUR;
    ctx.clock.set(now);
    const since = z(now - DAY);
    const invalid = async (url: string, parameter: string) => expectInvalid(await get(url), parameter, 'query');
    await invalid(EXPORT_MESSAGES, '$.created_since');
    await invalid(EXPORT_CONVERSATIONS, '$.created_since');
    await invalid(`${EXPORT_CONVERSATIONS}${qs({ created_since: since, updated_since: since })}`, '$.updated_since');
    await invalid(`${EXPORT_CONVERSATIONS}${qs({ updated_since: since, created_to: z(now) })}`, '$.created_to');
    await invalid(`${EXPORT_CONVERSATIONS}${qs({ created_since: since, updated_to: z(now) })}`, '$.updated_to');
    for (const bad of [
      '2026-07-01T00:00:00',
      '2026-07-01T00:00:00+00:00',
      '2026-07-01',
      'yesterday',
      '2025-02-29T00:00:00Z',
    ]) {
      await invalid(`${EXPORT_MESSAGES}${qs({ created_since: bad })}`, '$.created_since');
      await invalid(`${EXPORT_MESSAGES}${qs({ created_since: since, created_to: bad })}`, '$.created_to');
    }
    for (const size of [99, 10_001, 0, 'many', 150.5]) {
      await invalid(`${EXPORT_MESSAGES}${qs({ created_since: since, page_size: size })}`, '$.page_size');
    }
    for (const size of [100, 10_000]) {
      expect((await get(`${EXPORT_MESSAGES}${qs({ created_since: since, page_size: size })}`)).status).toBe(200);
    }
    // The window: later than its start, at most 60 days long.
    await invalid(`${EXPORT_MESSAGES}${qs({ created_since: since, created_to: since })}`, '$.created_to');
    const longStart = now - 70 * DAY;
    await invalid(
      `${EXPORT_MESSAGES}${qs({ created_since: z(longStart), created_to: z(longStart + 60 * DAY + 1) })}`,
      '$.created_to',
    );
    const sixty = await get(
      `${EXPORT_MESSAGES}${qs({ created_since: z(longStart), created_to: z(longStart + 60 * DAY) })}`,
    );
    expect(sixty.status, sixty.raw).toBe(200);
    await invalid(
      `${EXPORT_CONVERSATIONS}${qs({ updated_since: z(longStart), updated_to: z(longStart + 61 * DAY) })}`,
      '$.updated_to',
    );
    // History: at most 12 months (365 days) back.
    await invalid(`${EXPORT_MESSAGES}${qs({ created_since: z(now - 365 * DAY - 1) })}`, '$.created_since');
    await invalid(`${EXPORT_CONVERSATIONS}${qs({ updated_since: z(now - 366 * DAY) })}`, '$.updated_since');
    expect((await get(`${EXPORT_MESSAGES}${qs({ created_since: z(now - 365 * DAY) })}`)).status).toBe(200);
    // conversation_id must be an id.
    await invalid(`${EXPORT_MESSAGES}${qs({ created_since: since, conversation_id: 'abc' })}`, '$.conversation_id');
    // The message says what the rule is.
    const error = expectError(
      await get(`${EXPORT_MESSAGES}${qs({ created_since: since, page_size: 5 })}`),
      400,
      'validation_error',
    );
    expect(error.message).toMatch(/page_size/);
  });

  it('pages through next_page_uri: relative, with the window spelt out, nothing lost or repeated', async () => {
    const start = slot();
    const { messages } = await conversationWithMessages(ctx, 250);
    ctx.clock.set(start + HOUR);
    const first = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start), page_size: 100 })}`);
    expect(first.status, first.raw).toBe(200);
    expect(first.body.data).toHaveLength(100);
    const next = new URL(first.body.meta.next_page_uri, 'http://host');
    expect(first.body.meta.next_page_uri.startsWith('/api/v2/export/messages?')).toBe(true);
    expect(next.searchParams.get('created_since')).toBe(z(start));
    expect(next.searchParams.get('created_to')).toBe(z(start + 7 * DAY));
    expect(next.searchParams.get('page_size')).toBe('100');
    expect(next.searchParams.get('cursor')).toBeTruthy();
    const { pages, records } = await readAll(
      ctx,
      `${EXPORT_MESSAGES}${qs({ created_since: z(start), page_size: 100 })}`,
    );
    expect(pages.map((p) => p.body.data.length)).toEqual([100, 100, 50]);
    expect(records.map((r) => r._id)).toEqual(messages);
    // One page of 250 read in several chunks, and a page exactly full ends with null.
    const whole = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start), page_size: 250 })}`);
    expect(whole.body.data.map((r: any) => r._id)).toEqual(messages);
    expect(whole.body.meta.next_page_uri).toBeNull();
    // Exactly a page's worth in the window: the page says it is the last.
    const exact = await get(
      `${EXPORT_MESSAGES}${qs({ created_since: z(start), created_to: z(start + 7 * 101), page_size: 100 })}`,
    );
    expect(exact.body.data.map((r: any) => r._id)).toEqual(messages.slice(0, 100));
    expect(exact.body.meta.next_page_uri).toBeNull();
    const defaults = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start) })}`);
    expect(defaults.body.data).toHaveLength(250);
  });

  it('refuses a tampered, foreign, shifted or stale cursor with a 400', async () => {
    const start = slot();
    await conversationWithMessages(ctx, 101);
    ctx.clock.set(start + HOUR);
    const first = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start), page_size: 100 })}`);
    const next = new URL(first.body.meta.next_page_uri, 'http://host');
    const cursor = next.searchParams.get('cursor') as string;
    const withParams = (change: Record<string, string>) => {
      const url = new URL(next);
      for (const [k, v] of Object.entries(change)) url.searchParams.set(k, v);
      return `${url.pathname}${url.search}`;
    };
    expect((await get(withParams({}))).body.data).toHaveLength(1);
    const tampered = cursor.slice(0, -4) + (cursor.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = expectInvalid(await get(withParams({ cursor: tampered })), '$.cursor', 'query');
    expectInvalid(await get(withParams({ cursor: 'abc' })), '$.cursor', 'query');
    // Another agent's key: the same answer as a cursor never given.
    const foreign = expectInvalid(await get(withParams({}), ctx.keyB), '$.cursor', 'query');
    expect(foreign.message).toBe(refused.message);
    // The window shifted under the cursor.
    expectInvalid(await get(withParams({ page_size: '200' })), '$.cursor', 'query');
    expectInvalid(await get(withParams({ created_to: z(start + 2 * DAY) })), '$.cursor', 'query');
    expectInvalid(await get(withParams({ created_since: z(start + 1) })), '$.cursor', 'query');
    expectInvalid(
      await get(`${EXPORT_CONVERSATIONS}${withParams({}).slice(EXPORT_MESSAGES.length)}`),
      '$.cursor',
      'query',
    );
    // Stale: a day after the page that gave it.
    ctx.clock.set(start + HOUR + DAY + 1);
    const stale = expectInvalid(await get(withParams({})), '$.cursor', 'query');
    expect(stale.message).toMatch(/expired/);
  });

  it('loses and repeats nothing while messages arrive during the paging; the rest follows from Roster-Export-Until', async () => {
    const start = slot();
    const { user, conversation, messages } = await conversationWithMessages(ctx, 300);
    // The window runs into the future: new messages belong to it too.
    ctx.clock.set(start + HOUR);
    const added: string[] = [];
    const addSome = async (n: number) => {
      const posted = await Promise.all(
        Array.from({ length: n }, (_, i) => postMessage(ctx, conversation, endUserText(user, `late ${i}`))),
      );
      for (const res of posted) {
        expect(res.status, res.raw).toBe(201);
        added.push(res.body.id);
      }
    };
    const seen: string[] = [];
    let next: string | null = `${EXPORT_MESSAGES}${qs({ created_since: z(start), page_size: 100 })}`;
    let until: string | undefined;
    while (next) {
      // Pages and writes at the same time, the clock moving on between pages.
      const [res]: [ApiResponse, void] = await Promise.all([get(next), addSome(5)]);
      expect(res.status, res.raw).toBe(200);
      until ??= res.headers['roster-export-until'] as string;
      expect(res.headers['roster-export-until']).toBe(until);
      seen.push(...res.body.data.map((m: any) => m._id));
      next = res.body.meta.next_page_uri;
      ctx.clock.advance(2_000);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(messages);
    // The messages that arrived while paging are the next window's, from where this one stopped.
    expect(until).toBe(new Date(start + HOUR - 5_000).toISOString().replace('Z', '+00:00'));
    ctx.clock.advance(10_000);
    const rest = await readAll(
      ctx,
      `${EXPORT_MESSAGES}${qs({ created_since: new Date(until as string).toISOString(), page_size: 100 })}`,
    );
    expect(rest.records.map((r) => r._id).sort()).toEqual([...added].sort());
  });

  it("keeps agents apart: another agent's key sees none of the records, and a foreign conversation_id is an empty page", async () => {
    const start = slot();
    const { conversation } = await conversationWithMessages(ctx, 2);
    ctx.clock.set(start + HOUR);
    const window = { created_since: z(start) };
    expect((await get(`${EXPORT_MESSAGES}${qs(window)}`)).body.data).toHaveLength(2);
    const theirs = await get(`${EXPORT_MESSAGES}${qs(window)}`, ctx.keyB);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toStrictEqual({ data: [], meta: { next_page_uri: null } });
    expect((await get(`${EXPORT_CONVERSATIONS}${qs(window)}`, ctx.keyB)).body.data).toEqual([]);
    const foreign = await get(`${EXPORT_MESSAGES}${qs({ ...window, conversation_id: conversation })}`, ctx.keyB);
    const unknown = await get(`${EXPORT_MESSAGES}${qs({ ...window, conversation_id: newId() })}`, ctx.keyB);
    expect(foreign.status).toBe(200);
    expect(foreign.raw).toBe(unknown.raw);
  });

  it('serves the legacy v1.4 paths: {message, data, next_page_uri}, the same records, errors as {message}', async () => {
    const start = slot();
    const { messages, conversation } = await conversationWithMessages(ctx, 150);
    ctx.clock.set(start + HOUR);
    const window = { created_since: z(start), page_size: 100 };
    const first = await get(`/data_api/v1.4/messages${qs(window)}`);
    expect(first.status, first.raw).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['data', 'message', 'next_page_uri']);
    expect(first.body.message).toBe('OK');
    expect(first.body.next_page_uri.startsWith('/data_api/v1.4/messages?')).toBe(true);
    const v2 = await get(`${EXPORT_MESSAGES}${qs(window)}`);
    expect(first.body.data).toStrictEqual(v2.body.data);
    const { records } = await readAll(ctx, `/data_api/v1.4/messages${qs(window)}`, undefined, true);
    expect(records.map((r) => r._id)).toEqual(messages);
    const conversations = await get(`/data_api/v1.4/conversations${qs({ created_since: z(start) })}`);
    expect(conversations.body).toMatchObject({ message: 'OK', next_page_uri: null });
    expect(conversations.body.data.map((c: any) => c._id)).toEqual([conversation]);
    // Errors carry a message and nothing else.
    for (const url of [
      '/data_api/v1.4/messages',
      `/data_api/v1.4/messages${qs({ created_since: z(start), page_size: 50 })}`,
      `/data_api/v1.4/conversations${qs({ created_since: z(start), created_to: z(start + 61 * DAY) })}`,
      `/data_api/v1.4/messages${qs({ created_since: z(start), cursor: 'v1.nope' })}`,
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(res.body).toStrictEqual({ message: expect.any(String) });
    }
    const unauthorized = await ctx.request('GET', `/data_api/v1.4/messages${qs(window)}`, { key: null });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toStrictEqual({ message: expect.any(String) });
    expect(unauthorized.headers['www-authenticate']).toBe('Bearer');
    // Another agent sees nothing on the legacy paths either.
    expect((await get(`/data_api/v1.4/messages${qs(window)}`, ctx.keyB)).body).toStrictEqual({
      message: 'OK',
      data: [],
      next_page_uri: null,
    });
  });

  it("never exports an erased end user's conversations or messages", async () => {
    const start = slot();
    const erased = await conversationWithMessages(ctx, 3);
    const kept = await conversationWithMessages(ctx, 2);
    ctx.clock.set(start + HOUR);
    const window = qs({ created_since: z(start), created_to: z(start + 2 * HOUR) });
    const ids = async (url: string) => (await readAll(ctx, url)).records.map((r: { _id: string }) => r._id);
    expect(await ids(`${EXPORT_MESSAGES}${window}`)).toHaveLength(5);

    const submitted = await ctx.request('POST', '/api/v2/end-users/delete', {
      body: { identifiers: [{ type: 'end_user_id', value: erased.user }], client_reference: `export-${engine}` },
    });
    expect(submitted.status, submitted.raw).toBe(202);
    await ctx.container.jobs.drain('compliance.erasure');
    const job = await ctx.request('GET', `/api/v2/jobs/${submitted.body.job_id}`);
    expect(job.body.status).toBe('completed');

    expect(await ids(`${EXPORT_CONVERSATIONS}${window}`)).toEqual([kept.conversation]);
    expect((await ids(`${EXPORT_MESSAGES}${window}`)).sort()).toEqual([...kept.messages].sort());
    const legacy = await readAll(ctx, `/data_api/v1.4/messages${window}`, undefined, true);
    expect(legacy.records.map((r: { chatter_id: string }) => r.chatter_id)).not.toContain(erased.user);
  });

  it('answers 404 for a path under /api/v2/export that is no export', async () => {
    for (const path of ['/api/v2/export/chatters', '/api/v2/export/', '/data_api/v1.4/chatters']) {
      expectError(await get(`${path}${qs({ created_since: z(slot()) })}`), 404, 'not_found');
    }
  });

  it('answers 401 without a valid key', async () => {
    const res = await ctx.request('GET', `${EXPORT_MESSAGES}${qs({ created_since: z(slot()) })}`, { key: null });
    expectError(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expectError(await ctx.request('GET', EXPORT_CONVERSATIONS, { key: 'nope' }), 401, 'unauthorized');
  });

  it('streams a page of 10,000 records as one valid JSON document', async () => {
    const start = slot();
    const { conversation } = await conversationWithMessages(ctx, 0);
    // Rows written straight to the table: ten thousand messages through the API would take too long here.
    const rows = Array.from({ length: 10_001 }, (_, i) => ({
      id: newId(start + i),
      agent_id: ctx.agentA,
      conversation_id: conversation,
      author_role: 'end_user' as const,
      author_id: null,
      author_display_name: null,
      author_avatar: null,
      content: JSON.stringify({ type: 'text', body: `bulk ${i}` }),
      created_at: start + i,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await ctx.container.db.kysely
        .insertInto('messages')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    ctx.clock.set(start + HOUR);
    const res = await get(`${EXPORT_MESSAGES}${qs({ created_since: z(start) })}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(10_000);
    expect(res.body.data[9_999].message_data).toStrictEqual({ _type: 'text', body: 'bulk 9999' });
    const last = await get(res.body.meta.next_page_uri);
    expect(last.body.data.map((m: any) => m._id)).toEqual([rows[10_000]!.id]);
  });
});

describe.each(ENGINES)('data export rate limits (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine, { manualClock: true, env: { ROSTER_RATE_LIMITS: 'on' } });
  });
  afterAll(async () => ctx?.close());

  it('counts both exports and the legacy paths in one family of 10 a second and 15,000 a day', async () => {
    expect(EXPORT_FAMILY.windows).toStrictEqual([
      { points: 10, durationMs: 1_000 },
      { points: 15_000, durationMs: 86_400_000 },
    ]);
    const query = qs({ created_since: z(ctx.clock.now() - DAY) });
    const urls = [EXPORT_MESSAGES, EXPORT_CONVERSATIONS, '/data_api/v1.4/messages'];
    for (let i = 0; i < 10; i++) {
      const res = await ctx.request('GET', `${urls[i % 3]}${query}`);
      expect(res.status, res.raw).toBe(200);
      expect(res.headers['ratelimit-policy']).toBe('"export-1s";q=10;w=1');
    }
    const limited = await ctx.request('GET', `${EXPORT_CONVERSATIONS}${query}`);
    expectError(limited, 429, 'rate_limited');
    expect(limited.headers['retry-after']).toBe('1');
    const legacy = await ctx.request('GET', `/data_api/v1.4/conversations${query}`);
    expect(legacy.status).toBe(429);
    expect(legacy.body).toStrictEqual({ message: expect.any(String) });
    // Other families are not spent by the exports.
    expect((await ctx.request('GET', '/api/v2/webhooks/')).status).toBe(200);
    ctx.clock.advance(1_000);
    const again = await ctx.request('GET', `${EXPORT_MESSAGES}${query}`);
    expect(again.status).toBe(200);
    // The day window is under the second one: 15,000 less the 13 requests counted so far.
    ctx.clock.advance(1_000);
    for (let i = 0; i < 9; i++) await ctx.request('GET', `${EXPORT_MESSAGES}${query}`);
    const tenth = await ctx.request('GET', `${EXPORT_MESSAGES}${query}`);
    expect(tenth.headers['ratelimit']).toBe('"export-1s";r=0;t=1');
  });
});
