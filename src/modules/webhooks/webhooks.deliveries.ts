// The delivery queue's queries: claim due deliveries under a lease, record each attempt's outcome
// and schedule the next one, and drop old events. Claiming is safe with any number of workers:
// on PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so two workers never take
// the same row; on SQLite the single writer makes the claiming UPDATE atomic by itself. A lease
// that runs out (a worker that died mid-delivery) makes the delivery claimable again.
import { sql } from 'kysely';
import type { Db } from '../../db/dialect.js';
import { prepareQuery } from '../../db/prepared.js';
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

/** The worker's statements, prepared once (see db/prepared.ts): they run for every delivery. */
function deliveryQueries(handle: Db) {
  const db = handle.kysely;
  const postgres = handle.engine === 'postgres';
  return {
    claim: prepareQuery<{ id: string }, 'limit' | 'now' | 'lease_until' | 'lease_token'>(
      handle,
      'deliveries_claim',
      (p) => {
        let due = db
          .selectFrom('webhook_deliveries as d')
          .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
          .select('d.id')
          // A literal, not a parameter: only then can both planners see that the partial index
          // on pending deliveries applies (a generic plan would scan every delivery ever made).
          .where('d.state', '=', sql.lit('pending'))
          .where('d.next_attempt_at', '<=', p('now'))
          .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', p('now'))]))
          .where('w.enabled', '=', 1)
          .orderBy('d.next_attempt_at')
          .limit(p('limit'));
        if (postgres) due = due.forUpdate('d').skipLocked();
        return db
          .updateTable('webhook_deliveries')
          .set({ lease_until: p('lease_until'), lease_token: p('lease_token') })
          .where('id', 'in', due)
          .returning('id');
      },
    ),
    claimed: prepareQuery(handle, 'deliveries_claimed', (p: (name: 'lease_token') => never) =>
      db
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
        .where('d.lease_token', '=', p('lease_token')),
    ),
    moveOn: prepareQuery<{ id: string }, 'id' | 'lease_token' | 'state' | 'attempts' | 'next_attempt_at' | 'now'>(
      handle,
      'deliveries_move_on',
      (p) =>
        db
          .updateTable('webhook_deliveries')
          .set({
            state: p('state'),
            attempts: p('attempts'),
            next_attempt_at: p('next_attempt_at'),
            lease_until: null,
            lease_token: null,
            updated_at: p('now'),
          })
          .where('id', '=', p('id'))
          .where('lease_token', '=', p('lease_token'))
          .returning('id'),
    ),
    insertAttempt: prepareQuery<never, AttemptColumn>(handle, 'deliveries_insert_attempt', (p) =>
      db.insertInto('webhook_attempts').values(Object.fromEntries(ATTEMPT_COLUMNS.map((c) => [c, p(c)])) as never),
    ),
    clearFailing: prepareQuery<never, 'id'>(handle, 'deliveries_clear_failing', (p) =>
      db
        .updateTable('webhooks')
        .set({ failing_since: null })
        .where('id', '=', p('id'))
        .where('failing_since', 'is not', null),
    ),
    markFailing: prepareQuery<never, 'id' | 'now'>(handle, 'deliveries_mark_failing', (p) =>
      db
        .updateTable('webhooks')
        .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(p('now'))) }))
        .where('id', '=', p('id')),
    ),
    // Disabled after a message used up its attempts (failing_since <= now then always holds),
    // or after failing without a success since `since`.
    disable: prepareQuery<never, 'id' | 'now' | 'since'>(handle, 'deliveries_disable', (p) =>
      db
        .updateTable('webhooks')
        .set({ enabled: 0, updated_at: p('now') })
        .where('id', '=', p('id'))
        .where('enabled', '=', 1)
        .where('failing_since', '<=', p('since')),
    ),
  };
}

/**
 * PostgreSQL records an attempt in one statement: data-modifying CTEs run atomically, so the
 * delivery moves on, the attempt is logged and the endpoint's failure state is updated in one
 * round trip instead of five (BEGIN, three statements, COMMIT). Written as SQL because Kysely
 * cannot express a CTE chain of UPDATE and INSERT. The endpoint row is written only when its
 * failure state changes, so concurrent successes do not queue on its row lock.
 * $1 id, $2 lease token, $3 state, $4 attempt number, $5 next attempt at, $6 now,
 * $7 attempt id, $8 agent, $9 webhook, $10 event, $11 event type, $12 trigger, $13 succeeded
 * (1/0), $14 status code, $15 duration, $16 error, $17 response body, $18 disable when failing
 * since at or before this.
 */
const PG_COMPLETE = `
with moved as (
  update webhook_deliveries
     set state = $3, attempts = $4, next_attempt_at = $5, lease_until = null, lease_token = null, updated_at = $6
   where id = $1 and lease_token = $2
  returning id
), logged as (
  insert into webhook_attempts
    (id, agent_id, webhook_id, delivery_id, event_id, event_type, attempt, trigger, succeeded, status_code, duration_ms, error, response_body, created_at)
  select $7, $8, $9, moved.id, $10, $11, $4, $12, $13, $14, $15, $16, $17, $6 from moved
  returning 1
), endpoint as (
  update webhooks
     set failing_since = case when $13 = 1 then null else coalesce(failing_since, $6) end,
         enabled = case when $13 = 0 and coalesce(failing_since, $6) <= $18 then 0 else enabled end,
         updated_at = case when $13 = 0 and enabled = 1 and coalesce(failing_since, $6) <= $18 then $6 else updated_at end
   where id = $9
     and exists (select 1 from moved)
     and ($13 = 0 or failing_since is not null)
  returning 1
)
select count(*)::int as moved from moved`;

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

export function createDeliveriesStore(handle: Db) {
  const db = handle.kysely;
  const q = deliveryQueries(handle);

  return {
    /** Leases up to `limit` due deliveries of enabled endpoints to `leaseToken` until `leaseUntil`. */
    async claim(limit: number, now: number, leaseUntil: number, leaseToken: string): Promise<ClaimedDelivery[]> {
      const claimed = await q.claim({ limit, now, lease_until: leaseUntil, lease_token: leaseToken });
      if (claimed.length === 0) return [];
      // Every row this claim leased carries its token, so one prepared read fetches them all.
      const rows = await q.claimed({ lease_token: leaseToken });
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
    async complete(
      delivery: ClaimedDelivery,
      outcome: AttemptOutcome,
      options: CompleteOptions,
    ): Promise<CompletionResult> {
      const { now, nextAttemptAt, disableAfterMs } = options;
      const exhausted = !outcome.succeeded && nextAttemptAt === null;
      const state = outcome.succeeded ? 'succeeded' : exhausted ? 'failed' : 'pending';
      if (handle.engine === 'postgres') {
        const [row] = (await handle.execute('deliveries_complete', PG_COMPLETE, [
          delivery.id,
          delivery.leaseToken,
          state,
          delivery.attempts + 1,
          nextAttemptAt ?? now,
          now,
          newId(now),
          delivery.agentId,
          delivery.webhookId,
          delivery.eventId,
          delivery.eventType,
          delivery.trigger,
          outcome.succeeded ? 1 : 0,
          outcome.statusCode,
          outcome.durationMs,
          outcome.error,
          outcome.responseBody,
          exhausted ? now : now - disableAfterMs,
        ])) as Array<{ moved: number }>;
        return row && row.moved > 0 ? 'recorded' : 'lease-lost';
      }
      return db.transaction().execute(async (tx) => {
        const moved = await q.moveOn(
          {
            id: delivery.id,
            lease_token: delivery.leaseToken,
            state,
            attempts: delivery.attempts + 1,
            next_attempt_at: nextAttemptAt ?? now,
            now,
          },
          tx,
        );
        if (moved.length === 0) return 'lease-lost';
        await q.insertAttempt(
          {
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
          },
          tx,
        );
        if (outcome.succeeded) {
          await q.clearFailing({ id: delivery.webhookId }, tx);
          return 'recorded';
        }
        await q.markFailing({ id: delivery.webhookId, now }, tx);
        await q.disable({ id: delivery.webhookId, now, since: exhausted ? now : now - disableAfterMs }, tx);
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
          not(
            exists(
              selectFrom('webhook_deliveries as d')
                .select(sql.lit(1).as('one'))
                .whereRef('d.event_id', '=', 'e.id')
                .where('d.state', '=', 'pending'),
            ),
          ),
        )
        .limit(batch);
      const result = await db.deleteFrom('events').where('id', 'in', candidates).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type DeliveriesStore = ReturnType<typeof createDeliveriesStore>;
