// The admin console's operators and sessions, and an index for its search of end users by email.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_admins')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('admin_id', 'varchar(24)', (c) => c.notNull().references('console_admins.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expires').on('console_sessions').column('expires_at').execute();
  // The console's search of end users by email reads this index, not the agent's whole list.
  await db.schema
    .createIndex('end_users_agent_email_idx')
    .on('end_users')
    .columns(['agent_id', 'email', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('end_users_agent_email_idx').execute();
  await db.schema.dropTable('console_sessions').execute();
  await db.schema.dropTable('console_admins').execute();
}
