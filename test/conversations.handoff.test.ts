// Human handoff: a responder hands a conversation to a human integration; messages and their
// events then carry the integration, the AI Agent stays silent, and POST .../end-handoff/ gives
// the conversation back with v1.conversation.handoff.ended (422 when there is no active handoff).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, expectError, type TestContext } from './helpers/harness.js';
import {
  CONVERSATIONS,
  endUserText,
  eventsOf,
  newChannel,
  newConversation,
  postMessage,
  subscribe,
} from './helpers/conversations.js';

const HANDED = 'Connecting you with a person now.';
const TURN = 'responder.turn';
const BAD_IDS = ['0123456789abcdef0123456', 'not-an-id', 'ffffffffffffffffffffffff'];

describe.each(ENGINES)('human handoff on %s', (engine) => {
  let ctx: TestContext;
  let dir: string;
  let channel: any;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-handoff-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(
      script,
      JSON.stringify({
        greeting: 'Hello!',
        rules: [{ match: 'a person', reply: HANDED, handoff: 'zendesk_chat' }],
        fallback: 'The AI Agent answers.',
      }),
    );
    ctx = await createTestContext(engine, {
      env: { ROSTER_RESPONDER: 'script', ROSTER_RESPONDER_SCRIPT: script },
    });
    await subscribe(ctx);
    await subscribe(ctx, ctx.keyB);
    channel = await newChannel(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const turns = () => ctx.container.jobs.drain(TURN);
  const endHandoff = (id: string, key?: string) =>
    ctx.request('POST', `${CONVERSATIONS}${id}/end-handoff/`, key ? { key } : {});
  const log = async (id: string) => (await ctx.request('GET', `${CONVERSATIONS}${id}/messages/`)).body.data;
  const messageEvents = async (id: string) =>
    (await eventsOf(ctx, ctx.agentA, 'v1.conversation.message')).filter((e) => e.payload.data.conversation_id === id);

  /** A conversation the responder has handed to zendesk_chat. */
  async function handedOff() {
    const conversation = await newConversation(ctx, { channel_id: channel.id });
    await turns();
    expect(
      (await postMessage(ctx, conversation.id, endUserText(conversation.end_user_id, 'a person please'))).status,
    ).toBe(201);
    await turns();
    return conversation;
  }

  it('hands the conversation over after the reply that announces it, and tags what follows', async () => {
    const conversation = await handedOff();
    const replies = (await log(conversation.id)).map((m: any) => m.content.body);
    expect(replies).toEqual(['Hello!', 'a person please', HANDED]);
    // The announcing reply and what came before still belong to the AI Agent.
    for (const event of await messageEvents(conversation.id)) {
      expect(event.payload.data.handoff_integration).toBeNull();
      expect(event.tags).toEqual([channel.id]);
    }

    // During the handoff the end user's messages reach the integration, not the AI Agent.
    const asked = await postMessage(ctx, conversation.id, endUserText(conversation.end_user_id, 'hello?'));
    expect(asked.status).toBe(201);
    const human = await postMessage(ctx, conversation.id, {
      author: { role: 'human_agent', display_name: 'Sam' },
      content: { type: 'text', body: 'Sam here.' },
    });
    expect(human.status).toBe(201);
    await turns();
    expect((await log(conversation.id)).map((m: any) => m.content.body)).toEqual([
      'Hello!',
      'a person please',
      HANDED,
      'hello?',
      'Sam here.',
    ]);
    const during = (await messageEvents(conversation.id)).slice(3);
    expect(during.map((e) => e.payload.data.handoff_integration)).toEqual(['zendesk_chat', 'zendesk_chat']);
    for (const event of during) expect(event.tags).toEqual([channel.id, 'zendesk_chat']);
  });

  it('ends the handoff with 200 and v1.conversation.handoff.ended; the AI Agent answers again', async () => {
    const conversation = await handedOff();
    const res = await endHandoff(conversation.id);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['message']);
    expect(res.body.message).toMatch(/handoff has ended/);

    const ended = (await eventsOf(ctx, ctx.agentA, 'v1.conversation.handoff.ended')).filter(
      (e) => e.payload.data.conversation_id === conversation.id,
    );
    expect(ended).toHaveLength(1);
    expect(ended[0]!.payload.type).toBe('v1.conversation.handoff.ended');
    expect(ended[0]!.payload.data).toEqual({
      conversation_id: conversation.id,
      end_user_id: conversation.end_user_id,
      handoff_integration: 'zendesk_chat',
      ai_agent_domain: 'alpha',
    });
    expect(ended[0]!.tags).toEqual([channel.id, 'zendesk_chat']);

    // The conversation itself is untouched.
    const got = await ctx.request('GET', `${CONVERSATIONS}${conversation.id}/`);
    expect(got.body.status).toBe('active');
    expect(got.body.updated_at).toBe(conversation.updated_at);

    expect((await postMessage(ctx, conversation.id, endUserText(conversation.end_user_id, 'thanks'))).status).toBe(201);
    await turns();
    expect((await log(conversation.id)).at(-1).content.body).toBe('The AI Agent answers.');
    const last = (await messageEvents(conversation.id)).at(-1)!;
    expect(last.payload.data.handoff_integration).toBeNull();
    expect(last.tags).toEqual([channel.id]);

    // A second end-handoff finds no handoff.
    const again = expectError(await endHandoff(conversation.id), 422, 'unprocessable');
    expect(again.message).toContain('not in an active handoff');
    expect(
      (await eventsOf(ctx, ctx.agentA, 'v1.conversation.handoff.ended')).filter(
        (e) => e.payload.data.conversation_id === conversation.id,
      ),
    ).toHaveLength(1);
  });

  it('answers 422 for a conversation that was never handed off, and for an ended one', async () => {
    const fresh = await newConversation(ctx, { channel_id: channel.id });
    expect(expectError(await endHandoff(fresh.id), 422, 'unprocessable').message).toContain(fresh.id);

    const handed = await handedOff();
    expect((await ctx.request('POST', `${CONVERSATIONS}${handed.id}/end/`)).status).toBe(200);
    expect(expectError(await endHandoff(handed.id), 422, 'unprocessable').message).toContain('has ended');
  });

  it('takes no body, an empty JSON body or {}', async () => {
    for (const options of [{}, { payload: '', headers: { 'content-type': 'application/json' } }, { body: {} }]) {
      const conversation = await handedOff();
      const res = await ctx.request('POST', `${CONVERSATIONS}${conversation.id}/end-handoff`, options);
      expect(res.status, res.raw).toBe(200);
    }
  });

  it("answers 404 for unknown and malformed ids and for another agent's conversation", async () => {
    for (const id of BAD_IDS) expectError(await endHandoff(id), 404, 'not_found');
    const conversation = await handedOff();
    const foreign = expectError(await endHandoff(conversation.id, ctx.keyB), 404, 'not_found');
    const missing = expectError(await endHandoff('ffffffffffffffffffffffff', ctx.keyB), 404, 'not_found');
    expect(foreign.message.replace(conversation.id, 'X')).toBe(
      missing.message.replace('ffffffffffffffffffffffff', 'X'),
    );
    // Still handed off: the foreign call changed nothing.
    expect((await endHandoff(conversation.id)).status).toBe(200);
    expect(await eventsOf(ctx, ctx.agentB, 'v1.conversation.handoff.ended')).toHaveLength(0);
  });

  it('answers 401 without a key', async () => {
    expectError(
      await ctx.request('POST', `${CONVERSATIONS}ffffffffffffffffffffffff/end-handoff/`, { key: null }),
      401,
      'unauthorized',
    );
  });
});
