// Kysely queries for webhook endpoints, their delivery log and replays. No rules live here: the
// service decides, the store reads and writes. Methods take an optional executor so the service
// can compose several calls into one transaction.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../db/dialect.js';
import type { Database, DeliveryTrigger, WebhookAttemptsTable, WebhooksTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface Webhook {
  id: string;
  agentId: string;
  url: string;
  description: string;
  /** Distinct event type names; empty means every event type. */
  eventFilters: string[];
  enabled: boolean;
  /** Keyring envelopes, never plaintext. */
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The fields an API update may write; failingSince only ever to null. */
export type WebhookChanges = Partial<
  Pick<Webhook, 'url' | 'description' | 'eventFilters' | 'enabled' | 'failingSince'>
> & { updatedAt: number };

export interface WebhookAttempt {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  trigger: DeliveryTrigger;
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  createdAt: number;
}

export interface ReplayWindow {
  since: number;
  until: number;
  /** Event types to include; null for every type. */
  types: string[] | null;
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    agentId: row.agent_id,
    url: row.url,
    description: row.description,
    eventFilters: JSON.parse(row.event_filters) as string[],
    enabled: Number(row.enabled) === 1,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    failingSince: row.failing_since === null ? null : Number(row.failing_since),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toAttempt(row: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    attempt: Number(row.attempt),
    trigger: row.trigger,
    succeeded: Number(row.succeeded) === 1,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: row.error,
    responseBody: row.response_body,
    createdAt: Number(row.created_at),
  };
}

export function createWebhooksStore(handle: Db) {
  const db = handle.kysely;
  const engine = handle.engine;
  return {
    transaction<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
      return db.transaction().execute(work);
    },

    async insert(webhook: Webhook, tx: Executor = db): Promise<void> {
      await tx
        .insertInto('webhooks')
        .values({
          id: webhook.id,
          agent_id: webhook.agentId,
          url: webhook.url,
          description: webhook.description,
          event_filters: JSON.stringify(webhook.eventFilters),
          enabled: webhook.enabled ? 1 : 0,
          secret: webhook.secret,
          previous_secret: webhook.previousSecret,
          previous_secret_expires_at: webhook.previousSecretExpiresAt,
          failing_since: webhook.failingSince,
          created_at: webhook.createdAt,
          updated_at: webhook.updatedAt,
        })
        .execute();
    },

    /** With `lock` on PostgreSQL the row stays locked until the transaction ends. */
    async findById(agentId: string, id: string, tx: Executor = db, lock = false): Promise<Webhook | null> {
      let query = tx.selectFrom('webhooks').selectAll().where('id', '=', id).where('agent_id', '=', agentId);
      if (lock && engine === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row ? toWebhook(row) : null;
    },

    /** Up to `limit` endpoints with id >= cursor, ascending. */
    async list(agentId: string, cursor: string | null, limit: number): Promise<Webhook[]> {
      let query = db.selectFrom('webhooks').selectAll().where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '>=', cursor);
      return (await query.orderBy('id').limit(limit).execute()).map(toWebhook);
    },

    async update(agentId: string, id: string, changes: WebhookChanges, tx: Executor = db): Promise<void> {
      await tx
        .updateTable('webhooks')
        .set({
          ...(changes.url !== undefined ? { url: changes.url } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.eventFilters !== undefined ? { event_filters: JSON.stringify(changes.eventFilters) } : {}),
          ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
          ...(changes.failingSince !== undefined ? { failing_since: changes.failingSince } : {}),
          updated_at: changes.updatedAt,
        })
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .execute();
    },

    /**
     * Makes `secret` current and the current one previous, valid until `previousExpiresAt`, in
     * one statement (the right-hand sides read the row as it was). False when there is no such row.
     */
    async rotateSecret(agentId: string, id: string, secret: string, previousExpiresAt: number): Promise<boolean> {
      const result = await db
        .updateTable('webhooks')
        .set((eb) => ({ previous_secret: eb.ref('secret'), secret, previous_secret_expires_at: previousExpiresAt }))
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Deliveries and attempts go with the endpoint (ON DELETE CASCADE). False when there is no such row. */
    async delete(agentId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('webhooks')
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Up to `limit` attempts with id <= cursor, newest first. */
    async listAttempts(
      agentId: string,
      webhookId: string,
      cursor: string | null,
      limit: number,
    ): Promise<WebhookAttempt[]> {
      let query = db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '<=', cursor);
      return (await query.orderBy('id', 'desc').limit(limit).execute()).map(toAttempt);
    },

    /** Ids of the agent's events in the window, ascending, after `after`, at most `limit`. */
    async eventIdsInWindow(
      agentId: string,
      window: ReplayWindow,
      after: string | null,
      limit: number,
    ): Promise<string[]> {
      let query = db
        .selectFrom('events')
        .select('id')
        .where('agent_id', '=', agentId)
        .where('created_at', '>=', window.since)
        .where('created_at', '<=', window.until);
      if (window.types !== null) query = query.where('type', 'in', window.types);
      if (after !== null) query = query.where('id', '>', after);
      return (await query.orderBy('id').limit(limit).execute()).map((r) => r.id);
    },

    /**
     * Queues the given events for the endpoint again, in one statement: a new pending delivery
     * for each event that has none, and an existing delivery (whatever its state or lease) reset
     * to pending. The events are read again by the statement, so one deleted meanwhile is skipped.
     * `ids` pairs each event with the id its delivery gets if it is new. Returns how many
     * deliveries were queued.
     */
    async requeue(
      agentId: string,
      webhookId: string,
      ids: Array<{ eventId: string; deliveryId: string }>,
      now: number,
    ): Promise<number> {
      if (ids.length === 0) return 0;
      // VALUES columns are named column1, column2 on both engines.
      const pairs = sql<{
        column1: string;
        column2: string;
      }>`(values ${sql.join(ids.map((p) => sql`(${p.eventId}, ${p.deliveryId})`))})`;
      const result = await db
        .insertInto('webhook_deliveries')
        .columns([
          'id',
          'agent_id',
          'webhook_id',
          'event_id',
          'state',
          'trigger',
          'attempts',
          'next_attempt_at',
          'created_at',
          'updated_at',
        ])
        .expression(
          db
            .selectFrom('events')
            .innerJoin(pairs.as('v'), (join) => join.onRef('v.column1', '=', 'events.id'))
            // Typed casts: PostgreSQL would take bare parameters in a select list for text.
            .select([
              'v.column2',
              'events.agent_id',
              sql<string>`cast(${webhookId} as varchar(24))`.as('webhook_id'),
              'events.id',
              sql.lit('pending').as('state'),
              sql.lit('replay').as('trigger'),
              sql.lit(0).as('attempts'),
              sql<number>`cast(${now} as bigint)`.as('next_attempt_at'),
              sql<number>`cast(${now} as bigint)`.as('created_at'),
              sql<number>`cast(${now} as bigint)`.as('updated_at'),
            ])
            // Also keeps SQLite from reading ON CONFLICT as part of the join.
            .where('events.agent_id', '=', agentId),
        )
        .onConflict((oc) =>
          oc.columns(['webhook_id', 'event_id']).doUpdateSet({
            state: 'pending',
            trigger: 'replay',
            attempts: 0,
            next_attempt_at: now,
            lease_until: null,
            lease_token: null,
            updated_at: now,
          }),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
  };
}

export type WebhooksStore = ReturnType<typeof createWebhooksStore>;
