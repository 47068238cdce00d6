// Conversations in the OpenAPI document: examples for every operation, the conversation and
// message schemas, and the bodies of the v1.conversation.* webhooks. The body schemas follow the
// presenter (conversations.presenter.ts) and allow no other property, so a test that checks real
// deliveries against them fails when the two drift apart.
import { Type } from 'typebox';
import { nullable } from '../../http/common.schemas.js';
import { IDS, page } from '../../http/openapi.examples.js';
import { componentRef, eventEnvelope } from '../../http/openapi.js';
import type { ModuleDocs } from '../../platform/manifest.js';
import { ATTACHMENT_EXTENSIONS } from './attachments.types.js';
import { CUSTOM_CHANNEL } from '../channels/channels.docs.js';
import {
  ConversationSchema,
  MessageLogSchema,
  MessageSchema,
  PROACTIVE_STATUSES,
  ProactiveAttemptSchema,
} from './conversations.schemas.js';

const Time = (what: string) => Type.String({ description: `${what} (RFC 3339, UTC, milliseconds).` });

const Metadata = Type.Unsafe<Record<string, string | number | boolean>>({
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
  description: "The conversation's metadata.",
});

const Domain = Type.String({ description: "The AI Agent's handle: one Roster serves many AI Agents." });

export const ConversationCreatedEventSchema = eventEnvelope(
  ['v1.conversation.created'],
  Type.Object(
    {
      conversation_id: Type.String(),
      channel_id: Type.String(),
      created_at: Time('When the conversation started'),
      end_user_id: Type.String(),
      metadata: Metadata,
      ai_agent_domain: Domain,
    },
    { additionalProperties: false },
  ),
  false,
  'v1.conversation.created: a conversation started on a custom channel.',
);

export const ConversationMessageEventSchema = eventEnvelope(
  ['v1.conversation.message'],
  Type.Object(
    {
      message_id: Type.String(),
      conversation_id: Type.String(),
      end_user_id: Type.String(),
      handoff_integration: nullable(
        Type.String({
          description:
            'The human integration the conversation is handed to when the message was added; null while the AI Agent has it.',
        }),
      ),
      channel: componentRef('Channel'),
      created_at: Time('When the message was stored'),
      author: componentRef('MessageAuthor'),
      content: componentRef('MessageContent'),
      ai_agent_domain: Domain,
    },
    { additionalProperties: false },
  ),
  false,
  "v1.conversation.message: a message of a conversation, the end user's and human agents' included; skip author.role end_user to keep only the AI Agent's.",
);

export const ConversationEndedEventSchema = eventEnvelope(
  ['v1.conversation.ended'],
  Type.Object(
    {
      conversation_id: Type.String(),
      channel_id: Type.String(),
      end_user_id: Type.String(),
      created_at: Time('When the conversation started'),
      updated_at: Time('When the conversation last changed, here when it ended'),
      ended_by: nullable(
        Type.Object(
          { role: Type.String(), id: nullable(Type.String()) },
          { description: 'Who ended it: the end user, for whom the custom channel speaks.' },
        ),
      ),
      metadata: Metadata,
      ai_agent_domain: Domain,
    },
    { additionalProperties: false },
  ),
  false,
  'v1.conversation.ended: a conversation was ended (sent once).',
);

export const ConversationHandoffEndedEventSchema = eventEnvelope(
  ['v1.conversation.handoff.ended'],
  Type.Object(
    {
      conversation_id: Type.String(),
      end_user_id: Type.String(),
      handoff_integration: Type.String({ description: 'The human integration whose handoff ended.' }),
      ai_agent_domain: Domain,
    },
    { additionalProperties: false },
  ),
  false,
  'v1.conversation.handoff.ended: a human handoff ended and the AI Agent has the conversation again.',
);

export const ProactiveCallEventSchema = eventEnvelope(
  PROACTIVE_STATUSES.map((s) => `v1.proactive_call.${s}`),
  Type.Object(
    {
      proactive_attempt_id: Type.String({ description: 'The id POST /api/v2/conversations/proactive/ answered.' }),
      status: Type.Unsafe<string>({ type: 'string', enum: [...PROACTIVE_STATUSES] }),
      channel: Type.String(),
      recipient: Type.Object({ phone_number: Type.String() }),
      language: nullable(Type.String()),
      metadata: Metadata,
      conversation_id: nullable(Type.String({ description: 'Set from answered on.' })),
      failure_reason: nullable(Type.String({ description: 'Set on failed only.' })),
      created_at: Time('When the attempt was queued'),
      updated_at: Time('When the attempt reached this state'),
    },
    { additionalProperties: false },
  ),
  false,
  'v1.proactive_call.*: a Proactive Attempt reached the state its type names; the data is the attempt as it stands.',
);

export const PROACTIVE_EVENT_DESCRIPTIONS = {
  'v1.proactive_call.queued': 'A proactive call was asked for and queued (POST /api/v2/conversations/proactive/).',
  'v1.proactive_call.initiated': 'The simulated call of a Proactive Attempt was placed.',
  'v1.proactive_call.answered':
    'A person answered a proactive call; its conversation exists (conversation_id), on the native Voice channel.',
  'v1.proactive_call.machine_detected': 'A proactive call reached an answering machine; no conversation was started.',
  'v1.proactive_call.failed': 'A proactive call failed (failure_reason says why); no conversation was started.',
} as const;

const ATTEMPT = {
  id: IDS.message,
  status: 'queued',
  channel: 'voice',
  recipient: { phone_number: '+14155550123' },
  language: 'en-US',
  metadata: { order: '42' },
  conversation_id: null,
  failure_reason: null,
  created_at: '2026-11-27T14:30:00.000+00:00',
  updated_at: '2026-11-27T14:30:00.000+00:00',
};

export function proactiveEventExample(type: keyof typeof PROACTIVE_EVENT_DESCRIPTIONS) {
  const status = type.slice('v1.proactive_call.'.length);
  const { id, ...rest } = ATTEMPT;
  return {
    type,
    timestamp: '2026-11-27T14:30:03.000+00:00',
    data: {
      proactive_attempt_id: id,
      ...rest,
      status,
      conversation_id: status === 'answered' ? IDS.conversation : null,
      failure_reason: status === 'failed' ? 'no_answer' : null,
      updated_at: '2026-11-27T14:30:03.000+00:00',
    },
  };
}

export const HANDOFF_ENDED = 'The handoff has ended; the AI Agent has the conversation again.';

const CONVERSATION = {
  id: IDS.conversation,
  channel_id: IDS.channel,
  end_user_id: IDS.endUser,
  status: 'active',
  created_at: '2026-11-27T14:20:31.540+00:00',
  updated_at: '2026-11-27T14:20:31.540+00:00',
  metadata: { page: '/checkout' },
};

const END_USER_AUTHOR = { id: IDS.endUser, role: 'end_user', avatar: null, display_name: null };
const AI_AGENT_AUTHOR = { id: null, role: 'ai_agent', avatar: null, display_name: 'Roster demo agent' };

const MESSAGE = {
  id: IDS.message,
  conversation_id: IDS.conversation,
  author: END_USER_AUTHOR,
  content: { type: 'text', body: 'Where is order #42?' },
  created_at: '2026-11-27T14:20:48.311+00:00',
  updated_at: '2026-11-27T14:20:48.311+00:00',
};

const EVENT_TIME = '2026-11-27T14:20:48.907+00:00';

export const CONVERSATION_EVENT_EXAMPLES = {
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
  'v1.conversation.handoff.ended': {
    type: 'v1.conversation.handoff.ended',
    timestamp: '2026-11-27T14:24:02.118+00:00',
    data: {
      conversation_id: IDS.conversation,
      end_user_id: IDS.endUser,
      handoff_integration: 'zendesk_chat',
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

const message = MessageSchema as unknown as { properties: { author: object; content: object } };

const ATTACHMENT = {
  url: `https://roster.example.com/api/v2/attachments/${IDS.message}/receipt.pdf?expires=1796227200&signature=${'3f'.repeat(32)}`,
  mime_type: 'application/pdf',
  filename: 'receipt.pdf',
};

export const conversationsDocs: ModuleDocs = {
  components: {
    Conversation: ConversationSchema,
    Message: MessageSchema,
    MessageLogEntry: MessageLogSchema,
    MessageAuthor: message.properties.author,
    MessageContent: message.properties.content,
    ConversationCreatedEvent: ConversationCreatedEventSchema,
    ConversationMessageEvent: ConversationMessageEventSchema,
    ConversationEndedEvent: ConversationEndedEventSchema,
    ConversationHandoffEndedEvent: ConversationHandoffEndedEventSchema,
    ProactiveAttempt: ProactiveAttemptSchema,
    ProactiveCallEvent: ProactiveCallEventSchema,
  },
  examples: {
    'POST /api/v2/conversations/': {
      // The ids must be a custom channel and an end user of your own.
      body: { channel_id: IDS.channel, end_user_id: IDS.endUser, metadata: { page: '/checkout' } },
      responses: { 201: CONVERSATION },
    },
    'POST /api/v2/conversations/proactive/': {
      body: {
        channel: 'voice',
        recipient: { phone_number: '+14155550123' },
        language: 'en-US',
        metadata: { order: '42' },
      },
      responses: { 202: ATTEMPT },
    },
    'POST /api/v2/conversations/email/': {
      body: {
        name: 'Maria Silva',
        subject: 'Order 42',
        reply_to: 'maria@example.com',
        text: 'Hello, where is my order?',
        cc: ['orders@example.com'],
        metadata: { plan: 'pro' },
      },
      responses: { 200: { conversation_id: IDS.conversation } },
    },
    'GET /api/v2/conversations/{conversation_id}/': { responses: { 200: CONVERSATION } },
    'PATCH /api/v2/conversations/{conversation_id}/': {
      body: { metadata: { page: '/cart', cart_items: 3 } },
      responses: {
        200: {
          ...CONVERSATION,
          metadata: { page: '/cart', cart_items: 3 },
          updated_at: '2026-11-27T14:21:05.007+00:00',
        },
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
    'POST /api/v2/conversations/{conversation_id}/end-handoff/': {
      responses: { 200: { message: HANDOFF_ENDED } },
    },
    'POST /api/v2/conversations/{conversation_id}/end/': {
      responses: { 200: { message: 'The conversation has ended.' } },
    },
    'POST /api/v2/conversations/{conversation_id}/attachments/': {
      responses: { 201: ATTACHMENT },
    },
  },
  operations: {
    'POST /api/v2/conversations/{conversation_id}/attachments/': {
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: {
                  type: 'string',
                  format: 'binary',
                  description: `The file, at most 50 MB, of an accepted type: ${ATTACHMENT_EXTENSIONS.join(', ')}.`,
                },
              },
            },
          },
        },
      },
    },
    'GET /api/v2/attachments/{attachment_id}/{filename}': {
      responses: {
        200: {
          description:
            'The file, with its Content-Type, Content-Disposition: attachment and X-Content-Type-Options: nosniff.',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
      },
    },
  },
};
