// The custom-channel flow an Ada integrator runs, end to end over a real socket: register a
// webhook, create a channel, an end user and a conversation, receive the AI Agent's greeting and
// replies as signed v1.conversation.message webhooks, end the conversation. The client below
// speaks plain HTTP exactly as it would to Ada; only the base URL and the key differ. Then the
// same with the http responder: a hook of the integrator's own answers for the AI Agent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'svix';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { startReceiver, startWorker, type Delivery, type Receiver } from './helpers/webhooks.js';

const RESPONDER_SECRET = `whsec_${Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 9)).toString('base64')}`;

function client(base: string, key: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Waits until `predicate` holds over the receiver's verified deliveries. */
async function until(
  receiver: Receiver,
  predicate: (deliveries: Delivery[]) => boolean,
  timeoutMs = 10_000,
): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(receiver.deliveries)) {
    if (Date.now() > deadline)
      throw new Error(`timed out; got ${receiver.deliveries.map((d) => d.body?.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return receiver.deliveries;
}

const messagesOf = (deliveries: Delivery[], conversationId: string) =>
  deliveries
    .filter((d) => d.body.type === 'v1.conversation.message' && d.body.data.conversation_id === conversationId)
    .map((d) => d.body.data)
    .sort((a, b) => (a.message_id < b.message_id ? -1 : 1));

describe.each(ENGINES)('the custom-channel flow with the script responder (%s)', (engine) => {
  let ctx: TestContext;
  let receiver: Receiver;
  let worker: ReturnType<typeof startWorker>;
  let base: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
        ROSTER_WEBHOOK_POLL_INTERVAL: '50ms',
        ROSTER_RESPONDER: 'script',
        ROSTER_RESPONDER_SCRIPT: 'examples/responder-script.json',
      },
    });
    worker = startWorker(ctx.container);
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await ctx?.close();
  });

  it('runs the documented flow unchanged', async () => {
    const ada = client(base, ctx.keyA);

    // 1. A webhook endpoint for every event, and its signing secret.
    const hook = await ada('POST', '/api/v2/webhooks/', { url: receiver.url, event_filters: [] });
    expect(hook.status).toBe(201);
    const secret = (await ada('GET', `/api/v2/webhooks/${hook.body.id}/secret/`)).body.key as string;

    // 2. A custom channel.
    const channel = await ada('POST', '/api/v2/channels/', {
      name: 'Support app',
      description: 'Our in-app chat',
      modality: 'messaging',
    });
    expect(channel.status).toBe(201);
    expect(channel.body.type).toBe('custom');

    // 3. The end user, created once (201) and found again (200).
    const profile = {
      first_name: 'Maria',
      language: 'en-US',
      metadata: { tier: 'gold' },
      sensitive_metadata: { fields: { auth_token: 'tok-5ec2et' } },
    };
    const user = await ada('POST', '/api/v2/end-users/', { external_id: 'crm-123', profile });
    expect(user.status).toBe(201);
    expect((await ada('POST', '/api/v2/end-users/', { external_id: 'crm-123', profile })).status).toBe(200);
    const endUserId = user.body.end_user_id as string;

    // 4. The conversation; the AI Agent greets by webhook.
    const started = await ada('POST', '/api/v2/conversations/', {
      channel_id: channel.body.id,
      end_user_id: endUserId,
    });
    expect(started.status).toBe(201);
    const conversationId = started.body.id as string;
    await until(receiver, (d) => messagesOf(d, conversationId).length >= 1);
    const [greeting] = messagesOf(receiver.deliveries, conversationId);
    expect(greeting.author).toStrictEqual({
      id: null,
      role: 'ai_agent',
      avatar: null,
      display_name: 'Roster demo agent',
    });
    expect(greeting.content.body).toMatch(/^Hi! I'm the demo agent/);
    expect(greeting.channel.id).toBe(channel.body.id);

    // 5. The end user writes; the replies arrive by webhook (the end user's own message too).
    const sent = await ada('POST', `/api/v2/conversations/${conversationId}/messages/`, {
      author: { role: 'end_user', id: endUserId },
      content: { type: 'text', body: 'Where is order #42?' },
    });
    expect(sent.status).toBe(201);
    await until(receiver, (d) => messagesOf(d, conversationId).length >= 4);
    const asked = await ada('POST', `/api/v2/conversations/${conversationId}/messages/`, {
      author: { role: 'end_user', id: endUserId },
      content: { type: 'text', body: 'What is my name?' },
    });
    expect(asked.status).toBe(201);
    await until(receiver, (d) => messagesOf(d, conversationId).length >= 6);
    const conversationMessages = messagesOf(receiver.deliveries, conversationId);
    expect(conversationMessages.map((m) => [m.author.role, m.content.body])).toEqual([
      ['ai_agent', greeting.content.body],
      ['end_user', 'Where is order #42?'],
      ['ai_agent', 'Order 42 is on its way.'],
      ['ai_agent', 'Anything else I can help with?'],
      ['end_user', 'What is my name?'],
      ['ai_agent', 'You are Maria, from the Support app channel.'],
    ]);

    // 6. End it: v1.conversation.ended says who ended it.
    const ended = await ada('POST', `/api/v2/conversations/${conversationId}/end/`);
    expect(ended.status).toBe(200);
    const [endedEvent] = await until(receiver, (d) => d.some((x) => x.body.type === 'v1.conversation.ended')).then(
      (d) => d.filter((x) => x.body.type === 'v1.conversation.ended'),
    );
    expect(endedEvent!.body.data).toMatchObject({
      conversation_id: conversationId,
      end_user_id: endUserId,
      ended_by: { role: 'end_user', id: endUserId },
    });

    // Every delivery verifies with the endpoint's secret; the sensitive value is in none.
    const verifier = new Webhook(secret);
    for (const delivery of receiver.deliveries) {
      expect(verifier.verify(delivery.raw, delivery.headers as Record<string, string>)).toEqual(delivery.body);
      expect(delivery.raw).not.toContain('tok-5ec2et');
    }
    const types = receiver.deliveries.map((d) => d.body.type);
    expect(types.filter((t) => t === 'v1.end_user.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'v1.conversation.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'v1.conversation.ended')).toHaveLength(1);

    // The message log holds the same conversation, oldest first.
    const log = await ada('GET', `/api/v2/conversations/${conversationId}/messages/`);
    expect(log.body.data.map((m: any) => m.message_id)).toEqual(conversationMessages.map((m) => m.message_id));
  });
});

interface HookCall {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** The integrator's AI Agent: answers each turn as `answer` says. */
async function startHook(answer: (body: any) => { status: number; body?: unknown; delayMs?: number }) {
  const calls: HookCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw);
      calls.push({ headers: req.headers, raw, body });
      const { status, body: out, delayMs } = answer(body);
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(out === undefined ? '' : JSON.stringify(out));
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(ENGINES)('the http responder (%s)', (engine) => {
  let ctx: TestContext;
  let hook: Awaited<ReturnType<typeof startHook>>;
  let mode: 'echo' | 'fail' | 'slow' = 'echo';

  beforeAll(async () => {
    hook = await startHook((body) => {
      if (body.type === 'conversation.created') return { status: 204 };
      if (mode === 'fail') return { status: 500, body: { error: 'down' } };
      const reply = {
        replies: [{ content: { type: 'text', body: `echo: ${body.message.content.body}` }, display_name: 'Echo' }],
      };
      return mode === 'slow' ? { status: 200, body: reply, delayMs: 300 } : { status: 200, body: reply };
    });
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_RESPONDER: 'http',
        ROSTER_RESPONDER_URL: hook.url,
        ROSTER_RESPONDER_SECRET: RESPONDER_SECRET,
        ROSTER_RESPONDER_SENSITIVE: 'on',
      },
    });
    await ctx.container.jobs.start();
  });
  afterAll(async () => {
    await ctx?.close();
    await hook?.close();
  });

  /** Waits until every queued turn has been answered (or has failed). */
  const idle = () => ctx.container.jobs.drain();
  const failedTurns = async () =>
    (await ctx.container.jobs.store.counts(ctx.clock.now())).find((c) => c.kind === 'responder.turn')?.dead ?? 0;

  async function start() {
    const channel = await ctx.request('POST', '/api/v2/channels/', {
      body: { name: 'Widget', description: '', modality: 'messaging' },
    });
    const user = await ctx.request('POST', '/api/v2/end-users/', {
      body: { profile: { sensitive_metadata: { fields: { auth_token: 'tok-h77p' } } } },
    });
    const conversation = await ctx.request('POST', '/api/v2/conversations/', {
      body: { channel_id: channel.body.id, end_user_id: user.body.end_user_id },
    });
    expect(conversation.status).toBe(201);
    return {
      conversationId: conversation.body.id as string,
      endUserId: user.body.end_user_id as string,
      channelId: channel.body.id as string,
    };
  }
  const say = (conversationId: string, endUserId: string, text: string) =>
    ctx.request('POST', `/api/v2/conversations/${conversationId}/messages/`, {
      body: { author: { role: 'end_user', id: endUserId }, content: { type: 'text', body: text } },
    });
  const log = async (conversationId: string) =>
    (await ctx.request('GET', `/api/v2/conversations/${conversationId}/messages/`)).body.data.map((m: any) => [
      m.author.role,
      m.content.body,
      m.author.display_name,
    ]);

  it("posts the hook's replies as the AI Agent, after signed requests carrying the turn", async () => {
    mode = 'echo';
    const { conversationId, endUserId, channelId } = await start();
    const sent = await say(conversationId, endUserId, 'ping');
    expect(sent.status).toBe(201);
    await idle();
    expect(await log(conversationId)).toEqual([
      ['end_user', 'ping', null],
      ['ai_agent', 'echo: ping', 'Echo'],
    ]);

    const calls = hook.calls.filter((c) => c.body.conversation.id === conversationId);
    expect(calls.map((c) => c.body.type)).toEqual(['conversation.created', 'conversation.message']);
    const turn = calls[1]!;
    expect(new Webhook(RESPONDER_SECRET).verify(turn.raw, turn.headers as Record<string, string>)).toEqual(turn.body);
    expect(turn.headers['idempotency-key']).toBe(sent.body.id);
    expect(turn.body).toMatchObject({
      turn_id: sent.body.id,
      ai_agent: { id: ctx.agentA, handle: 'alpha' },
      conversation: { id: conversationId, end_user_id: endUserId, status: 'active' },
      channel: { id: channelId, type: 'custom' },
      end_user: { end_user_id: endUserId, sensitive_metadata: { auth_token: 'tok-h77p' } },
      message: { id: sent.body.id, content: { type: 'text', body: 'ping' } },
    });
  });

  it('posts nothing when the hook keeps failing; the message itself stands', async () => {
    mode = 'fail';
    const { conversationId, endUserId } = await start();
    const failuresBefore = await failedTurns();
    expect((await say(conversationId, endUserId, 'anyone?')).status).toBe(201);
    await idle();
    expect(await log(conversationId)).toEqual([['end_user', 'anyone?', null]]);
    expect(await failedTurns()).toBe(failuresBefore + 1);
    // Retried before giving up.
    expect(
      hook.calls.filter((c) => c.body.conversation.id === conversationId && c.body.type === 'conversation.message'),
    ).toHaveLength(3);
  });

  it('drops a reply that is ready only after the conversation ended', async () => {
    mode = 'slow';
    const { conversationId, endUserId } = await start();
    expect((await say(conversationId, endUserId, 'last words')).status).toBe(201);
    expect((await ctx.request('POST', `/api/v2/conversations/${conversationId}/end/`)).status).toBe(200);
    await idle();
    expect(await log(conversationId)).toEqual([['end_user', 'last words', null]]);
  });
});
