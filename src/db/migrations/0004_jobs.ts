// The jobs table: all background work runs from it (webhook deliveries, sweeps, purges, the AI
// Agent's turns). Pending webhook deliveries move into it, and the delivery log no longer points
// at a deliveries table: its delivery_id is the id of the job that made the attempt.
import { sql, type Kysely } from 'kysely';

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

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(24)')
    .addColumn('group_key', 'varchar(64)')
    .addColumn('dedupe_key', 'varchar(128)')
    .addColumn('ref_id', 'varchar(24)')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_token', 'varchar(48)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Only queued jobs are ever claimed; the partial index stays as small as the queue.
  await db.schema
    .createIndex('jobs_due_idx')
    .on('jobs')
    .columns(['kind', 'run_at'])
    .where(sql.ref('state'), '=', 'queued')
    .execute();
  await db.schema.createIndex('jobs_dedupe_uq').on('jobs').columns(['kind', 'dedupe_key']).unique().execute();
  await db.schema
    .createIndex('jobs_group_idx')
    .on('jobs')
    .columns(['kind', 'group_key', 'id'])
    .where(sql.ref('group_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('jobs_ref_idx')
    .on('jobs')
    .column('ref_id')
    .where(sql.ref('ref_id'), 'is not', null)
    .execute();
  // A claim reads back its rows by lease token; only jobs in flight have one.
  await db.schema
    .createIndex('jobs_lease_idx')
    .on('jobs')
    .column('lease_token')
    .where(sql.ref('lease_token'), 'is not', null)
    .execute();

  // Deliveries still to be made become jobs, keeping their ids, attempts and schedule.
  const pending = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'agent_id', 'webhook_id', 'event_id', 'trigger', 'attempts', 'next_attempt_at', 'created_at'])
    .where('state', '=', 'pending')
    .execute();
  for (let i = 0; i < pending.length; i += 200) {
    await db
      .insertInto('jobs')
      .values(
        pending.slice(i, i + 200).map((d) => ({
          id: d.id,
          kind: 'webhook.delivery',
          agent_id: d.agent_id,
          group_key: d.webhook_id,
          dedupe_key: `${d.webhook_id}:${d.event_id}`,
          ref_id: d.event_id,
          payload: JSON.stringify({ webhook_id: d.webhook_id, event_id: d.event_id, trigger: d.trigger }),
          state: 'queued',
          run_at: Number(d.next_attempt_at),
          attempts: Number(d.attempts),
          lease_until: null,
          lease_token: null,
          last_error: null,
          created_at: Number(d.created_at),
          updated_at: Number(d.created_at),
        })),
      )
      .execute();
  }

  // The attempts table is rebuilt without its reference to webhook_deliveries (SQLite cannot drop
  // a foreign key in place), then the deliveries table goes.
  await db.schema
    .createTable('webhook_attempts_next')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('webhook_id', 'varchar(24)', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('delivery_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('webhook_attempts_next')
    .columns([...ATTEMPT_COLUMNS])
    .expression(db.selectFrom('webhook_attempts').select([...ATTEMPT_COLUMNS]))
    .execute();
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.alterTable('webhook_attempts_next').renameTo('webhook_attempts').execute();
  await db.schema
    .createIndex('webhook_attempts_webhook_idx')
    .on('webhook_attempts')
    .columns(['webhook_id', 'id'])
    .execute();
  await db.schema.createIndex('webhook_attempts_event_idx').on('webhook_attempts').column('event_id').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
}

export async function down(): Promise<void> {
  throw new Error('0004_jobs cannot be undone: restore the database from a backup taken before it');
}
