// Wire schemas of the Data Export API: the query of each export, the conversation and message
// records with every field of Ada's, and the pages. Roster streams the pages (export.routes.ts),
// so these schemas document the answer and the presenter builds each record field by field.
import { Type } from 'typebox';
import { errorResponses, nullable } from '../../http/common.schemas.js';
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from './export.window.js';

const TAGS = ['Data Export'];

const UtcTime = (description: string) => Type.String({ maxLength: 64, description });

const PageSize = Type.Optional(
  Type.Integer({
    minimum: MIN_PAGE_SIZE,
    maximum: MAX_PAGE_SIZE,
    description: `Records per page, ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE.toLocaleString('en')} (default ${MAX_PAGE_SIZE.toLocaleString('en')}).`,
  }),
);

const Cursor = Type.Optional(
  Type.String({
    maxLength: 2048,
    description: 'Where the page starts; only as found in meta.next_page_uri, with the other parameters unchanged.',
  }),
);

export const ConversationsQuery = Type.Object({
  created_since: Type.Optional(
    UtcTime(
      'Export conversations created at or after this UTC time (ending in Z). Exactly one of created_since and updated_since.',
    ),
  ),
  updated_since: Type.Optional(UtcTime('Export conversations last updated at or after this UTC time (ending in Z).')),
  created_to: Type.Optional(
    UtcTime('Created before this UTC time; 7 days after created_since when omitted; at most 60 days after it.'),
  ),
  updated_to: Type.Optional(
    UtcTime('Updated before this UTC time; 7 days after updated_since when omitted; at most 60 days after it.'),
  ),
  page_size: PageSize,
  cursor: Cursor,
});

export const MessagesQuery = Type.Object({
  created_since: UtcTime('Export messages created at or after this UTC time (ending in Z).'),
  created_to: Type.Optional(
    UtcTime('Created before this UTC time; 7 days after created_since when omitted; at most 60 days after it.'),
  ),
  conversation_id: Type.Optional(Type.String({ maxLength: 64, description: "Only this conversation's messages." })),
  page_size: PageSize,
  cursor: Cursor,
});

const Str = nullable(Type.String());
const Time = Type.String({ description: 'UTC, RFC 3339 with milliseconds.' });
const Obj = Type.Record(Type.String(), Type.Unknown());

export const ExportConversationSchema = Type.Object(
  {
    _id: Type.String(),
    agent_id: Type.Array(Type.String()),
    agent_name: Type.Array(Type.String()),
    agent_handle_time: nullable(Type.Number()),
    bot_handle_time: nullable(Type.Number()),
    automated_resolution_classification: Str,
    automated_resolution_classification_reason: Str,
    browser: Str,
    browser_version: Str,
    device: Str,
    chatter_id: Type.String(),
    end_user_id: Str,
    classifications: Type.Array(Obj),
    csat: Obj,
    date_created: Time,
    date_updated: Time,
    generated_topic_id: Str,
    generated_topic_label: Str,
    generated_topic_v2_id: Str,
    generated_topic_v2_title: Str,
    generated_topic_v2_desc: Str,
    generated_topic_v2_parent_id: Str,
    inquiry_summary: Str,
    is_engaged: Type.Boolean(),
    is_escalated: Type.Boolean(),
    is_test_user: Type.Boolean(),
    language: Str,
    last_agent_id: Str,
    last_agent_name: Str,
    metavariables: Obj,
    oauth_channel: Str,
    platform: Type.String({ description: "The name of the conversation's channel." }),
    record_last_updated: nullable(Time),
    used_articles: Type.Array(Obj),
    used_coaching: Type.Array(Obj),
    used_playbooks: Type.Array(Obj),
    variables: Obj,
  },
  { additionalProperties: false },
);

export const ExportMessageSchema = Type.Object(
  {
    _id: Type.String(),
    answer_id: Str,
    answer_title: Str,
    chatter_id: Str,
    conversation_id: Type.String(),
    date_created: Time,
    link_was_clicked: nullable(Type.Boolean()),
    message_data: Obj,
    recipient: Type.String({ description: 'The end user id, "bot" (the AI Agent) or "agent" (a human agent).' }),
    sender: Type.String({ description: 'The end user id, "bot" (the AI Agent) or "agent" (a human agent).' }),
    record_last_updated: Time,
    review: nullable(Type.Integer()),
    in_response_to: Str,
  },
  { additionalProperties: false },
);

const ExportMeta = Type.Object({
  next_page_uri: nullable(
    Type.String({
      description: 'The next page, relative to the host (starting /api/v2/export/), or null on the last page.',
    }),
  ),
});

export type ExportConversationWire = Type.Static<typeof ExportConversationSchema>;
export type ExportMessageWire = Type.Static<typeof ExportMessageSchema>;

const WINDOW_RULES =
  'The window may last at most 60 days and start at most 12 months back; records younger than 5 seconds wait for a later request. Pages run oldest first and follow meta.next_page_uri to the end of the window.';

export const routeSchemas = {
  conversations: {
    tags: TAGS,
    summary: "Export the AI Agent's conversations",
    description: `Conversations created (created_since) or last updated (updated_since) within the window. ${WINDOW_RULES}`,
    querystring: ConversationsQuery,
    response: {
      200: Type.Object({ data: Type.Array(ExportConversationSchema), meta: ExportMeta }),
      ...errorResponses(),
    },
  },
  messages: {
    tags: TAGS,
    summary: "Export the AI Agent's messages",
    description: `Messages created within the window, optionally of one conversation. ${WINDOW_RULES}`,
    querystring: MessagesQuery,
    response: { 200: Type.Object({ data: Type.Array(ExportMessageSchema), meta: ExportMeta }), ...errorResponses() },
  },
};
