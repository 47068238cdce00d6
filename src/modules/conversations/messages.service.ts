// Message rules: who may post what to a conversation, the oldest-first message log, and the AI
// Agent's replies (which come from the responder, never from the API). Each message commits with
// its v1.conversation.message event. No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import type { Outbox, RecordedEvent, Subscriber } from '../events/events.outbox.js';
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
      if (displayName === null || displayName.trim() === '') throw fieldError('$.author.display_name', 'is required when author.role is human_agent');
      // Message logs carry no id for agents: only end users are identified.
      return { role: 'human_agent', id: null, displayName, avatar };
    }
    if (author.id === undefined || author.id === null) throw fieldError('$.author.id', "is required when author.role is end_user: give the conversation's end_user_id");
    if (normalizeId(author.id) !== conversation.endUserId) {
      throw fieldError('$.author.id', `is not this conversation's end user; an end_user message must come from ${conversation.endUserId}`);
    }
    return { role: 'end_user', id: conversation.endUserId, displayName, avatar };
  }

  function contentOf(content: CreateMessageBody['content']): MessageContent {
    if (content.type === 'file') {
      throw fieldError('$.content.type', 'is file; file messages need an uploaded attachment, which Roster does not offer. Send text content');
    }
    if (content.body === undefined) throw fieldError('$.content.body', 'is required for text content');
    return { type: 'text', body: content.body };
  }

  /**
   * Writes messages to a conversation that must still be active, each with its event, in one
   * transaction. The conversation row is locked first, so an end cannot slip in between.
   */
  async function append(
    agentId: string,
    conversationId: string,
    build: (conversation: Conversation, now: number) => Array<Omit<Message, 'id' | 'agentId' | 'conversationId' | 'createdAt'>>,
    rawId = conversationId,
    subscribers?: Subscriber[],
  ): Promise<{ conversation: Conversation; messages: Message[] }> {
    const domain = await store.agentHandle(agentId);
    const outcome = await store.transaction(async (tx) => {
      const conversation = await store.findById(agentId, conversationId, tx, true);
      if (!conversation) throw notFound(`Conversation "${rawId}"`);
      if (conversation.status === 'ended') throw endedError(conversation.id);
      const channel = await channels.findById(agentId, conversation.channelId, tx);
      if (!channel) throw new Error(`conversation ${conversation.id} has no channel ${conversation.channelId}`);
      const now = clock.now();
      const events: Array<RecordedEvent | null> = [];
      const messages: Message[] = [];
      for (const part of build(conversation, now)) {
        const message: Message = { ...part, id: newId(now), agentId, conversationId: conversation.id, createdAt: now };
        await store.insertMessage(message, tx);
        events.push(
          await outbox.record(
            tx,
            { agentId, type: 'v1.conversation.message', data: conversationMessageData(conversation, channel, message, domain), deliveryTags: [channel.id] },
            subscribers,
          ),
        );
        messages.push(message);
      }
      return { conversation, messages, events };
    });
    outbox.committed(outcome.events);
    return outcome;
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
      const subscribers = await outbox.subscribers(agentId, 'v1.conversation.message');
      let message: Message;
      if (subscribers.length === 0) {
        // No event to record: one conditional INSERT, which refuses an ended conversation itself.
        const now = clock.now();
        message = { id: newId(now), agentId, conversationId: conversation.id, author, content, createdAt: now };
        if (!(await store.insertMessageIfActive(message))) {
          const current = await store.findById(agentId, conversation.id);
          throw current ? endedError(conversation.id) : notFound(`Conversation "${rawConversationId}"`);
        }
      } else {
        const { messages } = await append(agentId, conversation.id, () => [{ author, content }], rawConversationId, subscribers);
        message = messages[0] as Message;
      }
      if (message.author.role === 'end_user') {
        onEndUserMessage({ kind: 'end_user_message', agentId, conversationId: conversation.id, messageId: message.id, message });
      }
      return message;
    },

    async list(agentId: string, rawConversationId: string, cursor: string | null, limit: number): Promise<{ items: Message[]; nextCursor: string | null }> {
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
      const author = (r: AgentReply) => ({ role: 'ai_agent' as const, id: null, displayName: r.displayName, avatar: r.avatar });
      const [only] = replies;
      if (replies.length === 1 && only && (await outbox.subscribers(agentId, 'v1.conversation.message')).length === 0) {
        // A lone reply with no event to record: one conditional INSERT, as for a posted message.
        const now = clock.now();
        const message: Message = { id: newId(now), agentId, conversationId, author: author(only), content: only.content, createdAt: now };
        return (await store.insertMessageIfActive(message)) ? [message] : null;
      }
      try {
        const { messages } = await append(agentId, conversationId, () =>
          replies.map((r) => ({ author: author(r), content: r.content })),
        );
        return messages;
      } catch (error) {
        if (error instanceof AppError && (error.type === 'unprocessable' || error.type === 'not_found')) return null;
        throw error;
      }
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
