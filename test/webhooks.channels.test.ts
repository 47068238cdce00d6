// The channels filter of webhook endpoints (a Roster extension): the field on create, get, list
// and patch with its rules; live deliveries go to an endpoint with channels only for events tagged
// with one of them (a custom channel's id, a handoff's integration), never for untagged ones;
// replays choose the same way, and a real receiver gets only what its filter lets through; agents
// never see each other's endpoints or events. Both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { CONVERSATIONS, endUserText, newChannel, newConversation, postMessage } from './helpers/conversations.js';
import { expectInvalid, expectNotFound } from './helpers/end-users.js';
import { startReceiver, type Receiver } from './helpers/webhooks.js';
import {
  ALLOW_PRIVATE,
  CREATED,
  HOOKS,
  createHook,
  deliveriesOf,
  expectWebhookShape,
  insertEvent,
  keyed,
  newHook,
  webhookRow,
} from './helpers/webhook-api.js';

const HANDOFF = 'zendesk_chat';
const TURN = 'responder.turn';
const MESSAGE = 'v1.conversation.message';
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(ENGINES)('webhook channels on %s', (engine) => {
  let ctx: TestContext;
  let clock: { advance(ms: number): void };
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-channels-'));
    const script = path.join(dir, 'script.json');
    fs.writeFileSync(
      script,
      JSON.stringify({
        greeting: 'Hello!',
        rules: [{ match: 'a person', reply: 'Connecting you.', handoff: HANDOFF }],
        fallback: 'The AI Agent answers.',
      }),
    );
    ctx = await createTestContext(engine, {
      manualClock: true,
      env: { ROSTER_RESPONDER: 'script', ROSTER_RESPONDER_SCRIPT: script },
    });
    clock = ctx.clock as typeof clock;
  });
  afterAll(async () => {
    await ctx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (id: string, key?: string) => ctx.request('GET', `${HOOKS}${id}`, keyed(key));
  const patch = (id: string, body: unknown, key?: string) =>
    ctx.request('PATCH', `${HOOKS}${id}`, { body, ...keyed(key) });
  const turns = () => ctx.container.jobs.drain(TURN);

  /** What the fan-out queued for an endpoint: the type and subject of each event, oldest first. */
  async function queuedFor(hookId: string) {
    const rows = await ctx.container.db.kysely
      .selectFrom('jobs')
      .innerJoin('events', 'events.id', 'jobs.ref_id')
      .select(['events.id', 'events.type', 'events.payload'])
      .where('jobs.kind', '=', 'webhook.delivery')
      .where('jobs.group_key', '=', hookId)
      .orderBy('events.id')
      .execute();
    return rows.map((r) => {
      const data = (JSON.parse(r.payload) as { data: Record<string, unknown> }).data;
      return { type: r.type, about: (data.conversation_id ?? data.end_user_id) as string };
    });
  }
  const typesFor = async (hookId: string, about: string) =>
    (await queuedFor(hookId)).filter((e) => e.about === about).map((e) => e.type);

  describe('the field', () => {
    it('defaults to [] and is in every answer: create, get, list and patch', async () => {
      const plain = await newHook(ctx);
      expectWebhookShape(plain);
      expect(plain.channels).toEqual([]);
      expect((await webhookRow(ctx, plain.id)).channels).toBe('[]');

      const channel = await newChannel(ctx);
      const res = await createHook(ctx, {
        url: 'https://hooks.example.com/c',
        channels: [channel.id, HANDOFF, channel.id],
      });
      expect(res.status).toBe(201);
      expectWebhookShape(res.body);
      // Repeated values count once, in the order first sent.
      expect(res.body.channels).toEqual([channel.id, HANDOFF]);
      expect(JSON.parse((await webhookRow(ctx, res.body.id)).channels)).toEqual([channel.id, HANDOFF]);
      expect((await get(res.body.id)).body).toStrictEqual(res.body);
      const listed = (await ctx.request('GET', `${HOOKS}?limit=100`)).body.data;
      expect(listed.find((w: any) => w.id === res.body.id)).toStrictEqual(res.body);
      expect(listed.find((w: any) => w.id === plain.id).channels).toEqual([]);
    });

    it('is replaced whole by PATCH, kept when not sent, and moves updated_at only when it changes', async () => {
      const hook = await newHook(ctx, { channels: ['a1', 'b2'] });
      clock.advance(1_000);
      const same = await patch(hook.id, { channels: ['a1', 'b2', 'a1'] });
      expect(same.status).toBe(200);
      expect(same.body).toStrictEqual(hook);

      clock.advance(1_000);
      const replaced = await patch(hook.id, { channels: ['c3'] });
      expect(replaced.status).toBe(200);
      expect(replaced.body.channels).toEqual(['c3']);
      expect(replaced.body.updated_at).not.toBe(hook.updated_at);

      const kept = await patch(hook.id, { description: 'only this' });
      expect(kept.body).toMatchObject({ channels: ['c3'], description: 'only this' });

      const cleared = await patch(hook.id, { channels: [] });
      expect(cleared.body.channels).toEqual([]);
      expect((await get(hook.id)).body).toStrictEqual(cleared.body);
    });

    it('accepts 100 values of 64 characters', async () => {
      const values = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(61)}`);
      const res = await createHook(ctx, { url: 'https://hooks.example.com/x', channels: values });
      expect(res.status).toBe(201);
      expect(res.body.channels).toEqual(values);
    });

    const invalid: Array<[string, unknown]> = [
      ['$.channels', 'abc'],
      ['$.channels', null],
      ['$.channels', Array.from({ length: 101 }, (_, i) => `c${i}`)],
      ['$.channels[0]', ['']],
      ['$.channels[1]', ['ok', 7]],
      ['$.channels[0]', ['x'.repeat(65)]],
      ['$.channels[0]', ['two words']],
      ['$.channels[0]', ['-leading']],
      ['$.channels[1]', ['ok', 'a%']],
    ];

    it.each(invalid)('refuses on create at %s (%j)', async (parameter, value) => {
      expectInvalid(await createHook(ctx, { url: 'https://hooks.example.com/x', channels: value }), parameter);
    });

    it.each(invalid)('refuses on patch at %s (%j) and changes nothing', async (parameter, value) => {
      const hook = await newHook(ctx, { channels: ['kept'] });
      expectInvalid(await patch(hook.id, { description: 'would change', channels: value }), parameter);
      expect((await get(hook.id)).body).toStrictEqual(hook);
    });

    it("keeps agents apart: another agent's endpoint is 404 to read and to patch", async () => {
      const mine = await newHook(ctx, { channels: ['a1'] });
      expectNotFound(await get(mine.id, ctx.keyB));
      expectNotFound(await patch(mine.id, { channels: ['b1'] }, ctx.keyB));
      expect((await get(mine.id)).body).toStrictEqual(mine);
      const theirs = (await ctx.request('GET', `${HOOKS}?limit=100`, { key: ctx.keyB })).body.data;
      expect(theirs.map((w: any) => w.id)).not.toContain(mine.id);
    });
  });

  describe('live deliveries', () => {
    it('sends a channel-filtered endpoint only events tagged with one of its channels', async () => {
      const x = await newChannel(ctx, { name: 'Channel X' });
      const y = await newChannel(ctx, { name: 'Channel Y' });
      const onX = await newHook(ctx, { channels: [x.id] });
      const onY = await newHook(ctx, { channels: [y.id] });
      const onBoth = await newHook(ctx, { channels: [y.id, x.id] });
      const every = await newHook(ctx);
      const handoff = await newHook(ctx, { channels: [HANDOFF] });
      // Event types and channels both apply.
      const messagesOnX = await newHook(ctx, { channels: [x.id], event_filters: [MESSAGE] });

      const inX = await newConversation(ctx, { channel_id: x.id });
      await turns();
      expect((await postMessage(ctx, inX.id, endUserText(inX.end_user_id, 'hi'))).status).toBe(201);
      await turns();
      const inY = await newConversation(ctx, { channel_id: y.id });
      expect((await ctx.request('POST', `${CONVERSATIONS}${inY.id}/end/`)).status).toBe(200);
      // An end user made through the End Users API: an untagged event.
      const user = (await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'chan-1' } })).body;

      const xEvents = ['v1.conversation.created', MESSAGE, MESSAGE, MESSAGE];
      const yEvents = ['v1.conversation.created', 'v1.conversation.ended'];
      expect(await typesFor(onX.id, inX.id)).toEqual(xEvents);
      expect(await typesFor(onX.id, inY.id)).toEqual([]);
      expect(await typesFor(onY.id, inY.id)).toEqual(yEvents);
      expect(await typesFor(onY.id, inX.id)).toEqual([]);
      expect(await typesFor(onBoth.id, inX.id)).toEqual(xEvents);
      expect(await typesFor(onBoth.id, inY.id)).toEqual(yEvents);
      expect(await typesFor(messagesOnX.id, inX.id)).toEqual([MESSAGE, MESSAGE, MESSAGE]);
      // The end users' events carry no tag: only the endpoint without channels gets them.
      for (const hook of [onX, onY, onBoth, handoff, messagesOnX]) {
        expect((await queuedFor(hook.id)).filter((e) => e.type === CREATED)).toEqual([]);
      }
      expect(await typesFor(every.id, user.end_user_id)).toEqual([CREATED]);
      expect(await typesFor(every.id, inX.end_user_id)).toEqual([CREATED]);
      expect(await typesFor(every.id, inX.id)).toEqual(xEvents);
      expect(await typesFor(every.id, inY.id)).toEqual(yEvents);
      // Nothing was in a handoff.
      expect(await queuedFor(handoff.id)).toEqual([]);
    });

    it("matches a handoff's integration name: what happens during the handoff, and its end", async () => {
      const x = await newChannel(ctx, { name: 'Handoff X' });
      const handoff = await newHook(ctx, { channels: [HANDOFF] });
      const otherIntegration = await newHook(ctx, { channels: ['salesforce'] });
      const onX = await newHook(ctx, { channels: [x.id] });

      const conversation = await newConversation(ctx, { channel_id: x.id });
      await turns();
      const ask = endUserText(conversation.end_user_id, 'a person please');
      expect((await postMessage(ctx, conversation.id, ask)).status).toBe(201);
      await turns();
      // Handed off: what follows carries the channel and the integration.
      expect((await postMessage(ctx, conversation.id, endUserText(conversation.end_user_id, 'hello?'))).status).toBe(
        201,
      );
      const human = { author: { role: 'human_agent', display_name: 'Sam' }, content: { type: 'text', body: 'Sam.' } };
      expect((await postMessage(ctx, conversation.id, human)).status).toBe(201);
      expect((await ctx.request('POST', `${CONVERSATIONS}${conversation.id}/end-handoff/`)).status).toBe(200);
      // Back with the AI Agent: the channel only.
      expect((await postMessage(ctx, conversation.id, endUserText(conversation.end_user_id, 'thanks'))).status).toBe(
        201,
      );

      expect(await typesFor(handoff.id, conversation.id)).toEqual([MESSAGE, MESSAGE, 'v1.conversation.handoff.ended']);
      expect(await queuedFor(otherIntegration.id)).toEqual([]);
      // created, greeting, question, announcing reply, two during, handoff ended, thanks.
      expect(await typesFor(onX.id, conversation.id)).toEqual([
        'v1.conversation.created',
        MESSAGE,
        MESSAGE,
        MESSAGE,
        MESSAGE,
        MESSAGE,
        'v1.conversation.handoff.ended',
        MESSAGE,
      ]);
    });

    it("never tags a native channel's events with the channel, whatever records them", async () => {
      const email = (await ctx.request('GET', '/api/v2/channels/?type=native&modality=email')).body.data[0];
      const onEmail = await newHook(ctx, { channels: [email.id] });
      const every = await newHook(ctx);
      const started = await ctx.request('POST', `${CONVERSATIONS}email/`, {
        body: { name: 'Maria', subject: 'Order 42', reply_to: 'maria@example.com' },
      });
      expect(started.status, started.raw).toBe(200);
      const id = started.body.conversation_id;
      await turns(); // the AI Agent's reply
      expect((await ctx.request('POST', `${CONVERSATIONS}${id}/end/`)).status).toBe(200);

      expect(await typesFor(every.id, id)).toEqual([
        'v1.conversation.created',
        MESSAGE,
        MESSAGE,
        'v1.conversation.ended',
      ]);
      expect(await queuedFor(onEmail.id)).toEqual([]);
      const tags = await ctx.container.db.kysely
        .selectFrom('events')
        .select('tags')
        .where('payload', 'like', `%${id}%`)
        .execute();
      expect(tags).toHaveLength(4);
      for (const row of tags) expect(row.tags).toBeNull();
    });

    it("keeps agents apart: an endpoint filtered on another agent's channel gets nothing of it", async () => {
      const x = await newChannel(ctx, { name: 'Tenant X' });
      const mine = await newHook(ctx, { channels: [x.id] });
      const theirs = await newHook(ctx, { channels: [x.id] }, ctx.keyB);
      const theirsAll = await newHook(ctx, {}, ctx.keyB);
      const conversation = await newConversation(ctx, { channel_id: x.id });
      await turns();
      expect(await typesFor(mine.id, conversation.id)).toEqual(['v1.conversation.created', MESSAGE]);
      expect(await queuedFor(theirs.id)).toEqual([]);
      expect(await queuedFor(theirsAll.id)).toEqual([]);
      // Agent B cannot start a conversation on agent A's channel either.
      expectNotFound(await ctx.request('POST', CONVERSATIONS, { body: { channel_id: x.id }, key: ctx.keyB }));
    });
  });

  describe('replay', () => {
    /** An endpoint that has existed since 1970: a replay covers only events since its creation. */
    const oldHook = async (body: Record<string, unknown>, key?: string) => {
      const hook = await newHook(ctx, body, key);
      await ctx.container.db.kysely.updateTable('webhooks').set({ created_at: 0 }).where('id', '=', hook.id).execute();
      return hook;
    };
    const replay = (id: string, body: unknown, key?: string) =>
      ctx.request('POST', `${HOOKS}${id}/replay/`, { body, ...keyed(key) });

    it("queues only the window's events tagged with one of the endpoint's channels", async () => {
      const base = ctx.clock.now() - 36_000_000;
      const ev = {
        x: await insertEvent(ctx, ctx.agentA, MESSAGE, base, ['chanx']),
        xHanded: await insertEvent(ctx, ctx.agentA, MESSAGE, base + 1, ['chanx', HANDOFF]),
        y: await insertEvent(ctx, ctx.agentA, MESSAGE, base + 2, ['chany']),
        yHanded: await insertEvent(ctx, ctx.agentA, MESSAGE, base + 3, ['chany', HANDOFF]),
        untagged: await insertEvent(ctx, ctx.agentA, CREATED, base + 4),
        // Matched exactly: another case, or a LIKE wildcard's match, is another tag.
        upper: await insertEvent(ctx, ctx.agentA, MESSAGE, base + 5, ['CHANX']),
        wildcard: await insertEvent(ctx, ctx.agentA, MESSAGE, base + 6, ['chanXz', 'a1c']),
        // Another agent's event with the same tag.
        foreign: await insertEvent(ctx, ctx.agentB, MESSAGE, base + 7, ['chanx']),
      };
      const onX = await oldHook({ channels: ['chanx', 'a_c'] });
      const handoff = await oldHook({ channels: [HANDOFF] });
      const every = await oldHook({});
      const theirs = await oldHook({ channels: ['chanx'] }, ctx.keyB);
      const window = { since: iso(base), until: iso(base + 7) };

      expect((await replay(onX.id, window)).body).toStrictEqual({ replayed: 2 });
      expect([...(await deliveriesOf(ctx, onX.id)).keys()].sort()).toEqual([ev.x, ev.xHanded].sort());
      expect((await replay(handoff.id, window)).body).toStrictEqual({ replayed: 2 });
      expect([...(await deliveriesOf(ctx, handoff.id)).keys()].sort()).toEqual([ev.xHanded, ev.yHanded].sort());
      expect((await replay(every.id, window)).body).toStrictEqual({ replayed: 7 });
      expect((await deliveriesOf(ctx, every.id)).has(ev.untagged)).toBe(true);
      expect((await deliveriesOf(ctx, every.id)).has(ev.foreign)).toBe(false);
      expect((await replay(theirs.id, window, ctx.keyB)).body).toStrictEqual({ replayed: 1 });
      expect([...(await deliveriesOf(ctx, theirs.id)).keys()]).toEqual([ev.foreign]);
      // Agent B cannot replay agent A's endpoint.
      expectNotFound(await replay(onX.id, window, ctx.keyB));
    });

    it('applies the channels in force when replaying', async () => {
      const base = ctx.clock.now() - 30_000_000;
      const y = await insertEvent(ctx, ctx.agentA, MESSAGE, base, ['later-y']);
      const hook = await oldHook({ channels: ['later-x'] });
      const window = { since: iso(base), until: iso(base) };
      expect((await replay(hook.id, window)).body).toStrictEqual({ replayed: 0 });
      expect((await patch(hook.id, { channels: ['later-y'] })).status).toBe(200);
      expect((await replay(hook.id, window)).body).toStrictEqual({ replayed: 1 });
      expect([...(await deliveriesOf(ctx, hook.id)).keys()]).toEqual([y]);
    });
  });
});

describe.each(ENGINES)('webhook channels, delivered, on %s', (engine) => {
  let ctx: TestContext;
  let onX: Receiver;
  let every: Receiver;

  beforeAll(async () => {
    ctx = await createTestContext(engine, { env: ALLOW_PRIVATE });
    [onX, every] = await Promise.all([startReceiver(), startReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([onX?.close(), every?.close()]);
    await ctx?.close();
  });

  it('POSTs to a channel-filtered endpoint only the events of its channel', async () => {
    const x = await newChannel(ctx, { name: 'Delivered X' });
    const y = await newChannel(ctx, { name: 'Delivered Y' });
    await newHook(ctx, { url: onX.url, channels: [x.id] });
    await newHook(ctx, { url: every.url });
    const inX = await newConversation(ctx, { channel_id: x.id });
    const inY = await newConversation(ctx, { channel_id: y.id });
    const user = (await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'delivered' } })).body;
    await ctx.container.jobs.drain('webhook.delivery');

    expect(onX.deliveries.map((d) => [d.body.type, d.body.data.conversation_id])).toEqual([
      ['v1.conversation.created', inX.id],
    ]);
    // The tags are the delivery layer's: never in the body.
    expect(onX.deliveries[0]!.body).not.toHaveProperty('tags');
    const everything = every.deliveries.map((d) => [
      d.body.type,
      d.body.data.conversation_id ?? d.body.data.end_user_id,
    ]);
    expect(everything).toHaveLength(5);
    expect(everything).toEqual(
      expect.arrayContaining([
        ['v1.conversation.created', inX.id],
        ['v1.conversation.created', inY.id],
        [CREATED, inX.end_user_id],
        [CREATED, inY.end_user_id],
        [CREATED, user.end_user_id],
      ]),
    );
  });
});
