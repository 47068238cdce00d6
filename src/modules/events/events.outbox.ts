// The transactional outbox. A service records an event inside the transaction that makes the
// change; the event row and one delivery row per matching enabled endpoint commit or roll back
// with it. Nothing here talks to the network: the delivery worker picks the rows up after commit.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Signal } from '../../lib/signal.js';
import { toWireTime } from '../../lib/time.js';
import type { EventType } from './events.catalog.js';

export interface EventInput {
  agentId: string;
  type: EventType;
  data: unknown;
  /** Tags carried in the payload (end-user events carry the end user's id). */
  tags?: string[];
}

export interface RecordedEvent {
  id: string;
  deliveries: number;
}

/** The id receivers see as svix-id / webhook-id: stable across retries of one event. */
export function messageId(eventId: string): string {
  return `msg_${eventId}`;
}

export function matchesFilters(eventFilters: string, type: string): boolean {
  const filters = JSON.parse(eventFilters) as string[];
  return filters.length === 0 || filters.includes(type);
}

export interface OutboxDeps {
  clock: Clock;
  signal: Signal;
  /** Delay before a new delivery's first attempt (the retry schedule's first entry). */
  firstAttemptDelayMs: number;
}

export function createOutbox(deps: OutboxDeps) {
  const { clock, signal, firstAttemptDelayMs } = deps;
  return {
    /** Writes the event and its deliveries with the caller's transaction. */
    async record(tx: Transaction<Database>, input: EventInput): Promise<RecordedEvent> {
      const now = clock.now();
      const id = newId(now);
      const payload = JSON.stringify({
        type: input.type,
        timestamp: toWireTime(now),
        data: input.data,
        ...(input.tags ? { tags: input.tags } : {}),
      });
      await tx.insertInto('events').values({ id, agent_id: input.agentId, type: input.type, payload, created_at: now }).execute();
      const endpoints = await tx
        .selectFrom('webhooks')
        .select(['id', 'event_filters'])
        .where('agent_id', '=', input.agentId)
        .where('enabled', '=', 1)
        .execute();
      const targets = endpoints.filter((w) => matchesFilters(w.event_filters, input.type));
      if (targets.length > 0) {
        await tx
          .insertInto('webhook_deliveries')
          .values(
            targets.map((w) => ({
              id: newId(now),
              agent_id: input.agentId,
              webhook_id: w.id,
              event_id: id,
              state: 'pending' as const,
              trigger: 'event' as const,
              attempts: 0,
              next_attempt_at: now + firstAttemptDelayMs,
              lease_until: null,
              lease_token: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
      return { id, deliveries: targets.length };
    },

    /** Call after the transaction committed: wakes this process's delivery worker. */
    committed(events: RecordedEvent[]): void {
      if (events.some((e) => e.deliveries > 0)) signal.notify();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
