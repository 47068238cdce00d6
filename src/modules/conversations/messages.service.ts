// Message rules: who may post what to a conversation, the oldest-first message log, and the AI
// Agent's replies (which come from the responder, never from the API). Each message commits with
// its v1.conversation.message event. No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import type { Outbox, RecordedEvent } from '../events/events.outbox.js';
import { conversationMessageData } from './conversations.presenter.js';
import type { CreateMessageBody } from './conversations.schemas.js';
import type { Conversation, ConversationsStore, Message, MessageContent } from './conversations.store.js';
import type { ResponderJob } from './responder-runner.js';

export interface MessagesServiceDeps {
  store: ConversationsStore;
  channels: ChannelsStore;
  outbox: Outbox;
  clock: Clock;
}

export interface AgentReply {
  content: MessageContent;
  displayName: string | null;
  avatar: string | null;
}

type Author = Message['author'];
type Part = Pick<Message, 'author' | 'content'>;

function endedError(conversationId: string): AppError {
  return new AppError('unprocessable', `Conversation "${conversationId}" has ended; it takes no more messages.`);
}

export function createMessagesService(deps: MessagesServiceDeps) {
  const { store, channels, outbox, clock } = deps;
  let onEndUserMessage: (job: ResponderJob) => void = () => {};

  /** The author of a posted message, checked against the conversation. */
  function authorOf(conversation: Conversation, author: CreateMessageBody['author']): Author {
    const displayName = author.display_name ?? null;
    const avatar = author.avatar ?? null;
    if (author.role === 'human_agent') {
      if (displayName === null || displayName.trim() === '')
        throw fieldError('$.author.display_name', 'is required when author.role is human_agent');
      // Message logs carry no id for agents: only end users are identified.
      return { role: 'human_agent', id: null, displayName, avatar };
    }
    if (author.id === undefined || author.id === null)
      throw fieldError('$.author.id', "is required when author.role is end_user: give the conversation's end_user_id");
    if (normalizeId(author.id) !== conversation.endUserId) {
      throw fieldError(
        '$.author.id',
        `is not this conversation's end user; an end_user message must come from ${conversation.endUserId}`,
      );
    }
    return { role: 'end_user', id: conversation.endUserId, displayName, avatar };
  }

  function contentOf(content: CreateMessageBody['content']): MessageContent {
    if (content.type === 'file') {
      throw fieldError(
        '$.content.type',
        'is file; file messages need an uploaded attachment, which Roster does not offer. Send text content',
      );
    }
    if (content.body === undefined) throw fieldError('$.content.body', 'is required for text content');
    return { type: 'text', body: content.body };
  }

  /**
   * Writes messages to a conversation that must still be active, each with its event; refuses an
   * ended conversation (422) or a missing one (404). A lone message with no event to record is one
   * conditional INSERT, which checks the status itself. Otherwise one transaction locks the
   * conversation row first, so an end cannot slip in between.
   */
  async function append(agentId: string, conversationId: string, parts: Part[]): Promise<Message[]> {
    const subscribers = await outbox.subscribers(agentId, 'v1.conversation.message');
    const [only] = parts;
    if (only && parts.length === 1 && subscribers.length === 0) {
      const now = clock.now();
      const message: Message = { ...only, id: newId(now), agentId, conversationId, createdAt: now };
      if (await store.insertMessageIfActive(message)) return [message];
      const current = await store.findById(agentId, conversationId);
      throw current ? endedError(conversationId) : notFound(`Conversation "${conversationId}"`);
    }
    const domain = await store.agentHandle(agentId);
    const outcome = await store.transaction(async (tx) => {
      const conversation = await store.findById(agentId, conversationId, tx, true);
      if (!conversation) throw notFound(`Conversation "${conversationId}"`);
      if (conversation.status === 'ended') throw endedError(conversation.id);
      const channel = await channels.findById(agentId, conversation.channelId, tx);
      if (!channel) throw new Error(`conversation ${conversation.id} has no channel ${conversation.channelId}`);
      const now = clock.now();
      const events: Array<RecordedEvent | null> = [];
      const messages: Message[] = [];
      for (const part of parts) {
        const message: Message = { ...part, id: newId(now), agentId, conversationId: conversation.id, createdAt: now };
        await store.insertMessage(message, tx);
        events.push(
          await outbox.record(
            tx,
            {
              agentId,
              type: 'v1.conversation.message',
              data: conversationMessageData(conversation, channel, message, domain),
              deliveryTags: [channel.id],
            },
            subscribers,
          ),
        );
        messages.push(message);
      }
      return { messages, events };
    });
    outbox.committed(outcome.events);
    return outcome.messages;
  }

  return {
    /** Registers who is told about each committed end-user message (the responder runner). */
    onEndUserMessage(listener: (job: ResponderJob) => void): void {
      onEndUserMessage = listener;
    },

    async post(agentId: string, rawConversationId: string, body: CreateMessageBody): Promise<Message> {
      const id = normalizeId(rawConversationId);
      const conversation = id === null ? null : await store.findById(agentId, id);
      if (!conversation) throw notFound(`Conversation "${rawConversationId}"`);
      if (conversation.status === 'ended') throw endedError(conversation.id);
      const author = authorOf(conversation, body.author);
      const content = contentOf(body.content);
      const [message] = (await append(agentId, conversation.id, [{ author, content }])) as [Message];
      if (message.author.role === 'end_user') {
        onEndUserMessage({
          kind: 'end_user_message',
          agentId,
          conversationId: conversation.id,
          messageId: message.id,
          message,
        });
      }
      return message;
    },

    async list(
      agentId: string,
      rawConversationId: string,
      cursor: string | null,
      limit: number,
    ): Promise<{ items: Message[]; nextCursor: string | null }> {
      const id = normalizeId(rawConversationId);
      const conversation = id === null ? null : await store.findById(agentId, id);
      if (!conversation) throw notFound(`Conversation "${rawConversationId}"`);
      const rows = await store.listMessages(conversation.id, cursor, limit + 1);
      const next = rows.length > limit ? (rows[limit] as Message).id : null;
      return { items: rows.slice(0, limit), nextCursor: next };
    },

    /**
     * Posts the AI Agent's replies. Null when the conversation ended (or vanished) before they
     * were ready: a reply to an ended conversation is dropped, not an error.
     */
    async addAgentReplies(agentId: string, conversationId: string, replies: AgentReply[]): Promise<Message[] | null> {
      if (replies.length === 0) return [];
      try {
        return await append(
          agentId,
          conversationId,
          replies.map((r) => ({
            author: { role: 'ai_agent', id: null, displayName: r.displayName, avatar: r.avatar },
            content: r.content,
          })),
        );
      } catch (error) {
        if (error instanceof AppError && (error.type === 'unprocessable' || error.type === 'not_found')) return null;
        throw error;
      }
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
