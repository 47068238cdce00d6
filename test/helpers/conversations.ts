// Shared builders and assertions for the Conversations API suites: channels, conversations,
// messages, and the events they record.
import { expect } from 'vitest';
import type { ApiResponse, TestContext } from './harness.js';
import { ID_RE, TIME_RE } from './end-users.js';

export const CHANNELS = '/api/v2/channels/';
export const CONVERSATIONS = '/api/v2/conversations/';
export const CONVERSATION_KEYS = ['channel_id', 'created_at', 'end_user_id', 'id', 'metadata', 'status', 'updated_at'];
export const MESSAGE_KEYS = ['author', 'content', 'conversation_id', 'created_at', 'id', 'updated_at'];
export const MESSAGE_LOG_KEYS = ['author', 'content', 'created_at', 'message_id', 'type'];
export const AUTHOR_KEYS = ['avatar', 'display_name', 'id', 'role'];

const keyed = (key?: string) => (key ? { key } : {});

/** A valid custom channel body; tests spread their changes over it. */
export const CHANNEL_BODY = { name: 'Support app', description: 'In-app support', modality: 'messaging' };

export async function newChannel(ctx: TestContext, body: Record<string, unknown> = {}, key?: string): Promise<any> {
  const res = await ctx.request('POST', CHANNELS, { body: { ...CHANNEL_BODY, ...body }, ...keyed(key) });
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
  return res.body;
}

export function createConversation(ctx: TestContext, body: unknown, key?: string): Promise<ApiResponse> {
  return ctx.request('POST', CONVERSATIONS, { body, ...keyed(key) });
}

export async function newConversation(ctx: TestContext, body: Record<string, unknown>, key?: string): Promise<any> {
  const res = await createConversation(ctx, body, key);
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
  return res.body;
}

export function postMessage(
  ctx: TestContext,
  conversationId: string,
  body: unknown,
  key?: string,
): Promise<ApiResponse> {
  return ctx.request('POST', `${CONVERSATIONS}${conversationId}/messages/`, { body, ...keyed(key) });
}

export function endUserText(endUserId: string, text: string) {
  return { author: { role: 'end_user', id: endUserId }, content: { type: 'text', body: text } };
}

export function expectConversationShape(conversation: any): void {
  expect(Object.keys(conversation).sort()).toEqual(CONVERSATION_KEYS);
  expect(conversation.id).toMatch(ID_RE);
  expect(conversation.channel_id).toMatch(ID_RE);
  expect(conversation.end_user_id).toMatch(ID_RE);
  expect(['active', 'ended']).toContain(conversation.status);
  expect(conversation.created_at).toMatch(TIME_RE);
  expect(conversation.updated_at).toMatch(TIME_RE);
  expect(conversation.metadata).toBeTypeOf('object');
}

/** An endpoint subscribed to every event, so that the agent's events are recorded. */
export async function subscribe(ctx: TestContext, key?: string): Promise<string> {
  const res = await ctx.request('POST', '/api/v2/webhooks/', {
    body: { url: 'https://hooks.example.com/roster' },
    ...keyed(key),
  });
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
  return res.body.id;
}

export interface RecordedEventRow {
  id: string;
  type: string;
  payload: any;
  tags: string[] | null;
}

/** The agent's recorded events, oldest first, optionally only those of `type`. */
export async function eventsOf(ctx: TestContext, agentId: string, type?: string): Promise<RecordedEventRow[]> {
  let query = ctx.container.db.kysely
    .selectFrom('events')
    .select(['id', 'type', 'payload', 'tags'])
    .where('agent_id', '=', agentId);
  if (type) query = query.where('type', '=', type);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    payload: JSON.parse(r.payload),
    tags: r.tags === null ? null : JSON.parse(r.tags),
  }));
}

/**
 * Hands a conversation of agent A to a human integration as a responder's turn does: the AI
 * Agent's announcing reply, then the handoff, in one unit of work (messages.addAgentReplies).
 */
export async function handOff(ctx: TestContext, conversationId: string, integration: string): Promise<void> {
  const { store, messages } = ctx.container.modules.conversations;
  const conversation = await store.findById(ctx.agentA, conversationId);
  if (!conversation) throw new Error(`no conversation ${conversationId} of agent A`);
  const reply = {
    content: { type: 'text' as const, body: 'Connecting you with a person now.' },
    displayName: null,
    avatar: null,
  };
  const posted = await ctx.container.units.transaction((unit) =>
    messages.addAgentReplies(unit, conversation, [reply], integration),
  );
  if (!posted) throw new Error(`conversation ${conversationId} has ended`);
}
