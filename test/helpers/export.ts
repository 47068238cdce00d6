// Shared builders for the Data Export suites: a clock set to known times, conversations and
// messages made at those times, and a reader that follows next_page_uri to the end.
import { expect } from 'vitest';
import type { ApiResponse, TestContext } from './harness.js';
import { endUserText, newChannel, newConversation, postMessage } from './conversations.js';
import { newUser } from './end-users.js';

export const EXPORT_CONVERSATIONS = '/api/v2/export/conversations';
export const EXPORT_MESSAGES = '/api/v2/export/messages';

export const CONVERSATION_RECORD_KEYS = [
  '_id',
  'agent_handle_time',
  'agent_id',
  'agent_name',
  'automated_resolution_classification',
  'automated_resolution_classification_reason',
  'bot_handle_time',
  'browser',
  'browser_version',
  'chatter_id',
  'classifications',
  'csat',
  'date_created',
  'date_updated',
  'device',
  'end_user_id',
  'generated_topic_id',
  'generated_topic_label',
  'generated_topic_v2_desc',
  'generated_topic_v2_id',
  'generated_topic_v2_parent_id',
  'generated_topic_v2_title',
  'inquiry_summary',
  'is_engaged',
  'is_escalated',
  'is_test_user',
  'language',
  'last_agent_id',
  'last_agent_name',
  'metavariables',
  'oauth_channel',
  'platform',
  'record_last_updated',
  'used_articles',
  'used_coaching',
  'used_playbooks',
  'variables',
];

export const MESSAGE_RECORD_KEYS = [
  '_id',
  'answer_id',
  'answer_title',
  'chatter_id',
  'conversation_id',
  'date_created',
  'in_response_to',
  'link_was_clicked',
  'message_data',
  'recipient',
  'record_last_updated',
  'review',
  'sender',
];

/** A UTC time as the export parameters take it. */
export const z = (ms: number) => new Date(ms).toISOString();

/** A query string of export parameters. */
export function qs(params: Record<string, string | number>): string {
  return `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;
}

/** A conversation with an end user (with a language) and `count` end-user messages, one clock tick apart. */
export async function conversationWithMessages(ctx: TestContext, count: number, key?: string) {
  const channel = await newChannel(ctx, { name: 'Export channel' }, key);
  const user = await newUser(ctx, { profile: { language: 'fr' } }, key);
  const conversation = await newConversation(
    ctx,
    { channel_id: channel.id, end_user_id: user.end_user_id, metadata: { plan: 'gold' } },
    key,
  );
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    ctx.clock.advance(7);
    const res = await postMessage(ctx, conversation.id, endUserText(user.end_user_id, `message ${i}`), key);
    if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
    messages.push(res.body.id);
  }
  return { channel, user: user.end_user_id as string, conversation: conversation.id as string, messages };
}

/** Every page of an export from `url`, following next_page_uri; fails on any non-200. */
export async function readAll(ctx: TestContext, url: string, key?: string, legacy = false) {
  const pages: ApiResponse[] = [];
  let next: string | null = url;
  while (next) {
    const res: ApiResponse = await ctx.request('GET', next, key ? { key } : {});
    expect(res.status, res.raw).toBe(200);
    pages.push(res);
    next = legacy ? res.body.next_page_uri : res.body.meta.next_page_uri;
  }
  return { pages, records: pages.flatMap((p) => p.body.data as any[]) };
}
