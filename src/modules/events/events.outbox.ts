// The transactional outbox. A service records an event inside the transaction that makes the
// change; the event row and one delivery row per matching enabled endpoint commit or roll back
// with it. Nothing here talks to the network: the delivery worker picks the rows up after commit.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/dialect.js';
import { prepareQuery } from '../../db/prepared.js';
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
  db: Db;
  clock: Clock;
  signal: Signal;
  /** Delay before a new delivery's first attempt (the retry schedule's first entry). */
  firstAttemptDelayMs: number;
}

/** The outbox's statements, prepared once: they run inside every create and update. */
function outboxQueries(handle: Db) {
  const db = handle.kysely;
  return {
    insertEvent: prepareQuery<never, 'id' | 'agent_id' | 'type' | 'payload' | 'created_at'>(handle, 'outbox_insert_event', (p) =>
      db.insertInto('events').values({ id: p('id'), agent_id: p('agent_id'), type: p('type'), payload: p('payload'), created_at: p('created_at') }),
    ),
    enabledEndpoints: prepareQuery<{ id: string; event_filters: string }, 'agent_id'>(handle, 'outbox_enabled_endpoints', (p) =>
      db.selectFrom('webhooks').select(['id', 'event_filters']).where('agent_id', '=', p('agent_id')).where('enabled', '=', 1),
    ),
    insertDelivery: prepareQuery<never, 'id' | 'agent_id' | 'webhook_id' | 'event_id' | 'next_attempt_at' | 'now'>(handle, 'outbox_insert_delivery', (p) =>
      db.insertInto('webhook_deliveries').values({
        id: p('id'),
        agent_id: p('agent_id'),
        webhook_id: p('webhook_id'),
        event_id: p('event_id'),
        state: 'pending',
        trigger: 'event',
        attempts: 0,
        next_attempt_at: p('next_attempt_at'),
        lease_until: null,
        lease_token: null,
        created_at: p('now'),
        updated_at: p('now'),
      }),
    ),
  };
}

export function createOutbox(deps: OutboxDeps) {
  const { clock, signal, firstAttemptDelayMs } = deps;
  const queries = outboxQueries(deps.db);
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
      await queries.insertEvent({ id, agent_id: input.agentId, type: input.type, payload, created_at: now }, tx);
      const endpoints = await queries.enabledEndpoints({ agent_id: input.agentId }, tx);
      let deliveries = 0;
      for (const endpoint of endpoints) {
        if (!matchesFilters(endpoint.event_filters, input.type)) continue;
        await queries.insertDelivery(
          { id: newId(now), agent_id: input.agentId, webhook_id: endpoint.id, event_id: id, next_attempt_at: now + firstAttemptDelayMs, now },
          tx,
        );
        deliveries++;
      }
      return { id, deliveries };
    },

    /** Call after the transaction committed: wakes this process's delivery worker. */
    committed(events: RecordedEvent[]): void {
      if (events.some((e) => e.deliveries > 0)) signal.notify();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
