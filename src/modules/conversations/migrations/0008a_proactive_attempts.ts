// Proactive Attempts: requests to call a person, queued and taken through their simulated
// lifecycle by jobs. An Idempotency-Key is unique per AI Agent.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proactive_attempts')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'varchar(255)')
    // queued | initiated | answered | machine_detected | failed
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('phone_number', 'varchar(16)', (c) => c.notNull())
    .addColumn('language', 'varchar(64)')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(24)')
    .addColumn('failure_reason', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proactive_attempts_key_uq')
    .on('proactive_attempts')
    .columns(['agent_id', 'idempotency_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proactive_attempts').execute();
}
