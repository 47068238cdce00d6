// Conversations API: channels (custom ones created through the API, plus each agent's read-only
// native channels), conversations and their messages. Events gain the delivery-layer tags that
// conversation events carry (the channel id), kept apart from the payload.
import type { Kysely } from 'kysely';
import { nativeChannelRows } from '../native-channels.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    // custom | native
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // messaging | email | voice
    .addColumn('modality', 'varchar(16)', (c) => c.notNull())
    .addColumn('markdown', 'integer', (c) => c.notNull())
    // JSON object for custom channels; null for native ones, which have no metadata.
    .addColumn('metadata', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channels_agent_type_idx').on('channels').columns(['agent_id', 'type', 'id']).execute();
  // The daily creation limit counts an agent's recent custom channels.
  await db.schema
    .createIndex('channels_agent_created_idx')
    .on('channels')
    .columns(['agent_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('channel_id', 'varchar(24)', (c) => c.notNull().references('channels.id'))
    .addColumn('end_user_id', 'varchar(24)', (c) => c.notNull().references('end_users.id'))
    // active | ended
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ended_by_role', 'varchar(16)')
    .addColumn('ended_by_id', 'varchar(24)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_end_user_idx').on('conversations').column('end_user_id').execute();
  await db.schema.createIndex('conversations_channel_idx').on('conversations').column('channel_id').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(24)', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    // end_user | ai_agent | human_agent
    .addColumn('author_role', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(24)')
    .addColumn('author_display_name', 'text')
    .addColumn('author_avatar', 'text')
    // The content object as JSON: {"type":"text","body":...} or {"type":"link",...}.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_conversation_idx').on('messages').columns(['conversation_id', 'id']).execute();

  // Delivery-layer tags (a JSON array), not part of the payload: conversation events carry
  // their channel's id here.
  await db.schema.alterTable('events').addColumn('tags', 'text').execute();

  // Agents that exist already get their native channels; new agents get them when created.
  const agents = await db.selectFrom('agents').select(['id', 'created_at']).execute();
  for (const agent of agents) {
    await db
      .insertInto('channels')
      .values(nativeChannelRows(agent.id, Number(agent.created_at)))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('tags').execute();
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('conversations').execute();
  await db.schema.dropTable('channels').execute();
}
