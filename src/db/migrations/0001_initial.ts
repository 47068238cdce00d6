// Agents, API keys, end users and their sensitive values.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agents')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('handle', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)')
    .addColumn('prefix', 'varchar(32)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_agent_idx').on('api_keys').columns(['agent_id', 'id']).execute();

  await db.schema
    .createTable('end_users')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('external_id', 'text')
    .addColumn('external_id_lower', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('display_name', 'text')
    .addColumn('avatar', 'text')
    .addColumn('email', 'text')
    .addColumn('language', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('attached_at', 'bigint')
    .execute();
  // The lower-cased external_id is unique per agent; NULLs (no external_id) never collide.
  await db.schema
    .createIndex('end_users_agent_external_id_uq')
    .on('end_users')
    .columns(['agent_id', 'external_id_lower'])
    .unique()
    .execute();
  await db.schema.createIndex('end_users_agent_id_idx').on('end_users').columns(['agent_id', 'id']).execute();
  // Only unattached end users are candidates for the sweeper; the partial index stays small.
  await db.schema
    .createIndex('end_users_unattached_idx')
    .on('end_users')
    .column('created_at')
    .where(sql.ref('attached_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('sensitive_values')
    .addColumn('end_user_id', 'varchar(24)', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('key', 'varchar(128)', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sensitive_values_pk', ['end_user_id', 'key'])
    .execute();
  await db.schema.createIndex('sensitive_values_expires_idx').on('sensitive_values').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sensitive_values').execute();
  await db.schema.dropTable('end_users').execute();
  await db.schema.dropTable('api_keys').execute();
  await db.schema.dropTable('agents').execute();
}
