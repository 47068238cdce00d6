// The wire forms of conversations and messages, and the data of the v1.conversation.* events:
// exactly the documented fields.
import { toWireTime } from '../../lib/time.js';
import type { Channel } from '../channels/channels.store.js';
import { presentChannel } from '../channels/channels.presenter.js';
import type { ConversationWire, MessageLogWire, MessageWire } from './conversations.schemas.js';
import type { Conversation, Message } from './conversations.store.js';

export function presentConversation(conversation: Conversation): ConversationWire {
  return {
    id: conversation.id,
    channel_id: conversation.channelId,
    end_user_id: conversation.endUserId,
    status: conversation.status,
    created_at: toWireTime(conversation.createdAt),
    updated_at: toWireTime(conversation.updatedAt),
    metadata: conversation.metadata,
  };
}

function presentAuthor(message: Message) {
  return {
    id: message.author.id,
    role: message.author.role,
    avatar: message.author.avatar,
    display_name: message.author.displayName,
  };
}

/** A message as POST .../messages/ answers it. Messages are never edited: updated_at is created_at. */
export function presentMessage(message: Message): MessageWire {
  const at = toWireTime(message.createdAt);
  return {
    id: message.id,
    conversation_id: message.conversationId,
    author: presentAuthor(message),
    content: message.content,
    created_at: at,
    updated_at: at,
  };
}

/** A message as GET .../messages/ lists it. */
export function presentMessageLog(message: Message): MessageLogWire {
  return {
    type: 'message_logs',
    message_id: message.id,
    created_at: toWireTime(message.createdAt),
    author: presentAuthor(message),
    content: message.content,
  };
}

export function conversationCreatedData(conversation: Conversation, domain: string) {
  return {
    conversation_id: conversation.id,
    channel_id: conversation.channelId,
    created_at: toWireTime(conversation.createdAt),
    end_user_id: conversation.endUserId,
    metadata: conversation.metadata,
    ai_agent_domain: domain,
  };
}

export function conversationMessageData(
  conversation: Conversation,
  channel: Channel,
  message: Message,
  domain: string,
) {
  return {
    message_id: message.id,
    conversation_id: conversation.id,
    end_user_id: conversation.endUserId,
    handoff_integration: conversation.handoffIntegration,
    channel: presentChannel(channel),
    created_at: toWireTime(message.createdAt),
    author: presentAuthor(message),
    content: message.content,
    ai_agent_domain: domain,
  };
}

export function handoffEndedData(conversation: Conversation, integration: string, domain: string) {
  return {
    conversation_id: conversation.id,
    end_user_id: conversation.endUserId,
    handoff_integration: integration,
    ai_agent_domain: domain,
  };
}

/**
 * The delivery tags of a conversation's events: its channel when that is a custom one (a native
 * channel's events carry no channel tag), and the integration during a handoff.
 */
export function conversationTags(conversation: Conversation, channelType: 'custom' | 'native' | null): string[] {
  const tags = channelType === 'custom' ? [conversation.channelId] : [];
  return conversation.handoffIntegration === null ? tags : [...tags, conversation.handoffIntegration];
}

export function conversationEndedData(conversation: Conversation, domain: string) {
  return {
    conversation_id: conversation.id,
    channel_id: conversation.channelId,
    end_user_id: conversation.endUserId,
    created_at: toWireTime(conversation.createdAt),
    updated_at: toWireTime(conversation.updatedAt),
    ended_by: conversation.endedBy,
    metadata: conversation.metadata,
    ai_agent_domain: domain,
  };
}
