// The transactional outbox. A service records an event inside the transaction that makes the
// change; the event row and one delivery row per matching enabled endpoint commit or roll back
// with it. Nothing here talks to the network: the delivery worker picks the rows up after commit.
// An event is recorded when at least one endpoint of the agent subscribes to its type, enabled
// or not (a disabled endpoint can replay it once enabled again). With no such endpoint there is
// no one to deliver to, and the change is written alone, at the cost it had before webhooks.
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
  /**
   * Delivery-layer tags, stored with the event but not sent in its body: conversation events
   * carry their channel's id, which a channel filter matches.
   */
  deliveryTags?: string[];
}

export interface Subscriber {
  id: string;
  enabled: boolean;
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
    insertEvent: prepareQuery<never, 'id' | 'agent_id' | 'type' | 'payload' | 'tags' | 'created_at'>(
      handle,
      'outbox_insert_event',
      (p) =>
        db.insertInto('events').values({
          id: p('id'),
          agent_id: p('agent_id'),
          type: p('type'),
          payload: p('payload'),
          tags: p('tags'),
          created_at: p('created_at'),
        }),
    ),
    endpoints: prepareQuery<{ id: string; event_filters: string; enabled: number }, 'agent_id'>(
      handle,
      'outbox_endpoints',
      (p) => db.selectFrom('webhooks').select(['id', 'event_filters', 'enabled']).where('agent_id', '=', p('agent_id')),
    ),
    insertDelivery: prepareQuery<never, 'id' | 'agent_id' | 'webhook_id' | 'event_id' | 'next_attempt_at' | 'now'>(
      handle,
      'outbox_insert_delivery',
      (p) =>
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

  /**
   * The agent's endpoints subscribed to `type`, enabled or not. A service that has nothing else
   * to write in a transaction asks first, and writes without one when the answer is empty.
   */
  async function subscribers(agentId: string, type: EventType, tx?: Transaction<Database>): Promise<Subscriber[]> {
    const rows = await queries.endpoints({ agent_id: agentId }, tx);
    return rows
      .filter((r) => matchesFilters(r.event_filters, type))
      .map((r) => ({ id: r.id, enabled: Number(r.enabled) === 1 }));
  }

  return {
    subscribers,

    /** The agent's endpoints read once, for a change that records events of several types. */
    async subscriptions(agentId: string, tx?: Transaction<Database>): Promise<(type: EventType) => Subscriber[]> {
      const rows = await queries.endpoints({ agent_id: agentId }, tx);
      return (type) =>
        rows
          .filter((r) => matchesFilters(r.event_filters, type))
          .map((r) => ({ id: r.id, enabled: Number(r.enabled) === 1 }));
    },

    /**
     * Writes the event and a delivery per enabled subscriber with the caller's transaction; null
     * when no endpoint subscribes. `known` saves reading the subscribers again.
     */
    async record(tx: Transaction<Database>, input: EventInput, known?: Subscriber[]): Promise<RecordedEvent | null> {
      const targets = known ?? (await subscribers(input.agentId, input.type, tx));
      if (targets.length === 0) return null;
      const now = clock.now();
      const id = newId(now);
      const payload = JSON.stringify({
        type: input.type,
        timestamp: toWireTime(now),
        data: input.data,
        ...(input.tags ? { tags: input.tags } : {}),
      });
      const tags = input.deliveryTags ? JSON.stringify(input.deliveryTags) : null;
      await queries.insertEvent({ id, agent_id: input.agentId, type: input.type, payload, tags, created_at: now }, tx);
      let deliveries = 0;
      for (const endpoint of targets) {
        if (!endpoint.enabled) continue;
        await queries.insertDelivery(
          {
            id: newId(now),
            agent_id: input.agentId,
            webhook_id: endpoint.id,
            event_id: id,
            next_attempt_at: now + firstAttemptDelayMs,
            now,
          },
          tx,
        );
        deliveries++;
      }
      return { id, deliveries };
    },

    /** Call after the transaction committed: wakes this process's delivery worker. */
    committed(events: Array<RecordedEvent | null>): void {
      if (events.some((e) => e !== null && e.deliveries > 0)) signal.notify();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
