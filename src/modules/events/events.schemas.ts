// The bodies of the webhook deliveries, one schema per event type, as the OpenAPI document's
// `webhooks` section describes them. They follow the presenters that build the data
// (end-users.presenter.ts, conversations.presenter.ts) and allow no other property, so a test that
// checks real deliveries against them fails when a presenter and this description drift apart.
import { Type, type TSchema } from 'typebox';
import { nullable } from '../../http/common.schemas.js';
import type { EventType } from './events.catalog.js';

/** A reference to a schema of the OpenAPI document's components. */
export const componentRef = (name: string) => Type.Unsafe<unknown>({ $ref: `#/components/schemas/${name}` });

const Time = (what: string) => Type.String({ description: `${what} (RFC 3339, UTC, milliseconds).` });

const Metadata = Type.Unsafe<Record<string, string | number | boolean>>({
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
  description: "The conversation's metadata.",
});

const Domain = Type.String({ description: "The AI Agent's handle: one Roster serves many AI Agents." });

function envelope(types: string[], data: TSchema, withTags: boolean, description: string) {
  return Type.Object(
    {
      type: Type.Unsafe<string>({ type: 'string', enum: types, description: 'The event type.' }),
      timestamp: Time('When the change was recorded'),
      data,
      ...(withTags
        ? { tags: Type.Array(Type.String(), { description: "The end user's id, for filtering on the receiver." }) }
        : {}),
    },
    { additionalProperties: false, description },
  );
}

export const EndUserEventSchema = envelope(
  ['v1.end_user.created', 'v1.end_user.updated'],
  componentRef('EndUser'),
  true,
  'v1.end_user.created and v1.end_user.updated: data is the end user as the API returns it, never its sensitive metadata.',
);

export const ConversationCreatedEventSchema = envelope(
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

export const ConversationMessageEventSchema = envelope(
  ['v1.conversation.message'],
  Type.Object(
    {
      message_id: Type.String(),
      conversation_id: Type.String(),
      end_user_id: Type.String(),
      handoff_integration: Type.Null({ description: 'Always null: Roster has no human handoff integrations.' }),
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

export const ConversationEndedEventSchema = envelope(
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

/** The component name of each event type's body. */
export const EVENT_BODY_SCHEMAS = {
  'v1.end_user.created': 'EndUserEvent',
  'v1.end_user.updated': 'EndUserEvent',
  'v1.conversation.created': 'ConversationCreatedEvent',
  'v1.conversation.message': 'ConversationMessageEvent',
  'v1.conversation.ended': 'ConversationEndedEvent',
} as const satisfies Record<EventType, string>;
