// Examples for the OpenAPI document: a request body for every operation that takes one, valid
// against Roster's own rules, so "Try it out" in /docs works as shown, and a response for every
// success answer. They are one consistent story (Maria, crm-123, the Support app channel), and a
// test sends every request example through its route and checks every response example against
// the schema it illustrates.
import { EVENT_TYPES } from '../modules/events/events.catalog.js';

export const IDS = {
  endUser: '6b09907429197363d02628e3',
  webhook: '6b0a1b009f1e4a0b3c5d7e80',
  attempt: '6b0a1b2c9f1e4a0b3c5d7e88',
  event: '6b0a1b1a9f1e4a0b3c5d7e84',
  channel: '6b0a1c2d9f1e4a0b3c5d7e91',
  nativeChannel: '6b0a19f09f1e4a0b3c5d7e01',
  conversation: '6b0a1c5e9f1e4a0b3c5d7e94',
  message: '6b0a1c709f1e4a0b3c5d7e99',
  reply: '6b0a1c719f1e4a0b3c5d7e9a',
} as const;

const BASE = 'http://127.0.0.1:8080/api/v2';
const CREATED = '2026-11-27T14:15:16.783+00:00';
const UPDATED = '2026-11-27T14:18:02.412+00:00';

export const END_USER = {
  end_user_id: IDS.endUser,
  external_id: 'crm-123',
  profile: {
    first_name: 'Maria',
    last_name: 'Silva',
    display_name: null,
    avatar: null,
    email: 'maria@example.com',
    language: 'pt-BR',
    metadata: { plan: 'enterprise', seats: 40 },
    system_properties: { sunshine_user_id: null },
  },
  created_at: CREATED,
  updated_at: CREATED,
};

const END_USER_PATCHED = {
  ...END_USER,
  profile: { ...END_USER.profile, metadata: { plan: 'enterprise', seats: 45 } },
  updated_at: UPDATED,
};

const WEBHOOK = {
  id: IDS.webhook,
  url: 'https://hooks.example.com/roster',
  description: 'CRM sync',
  event_filters: ['v1.end_user.created', 'v1.end_user.updated'],
  enabled: true,
  created_at: '2026-11-27T14:10:00.000+00:00',
  updated_at: '2026-11-27T14:10:00.000+00:00',
};

export const CUSTOM_CHANNEL = {
  type: 'custom',
  id: IDS.channel,
  name: 'Support app',
  description: 'Our in-app chat',
  modality: 'messaging',
  capabilities: { markdown: true },
  metadata: { team: 'support' },
  created_at: '2026-11-27T14:20:02.118+00:00',
};

const NATIVE_CHANNEL = {
  type: 'native',
  id: IDS.nativeChannel,
  name: 'Chat',
  description: 'The web chat surface.',
  modality: 'messaging',
  capabilities: { markdown: true },
};

export const CONVERSATION = {
  id: IDS.conversation,
  channel_id: IDS.channel,
  end_user_id: IDS.endUser,
  status: 'active',
  created_at: '2026-11-27T14:20:31.540+00:00',
  updated_at: '2026-11-27T14:20:31.540+00:00',
  metadata: { page: '/checkout' },
};

export const END_USER_AUTHOR = { id: IDS.endUser, role: 'end_user', avatar: null, display_name: null };
export const AI_AGENT_AUTHOR = { id: null, role: 'ai_agent', avatar: null, display_name: 'Roster demo agent' };

const MESSAGE = {
  id: IDS.message,
  conversation_id: IDS.conversation,
  author: END_USER_AUTHOR,
  content: { type: 'text', body: 'Where is order #42?' },
  created_at: '2026-11-27T14:20:48.311+00:00',
  updated_at: '2026-11-27T14:20:48.311+00:00',
};

const page = (data: unknown[], next: string | null = null) => ({ data, meta: { next_page_url: next } });

export interface OperationExamples {
  /** Query parameters, by name: required ones at least, so "Try it out" has them filled in. */
  query?: Record<string, string | number>;
  body?: unknown;
  /** By status code. */
  responses: Record<number, unknown>;
}

/** By "METHOD /path/{param}" as the OpenAPI document writes the operation. */
export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  'POST /api/v2/end-users/': {
    body: {
      external_id: 'crm-123',
      profile: {
        first_name: 'Maria',
        last_name: 'Silva',
        email: 'maria@example.com',
        language: 'pt-BR',
        metadata: { plan: 'enterprise', seats: 40 },
        sensitive_metadata: { fields: { auth_token: 'eyJhbGciOiJIUzI1NiJ9.example' } },
      },
    },
    responses: { 201: END_USER, 200: END_USER },
  },
  'GET /api/v2/end-users/': {
    responses: { 200: page([END_USER], `${BASE}/end-users/?cursor=6b0990a1f3c2e85a1b7d4c10&limit=1`) },
  },
  'GET /api/v2/end-users/{end_user_id}': { responses: { 200: END_USER } },
  'PATCH /api/v2/end-users/{end_user_id}': {
    body: { profile: { email: 'maria@example.com', metadata: { seats: 45 } } },
    responses: { 200: END_USER_PATCHED },
  },

  'POST /api/v2/webhooks/': {
    body: {
      url: 'https://hooks.example.com/roster',
      description: 'CRM sync',
      event_filters: ['v1.end_user.created', 'v1.end_user.updated'],
    },
    responses: { 201: WEBHOOK },
  },
  'GET /api/v2/webhooks/': { responses: { 200: page([WEBHOOK]) } },
  'GET /api/v2/webhooks/event-types/': {
    responses: { 200: { data: EVENT_TYPES.map(({ name, description }) => ({ name, description })) } },
  },
  'GET /api/v2/webhooks/{webhook_id}': { responses: { 200: WEBHOOK } },
  'PATCH /api/v2/webhooks/{webhook_id}': {
    body: { description: 'CRM sync, all events', event_filters: [] },
    responses: {
      200: { ...WEBHOOK, description: 'CRM sync, all events', event_filters: [], updated_at: UPDATED },
    },
  },
  'DELETE /api/v2/webhooks/{webhook_id}': { responses: {} },
  'GET /api/v2/webhooks/{webhook_id}/secret/': {
    responses: { 200: { key: 'whsec_cm9zdGVyLWV4YW1wbGUtc2lnbmluZy1zZWNyZXQh' } },
  },
  'POST /api/v2/webhooks/{webhook_id}/secret/rotate/': {
    // Any "whsec_" + base64 of 24 to 64 bytes; leave the body out to have Roster generate one.
    body: { key: 'whsec_bXktb3duLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzIQ==' },
    responses: { 200: {} },
  },
  'GET /api/v2/webhooks/{webhook_id}/attempts/': {
    responses: {
      200: page([
        {
          id: IDS.attempt,
          webhook_id: IDS.webhook,
          message_id: `msg_${IDS.event}`,
          event_type: 'v1.end_user.created',
          attempt: 1,
          trigger: 'event',
          status: 'succeeded',
          status_code: 204,
          duration_ms: 38,
          error: null,
          response_body: '',
          created_at: '2026-11-27T14:15:16.902+00:00',
        },
      ]),
    },
  },
  'POST /api/v2/webhooks/{webhook_id}/replay/': {
    body: { since: '2026-11-27T00:00:00Z', until: '2026-11-28T00:00:00Z' },
    responses: { 202: { replayed: 3 } },
  },

  'GET /api/v2/channels/': { query: { type: 'native' }, responses: { 200: page([NATIVE_CHANNEL]) } },
  'POST /api/v2/channels/': {
    body: {
      name: 'Support app',
      description: 'Our in-app chat',
      modality: 'messaging',
      metadata: { team: 'support' },
      capabilities: { markdown: true },
    },
    responses: { 201: CUSTOM_CHANNEL },
  },
  'PATCH /api/v2/channels/{channel_id}': {
    body: { capabilities: { markdown: false } },
    responses: { 200: { ...CUSTOM_CHANNEL, capabilities: { markdown: false } } },
  },

  'POST /api/v2/conversations/': {
    // The ids must be a custom channel and an end user of your own.
    body: { channel_id: IDS.channel, end_user_id: IDS.endUser, metadata: { page: '/checkout' } },
    responses: { 201: CONVERSATION },
  },
  'GET /api/v2/conversations/{conversation_id}/': { responses: { 200: CONVERSATION } },
  'PATCH /api/v2/conversations/{conversation_id}/': {
    body: { metadata: { page: '/cart', cart_items: 3 } },
    responses: {
      200: { ...CONVERSATION, metadata: { page: '/cart', cart_items: 3 }, updated_at: '2026-11-27T14:21:05.007+00:00' },
    },
  },
  'POST /api/v2/conversations/{conversation_id}/messages/': {
    // author.id must be the conversation's end user.
    body: { author: { role: 'end_user', id: IDS.endUser }, content: { type: 'text', body: 'Where is order #42?' } },
    responses: { 201: MESSAGE },
  },
  'GET /api/v2/conversations/{conversation_id}/messages/': {
    responses: {
      200: page([
        {
          type: 'message_logs',
          message_id: IDS.message,
          created_at: MESSAGE.created_at,
          author: END_USER_AUTHOR,
          content: MESSAGE.content,
        },
        {
          type: 'message_logs',
          message_id: IDS.reply,
          created_at: '2026-11-27T14:20:48.907+00:00',
          author: AI_AGENT_AUTHOR,
          content: { type: 'text', body: 'Order 42 is on its way.' },
        },
      ]),
    },
  },
  'POST /api/v2/conversations/{conversation_id}/end/': {
    responses: { 200: { message: 'The conversation has ended.' } },
  },
};

export const ERROR_EXAMPLE = {
  errors: [
    {
      type: 'validation_error',
      message: '$.external_id must be at most 36 characters long',
      details: [{ parameter: '$.external_id', location: 'body', message: 'must be at most 36 characters long' }],
    },
  ],
};

const EVENT_TIME = '2026-11-27T14:20:48.907+00:00';

/** One delivery body for each event type, as a receiver gets it. */
export const EVENT_EXAMPLES: Record<string, unknown> = {
  'v1.end_user.created': { type: 'v1.end_user.created', timestamp: CREATED, data: END_USER, tags: [IDS.endUser] },
  'v1.end_user.updated': {
    type: 'v1.end_user.updated',
    timestamp: UPDATED,
    data: END_USER_PATCHED,
    tags: [IDS.endUser],
  },
  'v1.conversation.created': {
    type: 'v1.conversation.created',
    timestamp: CONVERSATION.created_at,
    data: {
      conversation_id: IDS.conversation,
      channel_id: IDS.channel,
      created_at: CONVERSATION.created_at,
      end_user_id: IDS.endUser,
      metadata: CONVERSATION.metadata,
      ai_agent_domain: 'default',
    },
  },
  'v1.conversation.message': {
    type: 'v1.conversation.message',
    timestamp: EVENT_TIME,
    data: {
      message_id: IDS.reply,
      conversation_id: IDS.conversation,
      end_user_id: IDS.endUser,
      handoff_integration: null,
      channel: CUSTOM_CHANNEL,
      created_at: EVENT_TIME,
      author: AI_AGENT_AUTHOR,
      content: { type: 'text', body: 'Order 42 is on its way.' },
      ai_agent_domain: 'default',
    },
  },
  'v1.conversation.ended': {
    type: 'v1.conversation.ended',
    timestamp: '2026-11-27T14:25:10.005+00:00',
    data: {
      conversation_id: IDS.conversation,
      channel_id: IDS.channel,
      end_user_id: IDS.endUser,
      created_at: CONVERSATION.created_at,
      updated_at: '2026-11-27T14:25:10.005+00:00',
      ended_by: { role: 'end_user', id: IDS.endUser },
      metadata: CONVERSATION.metadata,
      ai_agent_domain: 'default',
    },
  },
};
