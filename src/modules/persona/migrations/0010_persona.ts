// The persona of each AI Agent and its custom instructions; titles unique per agent regardless of case.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personas')
    .addColumn('agent_id', 'varchar(24)', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('custom_instructions')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('availability_rules', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('custom_instructions_title_uq', ['agent_id', 'title_key'])
    .execute();
  await db.schema
    .createIndex('custom_instructions_agent_idx')
    .on('custom_instructions')
    .columns(['agent_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('custom_instructions').ifExists().execute();
  await db.schema.dropTable('personas').ifExists().execute();
}
