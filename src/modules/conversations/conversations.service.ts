// Conversation rules: start a conversation on a custom channel (creating or attaching its end
// user), read it, merge its metadata, end it once. No HTTP, no SQL.
import type { Executor } from '../../db/executor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { checkFlatMetadataSize, type FlatMetadata } from '../../lib/flat-metadata.js';
import { newId, normalizeId } from '../../lib/ids.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { AgentsStore } from '../agents/agents.store.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import { newEndUser, type EndUsersStore } from '../end-users/end-users.store.js';
import {
  conversationCreatedData,
  conversationEndedData,
  conversationTags,
  handoffEndedData,
} from './conversations.presenter.js';
import type { CreateConversationBody, PatchConversationBody } from './conversations.schemas.js';
import type { Conversation, ConversationsStore } from './conversations.store.js';
import type { Turns } from './responder-turn.js';

export interface ConversationsServiceDeps {
  store: ConversationsStore;
  channels: ChannelsStore;
  endUsers: EndUsersStore;
  agents: AgentsStore;
  units: UnitOfWork;
  clock: Clock;
  turns: Turns;
}

export function createConversationsService(deps: ConversationsServiceDeps) {
  const { store, channels, endUsers, agents, units, clock, turns } = deps;

  /** Whether the conversation is on a custom or a native channel (null if the channel is gone). */
  async function channelTypeOf(conversation: Conversation, ex: Executor): Promise<'custom' | 'native' | null> {
    return (await channels.findById(conversation.agentId, conversation.channelId, ex))?.type ?? null;
  }

  async function requireConversation(agentId: string, rawId: string): Promise<Conversation> {
    const id = normalizeId(rawId);
    const conversation = id === null ? null : await store.findById(agentId, id);
    if (!conversation) throw notFound(`Conversation "${rawId}"`);
    return conversation;
  }

  return {
    get: requireConversation,

    async create(agentId: string, body: CreateConversationBody): Promise<Conversation> {
      const channelId = normalizeId(body.channel_id);
      const channel = channelId === null ? null : await channels.findById(agentId, channelId);
      if (!channel) throw notFound(`Channel "${body.channel_id}" (channel_id)`);
      if (channel.type !== 'custom') {
        throw fieldError(
          '$.channel_id',
          'is a native channel; conversations can be started through this API on custom channels only',
        );
      }
      const metadata = (body.metadata ?? {}) as FlatMetadata;
      checkFlatMetadataSize('$.metadata', metadata);
      const rawEndUserId = body.end_user_id ?? null;
      const endUserId = rawEndUserId === null ? null : normalizeId(rawEndUserId);
      const missingEndUser = () => notFound(`End user "${rawEndUserId}" (end_user_id)`);
      if (rawEndUserId !== null && endUserId === null) throw missingEndUser();

      return units.transaction(async (unit) => {
        const now = clock.now();
        let attachedId: string;
        if (endUserId === null) {
          // Born attached: the sweeper of unused end users never considers it.
          const user = newEndUser(agentId, now, { attachedAt: now });
          await endUsers.insert(user, unit.ex);
          unit.record({ agentId, type: 'v1.end_user.created', data: presentEndUser(user), tags: [user.id] });
          attachedId = user.id;
        } else {
          // The UPDATE takes the end user's row lock; the sweeper's DELETE re-checks attached_at
          // under that lock, so whichever commits first wins and neither half-happens.
          if (!(await endUsers.markAttached(agentId, endUserId, now, unit.ex))) throw missingEndUser();
          attachedId = endUserId;
        }
        const created: Conversation = {
          id: newId(now, agentId),
          agentId,
          channelId: channel.id,
          endUserId: attachedId,
          status: 'active',
          metadata,
          endedBy: null,
          handoffIntegration: null,
          createdAt: now,
          updatedAt: now,
        };
        await store.insert(created, unit.ex);
        unit.record({
          agentId,
          type: 'v1.conversation.created',
          data: async () => conversationCreatedData(created, await agents.handleOf(agentId, unit.ex)),
          deliveryTags: [channel.id],
        });
        if (turns.enabled)
          turns.enqueue(unit, { kind: 'conversation_created', conversation: created, messageId: null });
        return created;
      });
    },

    async patch(agentId: string, rawId: string, body: PatchConversationBody): Promise<Conversation> {
      const id = normalizeId(rawId);
      if (id === null) throw notFound(`Conversation "${rawId}"`);
      return units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current) throw notFound(`Conversation "${rawId}"`);
        const metadata: FlatMetadata = { ...current.metadata };
        let changed = false;
        for (const [key, value] of Object.entries(body.metadata)) {
          if (value === null) {
            if (Object.hasOwn(metadata, key)) {
              delete metadata[key];
              changed = true;
            }
          } else if (metadata[key] !== value) {
            metadata[key] = value;
            changed = true;
          }
        }
        checkFlatMetadataSize('$.metadata', metadata);
        if (!changed) return current;
        const next: Conversation = { ...current, metadata, updatedAt: clock.now() };
        await store.update(next, unit.ex);
        return next;
      });
    },

    /** Ends the conversation; ending an ended one changes nothing and sends no second event. */
    async end(agentId: string, rawId: string): Promise<Conversation> {
      const id = normalizeId(rawId);
      if (id === null) throw notFound(`Conversation "${rawId}"`);
      return units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current) throw notFound(`Conversation "${rawId}"`);
        if (current.status === 'ended') return current;
        // The API is called by the custom channel, which speaks for the end user.
        const next: Conversation = {
          ...current,
          status: 'ended',
          endedBy: { role: 'end_user', id: current.endUserId },
          updatedAt: clock.now(),
        };
        await store.update(next, unit.ex);
        unit.record({
          agentId,
          type: 'v1.conversation.ended',
          data: async () => conversationEndedData(next, await agents.handleOf(agentId, unit.ex)),
          deliveryTags: async () => conversationTags(next, await channelTypeOf(next, unit.ex)),
        });
        return next;
      });
    },

    /**
     * Returns the conversation from its human handoff to the AI Agent, with
     * v1.conversation.handoff.ended; 422 when it is not in an active handoff (never was, already
     * ended, or the conversation itself has ended).
     */
    async endHandoff(agentId: string, rawId: string): Promise<Conversation> {
      const id = normalizeId(rawId);
      if (id === null) throw notFound(`Conversation "${rawId}"`);
      return units.transaction(async (unit) => {
        const current = await store.findByIdForUpdate(agentId, id, unit.ex);
        if (!current) throw notFound(`Conversation "${rawId}"`);
        const integration = current.handoffIntegration;
        if (current.status === 'ended' || integration === null) {
          throw new AppError(
            'unprocessable',
            current.status === 'ended'
              ? `Conversation "${current.id}" has ended; it is not in an active handoff.`
              : `Conversation "${current.id}" is not in an active handoff.`,
          );
        }
        // The handoff is not a returned field: updated_at stays.
        const next: Conversation = { ...current, handoffIntegration: null };
        await store.update(next, unit.ex);
        unit.record({
          agentId,
          type: 'v1.conversation.handoff.ended',
          data: async () => handoffEndedData(next, integration, await agents.handleOf(agentId, unit.ex)),
          deliveryTags: async () => conversationTags(current, await channelTypeOf(current, unit.ex)),
        });
        return next;
      });
    },
  };
}

export type ConversationsService = ReturnType<typeof createConversationsService>;
