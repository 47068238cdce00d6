// The delivery queue's queries: claim due deliveries under a lease, record each attempt's outcome
// and schedule the next one, and drop old events. Claiming is safe with any number of workers:
// on PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so two workers never take
// the same row; on SQLite the single writer makes the claiming UPDATE atomic by itself. A lease
// that runs out (a worker that died mid-delivery) makes the delivery claimable again.
import { sql } from 'kysely';
import type { Db } from '../../db/dialect.js';
import type { DeliveryTrigger } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';

export interface ClaimedDelivery {
  id: string;
  agentId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  payload: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  attempts: number;
  trigger: DeliveryTrigger;
  leaseToken: string;
}

export interface AttemptOutcome {
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

export interface CompleteOptions {
  now: number;
  /** When the next attempt is due after a failure; null when the schedule is exhausted. */
  nextAttemptAt: number | null;
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number;
}

export type CompletionResult = 'recorded' | 'lease-lost';

export function createDeliveriesStore(handle: Db) {
  const db = handle.kysely;
  const postgres = handle.engine === 'postgres';

  return {
    /** Leases up to `limit` due deliveries of enabled endpoints to `leaseToken` until `leaseUntil`. */
    async claim(limit: number, now: number, leaseUntil: number, leaseToken: string): Promise<ClaimedDelivery[]> {
      let due = db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .select('d.id')
        .where('d.state', '=', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', now)]))
        .where('w.enabled', '=', 1)
        .orderBy('d.next_attempt_at')
        .limit(limit);
      if (postgres) due = due.forUpdate('d').skipLocked();
      const claimed = await db
        .updateTable('webhook_deliveries')
        .set({ lease_until: leaseUntil, lease_token: leaseToken })
        .where('id', 'in', due)
        .returning('id')
        .execute();
      if (claimed.length === 0) return [];
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .select([
          'd.id',
          'd.agent_id',
          'd.webhook_id',
          'd.event_id',
          'd.attempts',
          'd.trigger',
          'e.type',
          'e.payload',
          'w.url',
          'w.secret',
          'w.previous_secret',
          'w.previous_secret_expires_at',
        ])
        .where(
          'd.id',
          'in',
          claimed.map((c) => c.id),
        )
        .where('d.lease_token', '=', leaseToken)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        webhookId: r.webhook_id,
        eventId: r.event_id,
        eventType: r.type,
        payload: r.payload,
        url: r.url,
        secret: r.secret,
        previousSecret: r.previous_secret,
        previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : Number(r.previous_secret_expires_at),
        attempts: Number(r.attempts),
        trigger: r.trigger,
        leaseToken,
      }));
    },

    /**
     * Records one attempt and moves the delivery on: succeeded, pending again at nextAttemptAt,
     * or failed (which disables the endpoint). Done only while the lease is still ours; a worker
     * that lost its lease leaves the row to the worker that holds it.
     */
    async complete(delivery: ClaimedDelivery, outcome: AttemptOutcome, options: CompleteOptions): Promise<CompletionResult> {
      const { now, nextAttemptAt, disableAfterMs } = options;
      return db.transaction().execute(async (tx) => {
        const exhausted = !outcome.succeeded && nextAttemptAt === null;
        const moved = await tx
          .updateTable('webhook_deliveries')
          .set({
            state: outcome.succeeded ? 'succeeded' : exhausted ? 'failed' : 'pending',
            attempts: delivery.attempts + 1,
            next_attempt_at: nextAttemptAt ?? now,
            lease_until: null,
            lease_token: null,
            updated_at: now,
          })
          .where('id', '=', delivery.id)
          .where('lease_token', '=', delivery.leaseToken)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) return 'lease-lost';

        await tx
          .insertInto('webhook_attempts')
          .values({
            id: newId(now),
            agent_id: delivery.agentId,
            webhook_id: delivery.webhookId,
            delivery_id: delivery.id,
            event_id: delivery.eventId,
            event_type: delivery.eventType,
            attempt: delivery.attempts + 1,
            trigger: delivery.trigger,
            succeeded: outcome.succeeded ? 1 : 0,
            status_code: outcome.statusCode,
            duration_ms: outcome.durationMs,
            error: outcome.error,
            response_body: outcome.responseBody,
            created_at: now,
          })
          .execute();

        if (outcome.succeeded) {
          await tx.updateTable('webhooks').set({ failing_since: null }).where('id', '=', delivery.webhookId).where('failing_since', 'is not', null).execute();
          return 'recorded';
        }
        await tx
          .updateTable('webhooks')
          .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(now)) }))
          .where('id', '=', delivery.webhookId)
          .execute();
        // Disabled after a message used up its attempts, or after failing for disableAfterMs.
        let disable = tx.updateTable('webhooks').set({ enabled: 0, updated_at: now }).where('id', '=', delivery.webhookId).where('enabled', '=', 1);
        if (!exhausted) disable = disable.where('failing_since', '<=', now - disableAfterMs);
        await disable.execute();
        return 'recorded';
      });
    },

    /** Gives a claimed delivery back untouched (the worker is stopping before it could send). */
    async release(delivery: ClaimedDelivery): Promise<void> {
      await db
        .updateTable('webhook_deliveries')
        .set({ lease_until: null, lease_token: null })
        .where('id', '=', delivery.id)
        .where('lease_token', '=', delivery.leaseToken)
        .execute();
    },

    /**
     * Deletes up to `batch` events created before `cutoff` that have no delivery still pending;
     * their deliveries and attempts go with them (ON DELETE CASCADE).
     */
    async purgeEventsBefore(cutoff: number, batch: number): Promise<number> {
      const candidates = db
        .selectFrom('events as e')
        .select('e.id')
        .where('e.created_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('webhook_deliveries as d').select(sql.lit(1).as('one')).whereRef('d.event_id', '=', 'e.id').where('d.state', '=', 'pending'))),
        )
        .limit(batch);
      const result = await db.deleteFrom('events').where('id', 'in', candidates).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

  };
}

export type DeliveriesStore = ReturnType<typeof createDeliveriesStore>;
