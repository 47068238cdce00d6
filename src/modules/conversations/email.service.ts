// Email conversations: POST /api/v2/conversations/email/ starts a conversation on the AI Agent's
// native Email channel. Roster has no mail server, so the email becomes the conversation's first
// end-user message and the responder answers it like any other; the end user is new, named after
// the sender and holding their address. No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { checkFlatMetadataSize, type FlatMetadata } from '../../lib/flat-metadata.js';
import { newId } from '../../lib/ids.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { AgentsStore } from '../agents/agents.store.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import { newEndUser, type EndUsersStore } from '../end-users/end-users.store.js';
import { conversationCreatedData } from './conversations.presenter.js';
import { EMAIL_TEXT_MAX_BYTES, type EmailConversationBody } from './conversations.schemas.js';
import type { Conversation, ConversationsStore, Message } from './conversations.store.js';
import type { MessagesService } from './messages.service.js';
import type { Turns } from './responder-turn.js';

/** The domain of the address Roster gives each AI Agent: <handle>@<domain>. */
export const EMAIL_DOMAIN = 'email.roster.invalid';

export interface EmailServiceDeps {
  store: ConversationsStore;
  channels: ChannelsStore;
  endUsers: EndUsersStore;
  agents: AgentsStore;
  messages: Pick<MessagesService, 'append'>;
  units: UnitOfWork;
  clock: Clock;
  turns: Turns;
  /** Further addresses reply_as may name (ROSTER_EMAIL_ADDRESSES), lower case. */
  addresses: readonly string[];
}

export function createEmailService(deps: EmailServiceDeps) {
  const { store, channels, endUsers, agents, messages, units, clock, turns, addresses } = deps;

  return {
    /** The new conversation's id. */
    async start(agentId: string, body: EmailConversationBody): Promise<string> {
      const text = body.text ?? null;
      if (text !== null && Buffer.byteLength(text, 'utf8') > EMAIL_TEXT_MAX_BYTES)
        throw fieldError(
          '$.text',
          `is ${Buffer.byteLength(text, 'utf8').toLocaleString('en-US')} bytes; the text may be at most 10,240 (10 KB)`,
        );
      const metadata = (body.metadata ?? {}) as FlatMetadata;
      checkFlatMetadataSize('$.metadata', metadata);
      const handle = await agents.handleOf(agentId);
      const own = `${handle}@${EMAIL_DOMAIN}`.toLowerCase();
      if (body.reply_as !== undefined && body.reply_as !== own && !addresses.includes(body.reply_as.toLowerCase())) {
        throw new AppError(
          'unprocessable',
          `reply_as "${body.reply_as}" is not an address of this AI Agent: use ${own} (the default) or an address configured for it.`,
        );
      }
      const [channel] = await channels.list(agentId, { type: 'native', modality: 'email' }, null, 1);
      if (!channel) throw new Error(`agent ${agentId} has no native email channel`);

      return units.transaction(async (unit) => {
        const now = clock.now();
        const user = newEndUser(agentId, now, { attachedAt: now, displayName: body.name, email: body.reply_to });
        await endUsers.insert(user, unit.ex);
        unit.record({ agentId, type: 'v1.end_user.created', data: presentEndUser(user), tags: [user.id] });
        const conversation: Conversation = {
          id: newId(now, agentId),
          agentId,
          channelId: channel.id,
          endUserId: user.id,
          status: 'active',
          metadata,
          endedBy: null,
          handoffIntegration: null,
          createdAt: now,
          updatedAt: now,
        };
        await store.insert(conversation, unit.ex);
        // Native channels carry no delivery tag.
        unit.record({
          agentId,
          type: 'v1.conversation.created',
          data: () => conversationCreatedData(conversation, handle),
        });
        const message: Message = {
          id: newId(now, agentId),
          agentId,
          conversationId: conversation.id,
          author: { role: 'end_user', id: user.id, displayName: body.name, avatar: null },
          content: { type: 'text', body: text === null || text === '' ? body.subject : `${body.subject}\n\n${text}` },
          createdAt: now,
        };
        await messages.append(unit, conversation, message);
        if (turns.enabled) turns.enqueue(unit, { kind: 'end_user_message', conversation, messageId: message.id });
        return conversation.id;
      });
    },
  };
}

export type EmailService = ReturnType<typeof createEmailService>;
