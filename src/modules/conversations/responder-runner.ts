// Runs the responder after conversation turns commit: when a conversation starts (the greeting)
// and after each end-user message. Turns of one conversation run one after another, in the order
// they committed, so replies keep the order of what they answer; different conversations run in
// parallel. The API never waits for the AI Agent: replies reach the integrator as
// v1.conversation.message webhooks and in the message log, as Ada's do.
import { retrying } from '../../lib/retry.js';
import type { Reply, Responder, ResponderTurn } from '../responder/responder.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import { presentChannel } from '../channels/channels.presenter.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import type { EndUsersStore } from '../end-users/end-users.store.js';
import { presentConversation, presentMessage } from './conversations.presenter.js';
import type { ConversationsStore, Message } from './conversations.store.js';
import type { MessagesService } from './messages.service.js';

export interface ResponderJob {
  kind: 'conversation_created' | 'end_user_message';
  agentId: string;
  conversationId: string;
  /** The end user's message for end_user_message; null for conversation_created. */
  messageId: string | null;
  /** That message, when the caller has it at hand (saves reading it back). */
  message?: Message;
}

/** Waits before each further try to store replies after an unexpected database error. */
const STORE_RETRY_DELAYS_MS = [200, 1_000];

export interface RunnerLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ResponderRunnerDeps {
  responder: Responder;
  conversations: ConversationsStore;
  channels: ChannelsStore;
  endUsers: EndUsersStore;
  readSensitive(agentId: string, endUserId: string): Promise<Record<string, string | number | boolean>>;
  messages: Pick<MessagesService, 'addAgentReplies'>;
}

export function createResponderRunner(deps: ResponderRunnerDeps) {
  const { responder, conversations, channels, endUsers, messages } = deps;
  const queues = new Map<string, Promise<void>>();
  const inFlight = new Set<AbortController>();
  let logger: RunnerLogger | null = null;
  let stopped = false;
  let failures = 0;

  async function buildTurn(job: ResponderJob): Promise<ResponderTurn | null> {
    const conversation = await conversations.findById(job.agentId, job.conversationId);
    if (!conversation || conversation.status === 'ended') return null;
    const [channel, endUser, message, handle] = await Promise.all([
      channels.findById(job.agentId, conversation.channelId),
      endUsers.findById(job.agentId, conversation.endUserId),
      job.messageId === null ? null : (job.message ?? conversations.findMessage(job.agentId, job.messageId)),
      conversations.agentHandle(job.agentId),
    ]);
    if (!channel || !endUser || (job.messageId !== null && !message)) return null;
    return {
      id: job.messageId ?? job.conversationId,
      kind: job.kind,
      agent: { id: job.agentId, handle },
      conversation: presentConversation(conversation),
      channel: presentChannel(channel),
      endUser: presentEndUser(endUser),
      message: message ? presentMessage(message) : null,
      sensitiveMetadata: () => deps.readSensitive(job.agentId, endUser.id),
    };
  }

  /**
   * Stores the replies in one transaction. The responder has already answered (and may have done
   * work for it), so a passing database failure is retried rather than losing the replies.
   */
  async function storeReplies(job: ResponderJob, replies: Reply[]) {
    const agentReplies = replies.map((r) => ({ content: r.content, displayName: r.display_name, avatar: r.avatar }));
    return retrying(
      () => messages.addAgentReplies(job.agentId, job.conversationId, agentReplies),
      STORE_RETRY_DELAYS_MS,
    );
  }

  async function run(job: ResponderJob): Promise<void> {
    if (stopped) return;
    const controller = new AbortController();
    inFlight.add(controller);
    try {
      const turn = await buildTurn(job);
      if (!turn) return;
      const replies = await responder.respond(turn, controller.signal);
      if (replies.length === 0 || controller.signal.aborted) return;
      const posted = await storeReplies(job, replies);
      if (posted === null)
        logger?.warn(
          { conversation_id: job.conversationId },
          'the conversation ended before the AI Agent replied; the reply was dropped',
        );
    } catch (error) {
      failures++;
      logger?.warn(
        {
          conversation_id: job.conversationId,
          turn: job.kind,
          responder: responder.kind,
          error: (error as Error).message,
        },
        'the responder gave no reply',
      );
    } finally {
      inFlight.delete(controller);
    }
  }

  async function idle(): Promise<void> {
    while (queues.size > 0) await Promise.allSettled([...queues.values()]);
  }

  return {
    /** Queues a committed turn; returns at once. Does nothing when the responder is none. */
    enqueue(job: ResponderJob): void {
      if (responder.kind === 'none' || stopped) return;
      const previous = queues.get(job.conversationId) ?? Promise.resolve();
      const next = previous.then(() => run(job));
      queues.set(job.conversationId, next);
      void next.finally(() => {
        if (queues.get(job.conversationId) === next) queues.delete(job.conversationId);
      });
    },

    setLogger(next: RunnerLogger): void {
      logger = next;
    },

    /** Resolves once every queued turn has run (tests and graceful shutdown). */
    idle,

    /** Turns that ended with an error since start (a responder that failed or answered badly). */
    failures: () => failures,

    /** Waits up to `graceMs` for queued turns, then aborts those still waiting on the responder. */
    async stop(graceMs = 5_000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([idle(), deadline]);
      clearTimeout(timer);
      stopped = true;
      for (const controller of inFlight) controller.abort();
      await Promise.allSettled([...queues.values()]);
    },
  };
}

export type ResponderRunner = ReturnType<typeof createResponderRunner>;
