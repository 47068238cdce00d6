// Indexes for the Data Export API: each export pages an agent's records in the order of one time
// column and the id (keyset pagination), so each order has an index that starts with the agent.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversations_export_created_idx')
    .on('conversations')
    .columns(['agent_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_export_updated_idx')
    .on('conversations')
    .columns(['agent_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('messages_export_created_idx')
    .on('messages')
    .columns(['agent_id', 'created_at', 'id'])
    .execute();
  // The messages of one conversation within a window (the conversation_id filter).
  await db.schema
    .createIndex('messages_export_conversation_idx')
    .on('messages')
    .columns(['conversation_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_export_conversation_idx').execute();
  await db.schema.dropIndex('messages_export_created_idx').execute();
  await db.schema.dropIndex('conversations_export_updated_idx').execute();
  await db.schema.dropIndex('conversations_export_created_idx').execute();
}
