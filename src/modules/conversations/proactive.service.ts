// Proactive conversations: POST /api/v2/conversations/proactive/ asks for a voice call to a
// person. Roster places no calls: the attempt is queued and a job takes it through the states a
// real call reports, one v1.proactive_call.* event each: queued, then initiated after a second,
// then after two more the verdict, read from the number's last four digits so tests and demos
// can choose it (0000: failed with no_answer; 1111: machine_detected; anything else: answered,
// which starts a conversation on the native Voice channel). An Idempotency-Key makes retries
// safe: the first attempt made with it is answered again. No HTTP, no SQL.
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import { checkFlatMetadataSize, type FlatMetadata } from '../../lib/flat-metadata.js';
import { newId } from '../../lib/ids.js';
import { toWireTime } from '../../lib/time.js';
import type { UnitOfWork, Work } from '../../platform/unit-of-work.js';
import type { ChannelsStore } from '../channels/channels.store.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import { newEndUser, type EndUsersStore } from '../end-users/end-users.store.js';
import type { AgentsStore } from '../agents/agents.store.js';
import { conversationCreatedData } from './conversations.presenter.js';
import type { ProactiveBody } from './conversations.schemas.js';
import type { Conversation, ConversationsStore } from './conversations.store.js';
import type { ProactiveStatus } from './conversations.tables.js';
import type { ProactiveAttempt, ProactiveStore } from './proactive.store.js';
import type { Turns } from './responder-turn.js';

export const PROACTIVE_KIND = 'proactive.call';
export const PROACTIVE_EVENTS = [
  'v1.proactive_call.queued',
  'v1.proactive_call.initiated',
  'v1.proactive_call.answered',
  'v1.proactive_call.machine_detected',
  'v1.proactive_call.failed',
] as const;
/** After queued, the call is placed this much later; the verdict comes this much after that. */
export const PROACTIVE_STEP_MS = { initiate: 1_000, verdict: 2_000 };

export function presentAttempt(a: ProactiveAttempt) {
  return {
    id: a.id,
    status: a.status,
    channel: a.channel,
    recipient: { phone_number: a.phoneNumber },
    language: a.language,
    metadata: a.metadata,
    conversation_id: a.conversationId,
    failure_reason: a.failureReason,
    created_at: toWireTime(a.createdAt),
    updated_at: toWireTime(a.updatedAt),
  };
}

export function attemptEventData(a: ProactiveAttempt) {
  const { id, ...rest } = presentAttempt(a);
  return { proactive_attempt_id: id, ...rest };
}

/** The verdict of a simulated call, from the number's last four digits. */
export function verdictOf(phoneNumber: string): { status: ProactiveStatus; failureReason: string | null } {
  if (phoneNumber.endsWith('0000')) return { status: 'failed', failureReason: 'no_answer' };
  if (phoneNumber.endsWith('1111')) return { status: 'machine_detected', failureReason: null };
  return { status: 'answered', failureReason: null };
}

export interface ProactiveDeps {
  store: ProactiveStore;
  conversations: ConversationsStore;
  channels: ChannelsStore;
  endUsers: EndUsersStore;
  agents: AgentsStore;
  units: UnitOfWork;
  clock: Clock;
  turns: Turns;
}

export function createProactiveService(deps: ProactiveDeps) {
  const { store, conversations, channels, endUsers, agents, units, clock, turns } = deps;

  function record(unit: Work, attempt: ProactiveAttempt): void {
    unit.record({
      agentId: attempt.agentId,
      type: `v1.proactive_call.${attempt.status}`,
      data: attemptEventData(attempt),
    });
  }

  /** Starts the conversation of an answered call: a new end user on the native Voice channel. */
  async function answer(unit: Work, attempt: ProactiveAttempt, channelId: string, now: number): Promise<string> {
    const user = newEndUser(attempt.agentId, now, {
      attachedAt: now,
      language: attempt.language,
      metadata: {},
    });
    await endUsers.insert(user, unit.ex);
    unit.record({ agentId: attempt.agentId, type: 'v1.end_user.created', data: presentEndUser(user), tags: [user.id] });
    const conversation: Conversation = {
      id: newId(now, attempt.agentId),
      agentId: attempt.agentId,
      channelId,
      endUserId: user.id,
      status: 'active',
      metadata: attempt.metadata,
      endedBy: null,
      handoffIntegration: null,
      createdAt: now,
      updatedAt: now,
    };
    await conversations.insert(conversation, unit.ex);
    unit.record({
      agentId: attempt.agentId,
      type: 'v1.conversation.created',
      data: async () => conversationCreatedData(conversation, await agents.handleOf(attempt.agentId, unit.ex)),
    });
    if (turns.enabled) turns.enqueue(unit, { kind: 'conversation_created', conversation, messageId: null });
    return conversation.id;
  }

  return {
    /** The queued attempt, or the one an earlier request with the same key made (replayed). */
    async create(
      agentId: string,
      key: string | null,
      body: ProactiveBody,
    ): Promise<{ attempt: ProactiveAttempt; replayed: boolean }> {
      if (key !== null) {
        const earlier = await store.findByKey(agentId, key);
        if (earlier) return { attempt: earlier, replayed: true };
      }
      const metadata = (body.metadata ?? {}) as FlatMetadata;
      checkFlatMetadataSize('$.metadata', metadata);
      const now = clock.now();
      const attempt: ProactiveAttempt = {
        id: newId(now, agentId),
        agentId,
        idempotencyKey: key,
        status: 'queued',
        channel: body.channel,
        phoneNumber: body.recipient.phone_number,
        language: body.language ?? null,
        metadata,
        conversationId: null,
        failureReason: null,
        createdAt: now,
        updatedAt: now,
      };
      const inserted = await units.transaction(async (unit) => {
        if (!(await store.insert(attempt, unit.ex))) return false;
        record(unit, attempt);
        unit.enqueue({
          kind: PROACTIVE_KIND,
          agentId,
          payload: { attempt_id: attempt.id },
          runAt: now + PROACTIVE_STEP_MS.initiate,
        });
        return true;
      });
      if (inserted) return { attempt, replayed: false };
      // Another request with the same key won the race.
      const winner = key === null ? null : await store.findByKey(agentId, key);
      if (!winner) throw new Error('an attempt with this key was neither inserted nor found');
      return { attempt: winner, replayed: true };
    },

    /** The job that takes an attempt to its next state. */
    job(): JobDefinition<{ attempt_id: string }> {
      return {
        kind: PROACTIVE_KIND,
        concurrency: 4,
        leaseMs: 30_000,
        backoff: (attempt) => (attempt < 5 ? 1_000 * attempt : null),
        async run(job, ctx) {
          const agentId = job.agentId as string;
          const current = await store.findById(agentId, job.payload.attempt_id, ctx.ex);
          if (!current || (current.status !== 'queued' && current.status !== 'initiated')) return;
          const verdict = verdictOf(current.phoneNumber);
          // Read before the unit of work: its transaction takes only its own executor.
          let voiceChannel: string | null = null;
          if (current.status === 'initiated' && verdict.status === 'answered') {
            const [channel] = await channels.list(agentId, { type: 'native', modality: 'voice' }, null, 1);
            if (!channel) throw new Error(`agent ${agentId} has no native voice channel`);
            voiceChannel = channel.id;
          }
          await ctx.succeed(async (unit) => {
            const now = clock.now();
            if (current.status === 'queued') {
              const next: ProactiveAttempt = { ...current, status: 'initiated', updatedAt: now };
              await store.update(next, unit.ex);
              record(unit, next);
              unit.enqueue({
                kind: PROACTIVE_KIND,
                agentId,
                payload: { attempt_id: current.id },
                runAt: now + PROACTIVE_STEP_MS.verdict,
              });
              return;
            }
            const conversationId = voiceChannel === null ? null : await answer(unit, current, voiceChannel, now);
            const next: ProactiveAttempt = {
              ...current,
              status: verdict.status,
              failureReason: verdict.failureReason,
              conversationId,
              updatedAt: now,
            };
            await store.update(next, unit.ex);
            record(unit, next);
          });
        },
      };
    },
  };
}

export type ProactiveService = ReturnType<typeof createProactiveService>;
