// Conversation attachments: files uploaded during a handoff. The bytes live in the blob store
// (the data directory or an S3-compatible bucket) under blob_key; the row says whose they are
// and until when their signed URL works.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conversation_attachments')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('conversation_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('end_user_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('blob_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(127)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_attachments_conversation')
    .on('conversation_attachments')
    .columns(['agent_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('conversation_attachments_end_user')
    .on('conversation_attachments')
    .columns(['agent_id', 'end_user_id'])
    .execute();
  await db.schema
    .createIndex('conversation_attachments_expires')
    .on('conversation_attachments')
    .columns(['expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('conversation_attachments').execute();
}
