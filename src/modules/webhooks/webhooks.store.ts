// Queries for webhook endpoints, recorded events and the delivery log. No rules live here: the
// service, the outbox and the delivery job decide; the store reads and writes, on the executor it
// is given or on the database itself.
import { sql, type Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type { DeliveryTrigger, WebhookAttemptsTable, WebhooksTable } from './webhooks.tables.js';

/** The job kind of a delivery (see webhooks.delivery.ts); the store purges around it. */
export const DELIVERY_KIND = 'webhook.delivery';

export interface Webhook {
  id: string;
  agentId: string;
  url: string;
  description: string;
  /** Distinct event type names; empty means every event type. */
  eventFilters: string[];
  /**
   * Distinct delivery tags (custom channel ids, human integration names) of which an event must
   * carry one; empty means every event, tagged or not (a Roster extension).
   */
  channels: string[];
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
  Pick<Webhook, 'url' | 'description' | 'eventFilters' | 'channels' | 'enabled' | 'failingSince'>
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
  /** Tags of which an event must carry one; null for every event, tagged or not. */
  channels: string[] | null;
}

export interface StoredEvent {
  id: string;
  agentId: string;
  type: string;
  payload: string;
}

export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** A LIKE pattern (escape character: backslash) matching a JSON array text that holds `tag` as an element. */
function tagPattern(tag: string): string {
  return `%${JSON.stringify(tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    agentId: row.agent_id,
    url: row.url,
    description: row.description,
    eventFilters: JSON.parse(row.event_filters) as string[],
    channels: JSON.parse(row.channels) as string[],
    enabled: Number(row.enabled) === 1,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    failingSince: row.failing_since === null ? null : Number(row.failing_since),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toAttempt(row: AttemptRow): WebhookAttempt {
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

const ATTEMPT_COLUMNS = [
  'id',
  'agent_id',
  'webhook_id',
  'delivery_id',
  'event_id',
  'event_type',
  'attempt',
  'trigger',
  'succeeded',
  'status_code',
  'duration_ms',
  'error',
  'response_body',
  'created_at',
] as const;
type AttemptColumn = (typeof ATTEMPT_COLUMNS)[number];

function queries(db: Db) {
  const k = db.kysely;
  const byId = (p: (name: 'id' | 'agent_id') => never) =>
    k.selectFrom('webhooks').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id'));
  return {
    findById: prepare<Selectable<WebhooksTable>, 'id' | 'agent_id'>('webhooks_by_id', byId),
    findByIdForUpdate: prepare<Selectable<WebhooksTable>, 'id' | 'agent_id'>('webhooks_by_id_for_update', (p) =>
      db.forUpdate(byId(p)),
    ),
    // Runs inside every unit of work that records an event.
    endpoints: prepare<{ id: string; event_filters: string; channels: string; enabled: number }, 'agent_id'>(
      'webhooks_endpoints',
      (p) =>
        k
          .selectFrom('webhooks')
          .select(['id', 'event_filters', 'channels', 'enabled'])
          .where('agent_id', '=', p('agent_id')),
    ),
    insertEvent: prepare<never, 'id' | 'agent_id' | 'type' | 'payload' | 'tags' | 'end_user_id' | 'created_at'>(
      'events_insert',
      (p) =>
        k.insertInto('events').values({
          id: p('id'),
          agent_id: p('agent_id'),
          type: p('type'),
          payload: p('payload'),
          tags: p('tags'),
          end_user_id: p('end_user_id'),
          created_at: p('created_at'),
        }),
    ),
    insertAttempt: prepare<never, AttemptColumn>('webhook_attempts_insert', (p) =>
      k.insertInto('webhook_attempts').values(Object.fromEntries(ATTEMPT_COLUMNS.map((c) => [c, p(c)])) as never),
    ),
    clearFailing: prepare<never, 'id'>('webhooks_clear_failing', (p) =>
      k
        .updateTable('webhooks')
        .set({ failing_since: null })
        .where('id', '=', p('id'))
        .where('failing_since', 'is not', null),
    ),
    markFailing: prepare<never, 'id' | 'now'>('webhooks_mark_failing', (p) =>
      k
        .updateTable('webhooks')
        .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(p('now'))) }))
        .where('id', '=', p('id')),
    ),
    // Disabled after a message used up its attempts (failing_since <= now then always holds),
    // or after failing without a success since `since`.
    disable: prepare<never, 'id' | 'now' | 'since'>('webhooks_disable', (p) =>
      k
        .updateTable('webhooks')
        .set({ enabled: 0, updated_at: p('now') })
        .where('id', '=', p('id'))
        .where('enabled', '=', 1)
        .where('failing_since', '<=', p('since')),
    ),
  };
}

export function createWebhooksStore(db: Db) {
  const k = db.kysely;
  const q = queries(db);

  return {
    async insert(webhook: Webhook, ex: Executor = db.root): Promise<void> {
      await changed(
        ex,
        k.insertInto('webhooks').values({
          id: webhook.id,
          agent_id: webhook.agentId,
          url: webhook.url,
          description: webhook.description,
          event_filters: JSON.stringify(webhook.eventFilters),
          channels: JSON.stringify(webhook.channels),
          enabled: webhook.enabled ? 1 : 0,
          secret: webhook.secret,
          previous_secret: webhook.previousSecret,
          previous_secret_expires_at: webhook.previousSecretExpiresAt,
          failing_since: webhook.failingSince,
          created_at: webhook.createdAt,
          updated_at: webhook.updatedAt,
        }),
      );
    },

    /** Holds the agent's row until `ex` ends, so concurrent creations count one after another. */
    async lockAgent(agentId: string, ex: Executor): Promise<void> {
      await all(ex, db.forUpdate(k.selectFrom('agents').select('id').where('id', '=', agentId)));
    },

    async countEndpoints(agentId: string, ex: Executor = db.root): Promise<number> {
      const row = await k
        .selectFrom('webhooks')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('agent_id', '=', agentId);
      return Number((await all(ex, row))[0]?.n ?? 0);
    },

    /** True while a delivery queued by a replay of the endpoint is still waiting or retrying. */
    async replayPending(agentId: string, webhookId: string): Promise<boolean> {
      const rows = await all(
        db.root,
        k
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', DELIVERY_KIND)
          .where('group_key', '=', webhookId)
          .where('agent_id', '=', agentId)
          .where('state', 'in', ['queued', 'paused'])
          // The payload is JSON.stringify({ webhook_id, event_id, trigger }) (webhooks.outbox.ts).
          .where('payload', 'like', '%"trigger":"replay"%')
          .limit(1),
      );
      return rows.length > 0;
    },

    async findById(agentId: string, id: string, ex: Executor = db.root): Promise<Webhook | null> {
      const row = await q.findById.first({ id, agent_id: agentId }, ex);
      return row ? toWebhook(row) : null;
    },

    /** The endpoint, locked until the transaction `ex` ends (where the engine has row locks). */
    async findByIdForUpdate(agentId: string, id: string, ex: Executor): Promise<Webhook | null> {
      const row = await q.findByIdForUpdate.first({ id, agent_id: agentId }, ex);
      return row ? toWebhook(row) : null;
    },

    /** Up to `limit` endpoints with id >= cursor, ascending. */
    async list(agentId: string, cursor: string | null, limit: number): Promise<Webhook[]> {
      let query = k.selectFrom('webhooks').selectAll().where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '>=', cursor);
      return (await all(db.root, query.orderBy('id').limit(limit))).map(toWebhook);
    },

    /** The agent's endpoints as the outbox needs them: id, filters and whether enabled. */
    async endpoints(
      agentId: string,
      ex: Executor,
    ): Promise<Array<{ id: string; eventFilters: string[]; channels: string[]; enabled: boolean }>> {
      const rows = await q.endpoints.all({ agent_id: agentId }, ex);
      return rows.map((r) => ({
        id: r.id,
        eventFilters: JSON.parse(r.event_filters) as string[],
        channels: JSON.parse(r.channels) as string[],
        enabled: Number(r.enabled) === 1,
      }));
    },

    async update(agentId: string, id: string, changes: WebhookChanges, ex: Executor): Promise<void> {
      await changed(
        ex,
        k
          .updateTable('webhooks')
          .set({
            ...(changes.url !== undefined ? { url: changes.url } : {}),
            ...(changes.description !== undefined ? { description: changes.description } : {}),
            ...(changes.eventFilters !== undefined ? { event_filters: JSON.stringify(changes.eventFilters) } : {}),
            ...(changes.channels !== undefined ? { channels: JSON.stringify(changes.channels) } : {}),
            ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
            ...(changes.failingSince !== undefined ? { failing_since: changes.failingSince } : {}),
            updated_at: changes.updatedAt,
          })
          .where('id', '=', id)
          .where('agent_id', '=', agentId),
      );
    },

    /**
     * Makes `secret` current and the current one previous, valid until `previousExpiresAt`, in
     * one statement (the right-hand sides read the row as it was). False when there is no such row.
     */
    async rotateSecret(
      agentId: string,
      id: string,
      secret: string,
      previousExpiresAt: number,
      ex: Executor = db.root,
    ): Promise<boolean> {
      const query = k
        .updateTable('webhooks')
        .set((eb) => ({ previous_secret: eb.ref('secret'), secret, previous_secret_expires_at: previousExpiresAt }))
        .where('id', '=', id)
        .where('agent_id', '=', agentId);
      return (await changed(ex, query)) > 0;
    },

    /** Attempts go with the endpoint (ON DELETE CASCADE). False when there is no such row. */
    async delete(agentId: string, id: string, ex: Executor): Promise<boolean> {
      return (await changed(ex, k.deleteFrom('webhooks').where('id', '=', id).where('agent_id', '=', agentId))) > 0;
    },

    /** Up to `limit` attempts with id <= cursor, newest first. */
    async listAttempts(
      agentId: string,
      webhookId: string,
      cursor: string | null,
      limit: number,
    ): Promise<WebhookAttempt[]> {
      let query = k
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '<=', cursor);
      return (await all(db.root, query.orderBy('id', 'desc').limit(limit))).map(toAttempt);
    },

    /**
     * The agent's events in the window, ascending, after `after`, at most `limit`, with their
     * delivery tags. With `channels`, only events whose stored tags may hold one of them: the
     * text match can let through an event the caller's exact test (matchesChannels) then drops
     * (SQLite's LIKE ignores ASCII case), never the reverse.
     */
    async eventsInWindow(
      agentId: string,
      window: ReplayWindow,
      after: string | null,
      limit: number,
    ): Promise<Array<{ id: string; tags: string[] }>> {
      let query = k
        .selectFrom('events')
        .select(['id', 'tags'])
        .where('agent_id', '=', agentId)
        .where('created_at', '>=', window.since)
        .where('created_at', '<=', window.until);
      if (window.types !== null) query = query.where('type', 'in', window.types);
      const channels = window.channels;
      if (channels !== null) {
        query = query
          .where('tags', 'is not', null)
          .where((eb) =>
            eb.or(channels.map((tag) => sql<boolean>`${eb.ref('tags')} like ${tagPattern(tag)} escape '\\'`)),
          );
      }
      if (after !== null) query = query.where('id', '>', after);
      return (await all(db.root, query.orderBy('id').limit(limit))).map((r) => ({
        id: r.id,
        tags: r.tags === null ? [] : (JSON.parse(r.tags) as string[]),
      }));
    },

    async insertEvent(
      ex: Executor,
      event: {
        id: string;
        agentId: string;
        type: string;
        payload: string;
        tags: string | null;
        endUserId: string | null;
        createdAt: number;
      },
    ): Promise<void> {
      await q.insertEvent.run(
        {
          id: event.id,
          agent_id: event.agentId,
          type: event.type,
          payload: event.payload,
          tags: event.tags,
          end_user_id: event.endUserId,
          created_at: event.createdAt,
        },
        ex,
      );
    },

    /** Events by id (a batch of deliveries reads its events in one go). */
    async eventsByIds(ids: string[], ex: Executor): Promise<StoredEvent[]> {
      if (ids.length === 0) return [];
      const rows = await all(
        ex,
        k.selectFrom('events').select(['id', 'agent_id', 'type', 'payload']).where('id', 'in', ids),
      );
      return rows.map((r) => ({ id: r.id, agentId: r.agent_id, type: r.type, payload: r.payload }));
    },

    /** Endpoints by id, whatever their agent (the delivery job checks the agent itself). */
    async webhooksByIds(ids: string[], ex: Executor): Promise<Webhook[]> {
      if (ids.length === 0) return [];
      return (await all(ex, k.selectFrom('webhooks').selectAll().where('id', 'in', ids))).map(toWebhook);
    },

    async recordAttempt(ex: Executor, attempt: AttemptRow): Promise<void> {
      await q.insertAttempt.run(attempt, ex);
    },

    /** A success ends the endpoint's run of failures. */
    async clearFailing(ex: Executor, webhookId: string): Promise<void> {
      await q.clearFailing.run({ id: webhookId }, ex);
    },

    /**
     * A failure starts (or continues) the endpoint's run of failures; the endpoint is disabled
     * when that run began at or before `disableIfFailingSince`. True when this disabled it.
     */
    async markFailing(ex: Executor, webhookId: string, now: number, disableIfFailingSince: number): Promise<boolean> {
      await q.markFailing.run({ id: webhookId, now }, ex);
      return (await q.disable.run({ id: webhookId, now, since: disableIfFailingSince }, ex)) > 0;
    },

    /**
     * Deletes up to `batch` events created before `cutoff` that no delivery still waits to send
     * (a queued or paused job); the attempt log ages out on its own.
     */
    async purgeEventsBefore(cutoff: number, batch: number, ex: Executor = db.root): Promise<number> {
      const candidates = k
        .selectFrom('events as e')
        .select('e.id')
        .where('e.created_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('jobs as j')
                .select(sql.lit(1).as('one'))
                .whereRef('j.ref_id', '=', 'e.id')
                .where('j.kind', '=', DELIVERY_KIND)
                .where('j.state', 'in', ['queued', 'paused']),
            ),
          ),
        )
        .limit(batch);
      return changed(ex, k.deleteFrom('events').where('id', 'in', candidates));
    },

    /** Deletes up to `batch` attempts logged before `cutoff`. */
    async purgeAttemptsBefore(cutoff: number, batch: number, ex: Executor = db.root): Promise<number> {
      const candidates = k.selectFrom('webhook_attempts').select('id').where('created_at', '<', cutoff).limit(batch);
      return changed(ex, k.deleteFrom('webhook_attempts').where('id', 'in', candidates));
    },

    /**
     * Deletes the agent's recorded events about any of these end users (their own events and
     * their conversations'), with the deliveries still to be made and the logged attempts; how
     * many events.
     */
    async forgetEndUsers(agentId: string, endUserIds: readonly string[], ex: Executor): Promise<number> {
      if (endUserIds.length === 0) return 0;
      const events = await all(
        ex,
        k.selectFrom('events').select('id').where('agent_id', '=', agentId).where('end_user_id', 'in', endUserIds),
      );
      const ids = events.map((e) => e.id);
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await changed(ex, k.deleteFrom('jobs').where('kind', '=', DELIVERY_KIND).where('ref_id', 'in', chunk));
        await changed(ex, k.deleteFrom('webhook_attempts').where('event_id', 'in', chunk));
        await changed(ex, k.deleteFrom('events').where('id', 'in', chunk));
      }
      return ids.length;
    },
  };
}

export type WebhooksStore = ReturnType<typeof createWebhooksStore>;
