// Message rules: who may post what to a conversation, the oldest-first message log, and the AI
// Agent's replies (which come from the responder, never from the API). Each message commits with
// its v1.conversation.message event, and an end user's message with the AI Agent's turn. No HTTP,
// no SQL.
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork, Work } from '../../platform/unit-of-work.js';
import type { AgentsStore } from '../agents/agents.store.js';
import type { Channel, ChannelsStore } from '../channels/channels.store.js';
import type { AttachmentsService } from './attachments.service.js';
import { conversationMessageData, conversationTags } from './conversations.presenter.js';
import type { CreateMessageBody } from './conversations.schemas.js';
import type { Conversation, ConversationsStore, Message, MessageContent } from './conversations.store.js';
import type { Turns } from './responder-turn.js';

export interface MessagesServiceDeps {
  store: ConversationsStore;
  channels: ChannelsStore;
  agents: AgentsStore;
  units: UnitOfWork;
  clock: Clock;
  turns: Turns;
  /** Checks a file message's url against the attachments issued for its conversation. */
  files: Pick<AttachmentsService, 'fileContent'>;
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
  const { store, channels, agents, units, clock, turns, files } = deps;

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

  async function contentOf(conversation: Conversation, content: CreateMessageBody['content']): Promise<MessageContent> {
    // A file message carries a URL this conversation's attachment upload answered, unexpired.
    if (content.type === 'file') return files.fileContent(conversation, content);
    if (content.body === undefined) throw fieldError('$.content.body', 'is required for text content');
    return { type: 'text', body: content.body };
  }

  /**
   * Adds a message to a conversation that is still active (the insert checks the status itself)
   * and records its event; false when the conversation ended or is gone. The event's data, which
   * needs the channel, is read only when an endpoint listens.
   */
  async function append(unit: Work, conversation: Conversation, message: Message): Promise<boolean> {
    if (!(await store.insertMessageIfActive(message, unit.ex))) return false;
    // Read once, for the data and the tags, and only when an endpoint keeps the event.
    let read: Promise<Channel> | undefined;
    const channel = () =>
      (read ??= channels.findById(conversation.agentId, conversation.channelId, unit.ex).then((found) => {
        if (!found) throw new Error(`conversation ${conversation.id} has no channel ${conversation.channelId}`);
        return found;
      }));
    unit.record({
      agentId: conversation.agentId,
      type: 'v1.conversation.message',
      data: async () => {
        const domain = await agents.handleOf(conversation.agentId, unit.ex);
        return conversationMessageData(conversation, await channel(), message, domain);
      },
      // A native channel's events carry no channel tag (only a handoff's integration).
      deliveryTags: async () => conversationTags(conversation, (await channel()).type),
    });
    return true;
  }

  return {
    append,

    async post(agentId: string, rawConversationId: string, body: CreateMessageBody): Promise<Message> {
      const id = normalizeId(rawConversationId);
      const conversation = id === null ? null : await store.findById(agentId, id);
      if (!conversation) throw notFound(`Conversation "${rawConversationId}"`);
      if (conversation.status === 'ended') throw endedError(conversation.id);
      const author = authorOf(conversation, body.author);
      const content = await contentOf(conversation, body.content);
      const now = clock.now();
      const message: Message = {
        author,
        content,
        id: newId(now, agentId),
        agentId,
        conversationId: conversation.id,
        createdAt: now,
      };
      // An end user's message is a turn for the AI Agent, queued with the message; during a
      // handoff the human integration answers instead.
      const turn = author.role === 'end_user' && turns.enabled && conversation.handoffIntegration === null;
      const posted = await units.single(
        { agentId, events: ['v1.conversation.message'], jobs: turn ? [turns.kind] : [] },
        async (unit) => {
          if (!(await append(unit, conversation, message))) return false;
          if (turn) turns.enqueue(unit, { kind: 'end_user_message', conversation, messageId: message.id });
          return true;
        },
      );
      if (posted) return message;
      const current = await store.findById(agentId, conversation.id);
      throw current ? endedError(conversation.id) : notFound(`Conversation "${rawConversationId}"`);
    },

    async list(
      agentId: string,
      rawConversationId: string,
      cursor: string | null,
      limit: number,
    ): Promise<Page<Message>> {
      const id = normalizeId(rawConversationId);
      const conversation = id === null ? null : await store.findById(agentId, id);
      if (!conversation) throw notFound(`Conversation "${rawConversationId}"`);
      return pageOf(await store.listMessages(conversation.id, cursor, limit + 1), limit);
    },

    /**
     * Posts the AI Agent's replies in the caller's unit of work, in order. False when the
     * conversation ended first: the rest are dropped, which is not an error.
     */
    async addAgentReplies(
      unit: Work,
      conversation: Conversation,
      replies: AgentReply[],
      handoff: string | null = null,
    ): Promise<boolean> {
      // Locked first, so an end cannot land between two replies of one turn.
      const current = await store.findByIdForUpdate(conversation.agentId, conversation.id, unit.ex);
      if (!current || current.status === 'ended') return false;
      for (const reply of replies) {
        const now = clock.now();
        const message: Message = {
          id: newId(now, conversation.agentId),
          agentId: conversation.agentId,
          conversationId: conversation.id,
          author: { role: 'ai_agent', id: null, displayName: reply.displayName, avatar: reply.avatar },
          content: reply.content,
          createdAt: now,
        };
        if (!(await append(unit, current, message))) return false;
      }
      // The replies announce the handoff; what comes after them belongs to the integration.
      if (handoff !== null && current.handoffIntegration === null)
        await store.update({ ...current, handoffIntegration: handoff }, unit.ex);
      return true;
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
