// Webhooks: the event outbox, endpoints, one delivery row per (event, endpoint) and the log of
// every attempt. Events are written in the same transaction as the change they describe;
// deliveries are fanned out in that transaction too, so a committed change always has its
// deliveries and a rolled-back one has none.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    // The exact JSON body every endpoint receives, fixed when the event is recorded.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_agent_created_idx').on('events').columns(['agent_id', 'created_at']).execute();
  await db.schema.createIndex('events_created_idx').on('events').column('created_at').execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('event_filters', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // Signing secrets, sealed with the encryption keyring like sensitive metadata.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    // Start of the current run of failed attempts; null after a success.
    .addColumn('failing_since', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_agent_id_idx').on('webhooks').columns(['agent_id', 'id']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('webhook_id', 'varchar(24)', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'varchar(24)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    // pending | succeeded | failed
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    // event | replay: what put the delivery in the queue
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // A worker owns a claimed delivery until lease_until; lease_token proves it on completion.
    .addColumn('lease_until', 'bigint')
    .addColumn('lease_token', 'varchar(48)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook_event_uq')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'event_id'])
    .unique()
    .execute();
  // Only pending deliveries are ever claimed; the partial index stays as small as the queue.
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').column('event_id').execute();
  // A claim reads back its rows by lease token; only deliveries in flight have one.
  await db.schema
    .createIndex('webhook_deliveries_lease_idx')
    .on('webhook_deliveries')
    .column('lease_token')
    .where(sql.ref('lease_token'), 'is not', null)
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('webhook_id', 'varchar(24)', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('delivery_id', 'varchar(24)', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
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
  await db.schema
    .createIndex('webhook_attempts_webhook_idx')
    .on('webhook_attempts')
    .columns(['webhook_id', 'id'])
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').column('delivery_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('events').execute();
}
