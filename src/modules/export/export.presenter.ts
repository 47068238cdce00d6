// The export records: every field of Ada's conversation and message records. What Roster stores
// fills the fields it can derive; the rest (classifications, satisfaction, topics, handle times and
// the like, which Roster does not produce) carry the empty value of their type. Built field by
// field, so nothing else can leave.
import { toWireTime } from '../../lib/time.js';
import type { ConversationRow, MessageRow } from './export.store.js';
import type { ExportConversationWire, ExportMessageWire } from './export.schemas.js';

export function presentExportConversation(row: ConversationRow): ExportConversationWire {
  const updated = toWireTime(Number(row.updated_at));
  return {
    _id: row.id,
    agent_id: [],
    agent_name: [],
    agent_handle_time: null,
    bot_handle_time: null,
    automated_resolution_classification: null,
    automated_resolution_classification_reason: null,
    browser: null,
    browser_version: null,
    device: null,
    chatter_id: row.end_user_id,
    end_user_id: row.end_user_id,
    classifications: [],
    csat: {},
    date_created: toWireTime(Number(row.created_at)),
    date_updated: updated,
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
    language: row.language,
    last_agent_id: null,
    last_agent_name: null,
    metavariables: JSON.parse(row.metadata) as Record<string, unknown>,
    oauth_channel: null,
    platform: row.channel_name,
    record_last_updated: updated,
    used_articles: [],
    used_coaching: [],
    used_playbooks: [],
    variables: {},
  };
}

type Content = { type: 'text'; body: string } | { type: 'link'; url: string; link_text: string | null };

/** The message content in Ada's message_data form: the kind under _type, then its fields. */
function messageData(content: Content): Record<string, unknown> {
  const { type, ...fields } = content;
  return { _type: type, ...fields };
}

/** Who sent or received a message: the end user by id, the AI Agent as "bot", a human agent as "agent". */
function party(role: string, endUserId: string): string {
  return role === 'end_user' ? endUserId : role === 'ai_agent' ? 'bot' : 'agent';
}

export function presentExportMessage(row: MessageRow, inResponseTo: string | null): ExportMessageWire {
  const created = toWireTime(Number(row.created_at));
  return {
    _id: row.id,
    answer_id: null,
    answer_title: null,
    chatter_id: row.end_user_id,
    conversation_id: row.conversation_id,
    date_created: created,
    link_was_clicked: null,
    message_data: messageData(JSON.parse(row.content) as Content),
    // An end user's message goes to the AI Agent, or to the human agent once one has joined;
    // Roster does not record a handoff, so it names the AI Agent. Everything else goes to the end user.
    recipient: row.author_role === 'end_user' ? 'bot' : row.end_user_id,
    sender: party(row.author_role, row.end_user_id),
    record_last_updated: created,
    review: null,
    in_response_to: inResponseTo,
  };
}

/**
 * The same record as presentExportMessage, written straight to JSON text: the export's hot path
 * (a page is up to 10,000 of these) skips building an object per record and re-encoding the
 * stored content. The fields, their order and their values are those of presentExportMessage
 * (a unit test holds the two equal).
 */
export function exportMessageJson(row: MessageRow, inResponseTo: string | null): string {
  const created = JSON.stringify(toWireTime(Number(row.created_at)));
  const endUser = JSON.stringify(row.end_user_id);
  const fromUser = row.author_role === 'end_user';
  const sender = fromUser ? endUser : row.author_role === 'ai_agent' ? '"bot"' : '"agent"';
  return (
    `{"_id":${JSON.stringify(row.id)},"answer_id":null,"answer_title":null,"chatter_id":${endUser},` +
    `"conversation_id":${JSON.stringify(row.conversation_id)},"date_created":${created},"link_was_clicked":null,` +
    `"message_data":${messageDataJson(row.content)},"recipient":${fromUser ? '"bot"' : endUser},` +
    `"sender":${sender},"record_last_updated":${created},"review":null,` +
    `"in_response_to":${inResponseTo === null ? 'null' : JSON.stringify(inResponseTo)}}`
  );
}

/** Stored content is compact JSON with its type first; renaming that key gives message_data as is. */
function messageDataJson(content: string): string {
  return content.startsWith('{"type":')
    ? `{"_type":${content.slice(8)}`
    : JSON.stringify(messageData(JSON.parse(content) as Content));
}
