// The Data Export API in the OpenAPI document: one page of each export, told with the same
// story as the other modules' examples (Maria's conversation on the Support app channel).
import { CREATED_AT, IDS, UPDATED_AT } from '../../http/openapi.examples.js';
import type { ModuleDocs } from '../../platform/manifest.js';

const SINCE = '2026-11-27T00:00:00Z';
const TO = '2026-11-28T00:00:00Z';

const CONVERSATION = {
  _id: IDS.conversation,
  agent_id: [],
  agent_name: [],
  agent_handle_time: null,
  bot_handle_time: null,
  automated_resolution_classification: null,
  automated_resolution_classification_reason: null,
  browser: null,
  browser_version: null,
  device: null,
  chatter_id: IDS.endUser,
  end_user_id: IDS.endUser,
  classifications: [],
  csat: {},
  date_created: CREATED_AT,
  date_updated: UPDATED_AT,
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
  language: 'en',
  last_agent_id: null,
  last_agent_name: null,
  metavariables: { order_id: 'A-1042' },
  oauth_channel: null,
  platform: 'Support app',
  record_last_updated: UPDATED_AT,
  used_articles: [],
  used_coaching: [],
  used_playbooks: [],
  variables: {},
};

const MESSAGE = {
  _id: IDS.message,
  answer_id: null,
  answer_title: null,
  chatter_id: IDS.endUser,
  conversation_id: IDS.conversation,
  date_created: CREATED_AT,
  link_was_clicked: null,
  message_data: { _type: 'text', body: 'Hi, I need help' },
  recipient: 'bot',
  sender: IDS.endUser,
  record_last_updated: CREATED_AT,
  review: null,
  in_response_to: null,
};

const REPLY = {
  ...MESSAGE,
  _id: IDS.reply,
  message_data: { _type: 'text', body: 'Happy to help. What is your order number?' },
  recipient: IDS.endUser,
  sender: 'bot',
  in_response_to: IDS.message,
};

const next = (path: string) =>
  `/api/v2/export/${path}?created_since=2026-11-27T00%3A00%3A00.000Z&created_to=2026-11-28T00%3A00%3A00.000Z&page_size=100&cursor=v1.8c1f2a9d.q2x...`;

export const exportDocs: ModuleDocs = {
  examples: {
    'GET /api/v2/export/conversations': {
      query: { created_since: SINCE, created_to: TO, page_size: 100 },
      responses: { 200: { data: [CONVERSATION], meta: { next_page_uri: null } } },
    },
    'GET /api/v2/export/messages': {
      query: { created_since: SINCE, created_to: TO, page_size: 100 },
      responses: { 200: { data: [MESSAGE, REPLY], meta: { next_page_uri: next('messages') } } },
    },
  },
};
