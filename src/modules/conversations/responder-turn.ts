// The AI Agent's turns as jobs: when a conversation starts (the greeting) and after each end-user
// message, a turn is queued in the same unit of work, so a turn survives a crash as surely as the
// message that caused it. Turns of one conversation run one at a time, in the order they were
// queued, so replies keep the order of what they answer; different conversations run in
// parallel. The API never waits for the AI Agent: replies reach the integrator as
// v1.conversation.message webhooks and in the message log, as Ada's do.
//
// The replies and the end of the turn's job commit together, so a turn is answered once: if the
// process dies after the responder answered but before that commit, the turn runs again (the
// http responder gets the same Idempotency-Key) and its replies are posted then, once.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../platform/manifest.js';
import type { Work } from '../../platform/unit-of-work.js';
import type { AgentsStore } from '../agents/agents.store.js';
import { presentChannel } from '../channels/channels.presenter.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import type { EndUsersStore } from '../end-users/end-users.store.js';
import {
  answerOf,
  type Responder,
  type ResponderTurn,
  type TurnGuidance,
  type TurnKind,
} from '../responder/responder.js';
import { presentConversation, presentMessage } from './conversations.presenter.js';
import type { Conversation, ConversationsStore } from './conversations.store.js';
import type { MessagesService } from './messages.service.js';

export const TURN_KIND = 'responder.turn';

/** Turns of different conversations answered at once by one runner. */
const TURN_CONCURRENCY = 16;

interface TurnPayload {
  turn: TurnKind;
  conversation_id: string;
  /** The end user's message for end_user_message; null for conversation_created. */
  message_id: string | null;
}

/** How services queue turns. */
export interface Turns {
  /** False with the none responder: there is nobody to ask. */
  readonly enabled: boolean;
  readonly kind: string;
  enqueue(unit: Work, turn: { kind: TurnKind; conversation: Conversation; messageId: string | null }): void;
}

export function createTurns(responder: Responder): Turns {
  return {
    enabled: responder.kind !== 'none',
    kind: TURN_KIND,
    enqueue(unit, turn) {
      const payload: TurnPayload = {
        turn: turn.kind,
        conversation_id: turn.conversation.id,
        message_id: turn.messageId,
      };
      unit.enqueue({ kind: TURN_KIND, agentId: turn.conversation.agentId, group: turn.conversation.id, payload });
    },
  };
}

export interface TurnJobDeps {
  responder: Responder;
  timeoutMs: number;
  conversations: ConversationsStore;
  channels: ChannelsStore;
  endUsers: EndUsersStore;
  agents: AgentsStore;
  readSensitive(agentId: string, endUserId: string): Promise<Record<string, string | number | boolean>>;
  /** The persona and the custom instructions that apply to an end user with this profile. */
  guidanceFor(agentId: string, profile: Record<string, unknown>): Promise<TurnGuidance>;
  messages: Pick<MessagesService, 'addAgentReplies'>;
  clock: Clock;
  log: Logger;
  metrics: Registry;
}

export function turnJob(deps: TurnJobDeps): JobDefinition<TurnPayload> {
  const { responder, conversations, channels, endUsers, agents, messages, clock, log } = deps;
  const turns = new Counter({
    name: 'roster_responder_turns_total',
    help: "The AI Agent's turns by outcome (replied, silent, dropped: the conversation ended first; failed).",
    labelNames: ['outcome'] as const,
    registers: [deps.metrics],
  });
  const latency = new Histogram({
    name: 'roster_responder_turn_duration_seconds',
    help: 'Time the responder took to answer a turn, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [deps.metrics],
  });

  return {
    kind: TURN_KIND,
    concurrency: TURN_CONCURRENCY,
    ordered: true,
    // The http responder tries three times, each within its timeout, with short pauses between.
    leaseMs: deps.timeoutMs * 3 + 10_000,
    // A responder that failed after its own retries gives no reply: the turn is dead, and later
    // turns of the conversation go on.
    backoff: () => null,

    async run(job, ctx) {
      const agentId = job.agentId as string;
      const { conversation_id: conversationId, message_id: messageId } = job.payload;
      const conversation = await conversations.findById(agentId, conversationId, ctx.ex);
      // During a handoff the human integration answers; a turn queued before it began is skipped.
      if (!conversation || conversation.status === 'ended' || conversation.handoffIntegration !== null) return;
      const [channel, endUser, message, handle] = await Promise.all([
        channels.findById(agentId, conversation.channelId, ctx.ex),
        endUsers.findById(agentId, conversation.endUserId, ctx.ex),
        messageId === null ? null : conversations.findMessage(agentId, messageId, ctx.ex),
        agents.handleOf(agentId, ctx.ex),
      ]);
      if (!channel || !endUser || (messageId !== null && !message)) return;
      const turn: ResponderTurn = {
        id: messageId ?? conversationId,
        kind: job.payload.turn,
        agent: { id: agentId, handle },
        conversation: presentConversation(conversation),
        channel: presentChannel(channel),
        endUser: presentEndUser(endUser),
        message: message ? presentMessage(message) : null,
        sensitiveMetadata: () => deps.readSensitive(agentId, endUser.id),
        guidance: () => deps.guidanceFor(agentId, presentEndUser(endUser).profile),
      };

      const started = clock.now();
      const observe = (outcome: string) => {
        turns.inc({ outcome });
        latency.observe({ outcome }, Math.max(0, clock.now() - started) / 1000);
      };
      let answer;
      try {
        answer = answerOf(await responder.respond(turn, ctx.signal));
      } catch (error) {
        if (ctx.signal.aborted) return;
        observe('failed');
        log.warn(
          {
            conversation_id: conversationId,
            turn: job.payload.turn,
            responder: responder.kind,
            error: (error as Error).message,
          },
          'the responder gave no reply',
        );
        throw error;
      }
      if (ctx.signal.aborted) return;
      const { replies, handoff } = answer;
      if (replies.length === 0 && handoff === null) {
        observe('silent');
        return;
      }
      let posted = false;
      const settled = await ctx.succeed(async (unit) => {
        posted = await messages.addAgentReplies(
          unit,
          conversation,
          replies.map((r) => ({ content: r.content, displayName: r.display_name, avatar: r.avatar })),
          handoff,
        );
      });
      // Lost the lease meanwhile: the runner that took the turn over posts the replies.
      if (!settled) return;
      observe(posted ? 'replied' : 'dropped');
      if (!posted) {
        log.warn(
          { conversation_id: conversationId },
          'the conversation ended before the AI Agent replied; the reply was dropped',
        );
      }
    },
  };
}
