// Queries for conversations and their messages. No rules live here: the services decide, the
// store reads and writes, on the executor it is given (a unit of work's transaction) or on the
// database itself. The statements every message runs are prepared once.
import { sql, type Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type { FlatMetadata } from '../../lib/flat-metadata.js';
import type { AuthorRole, ConversationStatus, ConversationsTable, MessagesTable } from './conversations.tables.js';

export interface Conversation {
  id: string;
  agentId: string;
  channelId: string;
  endUserId: string;
  status: ConversationStatus;
  metadata: FlatMetadata;
  endedBy: { role: string; id: string | null } | null;
  /** The human integration in an active handoff, or null. */
  handoffIntegration: string | null;
  createdAt: number;
  updatedAt: number;
}

export type MessageContent =
  | { type: 'text'; body: string }
  | { type: 'link'; url: string; link_text: string | null }
  | { type: 'file'; url: string; mime_type: string; filename: string };

export interface Message {
  id: string;
  agentId: string;
  conversationId: string;
  author: { role: AuthorRole; id: string | null; displayName: string | null; avatar: string | null };
  content: MessageContent;
  createdAt: number;
}

function toConversation(row: Selectable<ConversationsTable>): Conversation {
  return {
    id: row.id,
    agentId: row.agent_id,
    channelId: row.channel_id,
    endUserId: row.end_user_id,
    status: row.status,
    metadata: JSON.parse(row.metadata) as FlatMetadata,
    endedBy: row.ended_by_role === null ? null : { role: row.ended_by_role, id: row.ended_by_id },
    handoffIntegration: row.handoff_integration ?? null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toMessage(row: Selectable<MessagesTable>): Message {
  return {
    id: row.id,
    agentId: row.agent_id,
    conversationId: row.conversation_id,
    author: {
      role: row.author_role,
      id: row.author_id,
      displayName: row.author_display_name,
      avatar: row.author_avatar,
    },
    content: JSON.parse(row.content) as MessageContent,
    createdAt: Number(row.created_at),
  };
}

type MessageColumn = keyof MessagesTable;
const MESSAGE_COLUMNS: MessageColumn[] = [
  'id',
  'agent_id',
  'conversation_id',
  'author_role',
  'author_id',
  'author_display_name',
  'author_avatar',
  'content',
  'created_at',
];

function messageRow(message: Message): Record<MessageColumn, unknown> {
  return {
    id: message.id,
    agent_id: message.agentId,
    conversation_id: message.conversationId,
    author_role: message.author.role,
    author_id: message.author.id,
    author_display_name: message.author.displayName,
    author_avatar: message.author.avatar,
    content: JSON.stringify(message.content),
    created_at: message.createdAt,
  };
}

function queries(db: Db) {
  const k = db.kysely;
  const byId = (p: (name: 'id' | 'agent_id') => never) =>
    k.selectFrom('conversations').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id'));
  return {
    findById: prepare<Selectable<ConversationsTable>, 'id' | 'agent_id'>('conversations_by_id', byId),
    findByIdForUpdate: prepare<Selectable<ConversationsTable>, 'id' | 'agent_id'>(
      'conversations_by_id_for_update',
      (p) => db.forUpdate(byId(p)),
    ),
    insert: prepare<never, keyof ConversationsTable>('conversations_insert', (p) =>
      k.insertInto('conversations').values({
        id: p('id'),
        agent_id: p('agent_id'),
        channel_id: p('channel_id'),
        end_user_id: p('end_user_id'),
        status: p('status'),
        metadata: p('metadata'),
        ended_by_role: p('ended_by_role'),
        ended_by_id: p('ended_by_id'),
        handoff_integration: p('handoff_integration'),
        created_at: p('created_at'),
        updated_at: p('updated_at'),
      }),
    ),
    update: prepare<never, keyof ConversationsTable>('conversations_update', (p) =>
      k
        .updateTable('conversations')
        .set({
          status: p('status'),
          metadata: p('metadata'),
          ended_by_role: p('ended_by_role'),
          ended_by_id: p('ended_by_id'),
          handoff_integration: p('handoff_integration'),
          updated_at: p('updated_at'),
        })
        .where('id', '=', p('id'))
        .where('agent_id', '=', p('agent_id')),
    ),
    // One statement that inserts the message only while its conversation is active: a message
    // needs no lock and no transaction of its own to be refused after an end.
    insertMessageIfActive: prepare<{ id: string }, MessageColumn>('messages_insert_if_active', (p) =>
      k
        .insertInto('messages')
        .columns(MESSAGE_COLUMNS)
        .expression(
          k
            .selectFrom('conversations')
            .select((eb) =>
              MESSAGE_COLUMNS.map((c) =>
                c === 'created_at' ? sql<number>`cast(${p(c)} as bigint)`.as(c) : eb.val(p(c)).as(c),
              ),
            )
            .where('id', '=', p('conversation_id'))
            .where('agent_id', '=', p('agent_id'))
            .where('status', '=', sql.lit('active')),
        )
        .returning('id'),
    ),
    listFirst: prepare<Selectable<MessagesTable>, 'conversation_id' | 'limit'>('messages_list', (p) =>
      k
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', p('conversation_id'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    listFrom: prepare<Selectable<MessagesTable>, 'conversation_id' | 'cursor' | 'limit'>('messages_list_from', (p) =>
      k
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', p('conversation_id'))
        .where('id', '>=', p('cursor'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    findMessage: prepare<Selectable<MessagesTable>, 'id' | 'agent_id'>('messages_by_id', (p) =>
      k.selectFrom('messages').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id')),
    ),
  };
}

function conversationRow(conversation: Conversation): Selectable<ConversationsTable> {
  return {
    id: conversation.id,
    agent_id: conversation.agentId,
    channel_id: conversation.channelId,
    end_user_id: conversation.endUserId,
    status: conversation.status,
    metadata: JSON.stringify(conversation.metadata),
    ended_by_role: conversation.endedBy?.role ?? null,
    ended_by_id: conversation.endedBy?.id ?? null,
    handoff_integration: conversation.handoffIntegration,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
  };
}

export function createConversationsStore(db: Db) {
  const q = queries(db);
  const k = db.kysely;
  return {
    async findById(agentId: string, id: string, ex: Executor = db.root): Promise<Conversation | null> {
      const row = await q.findById.first({ id, agent_id: agentId }, ex);
      return row ? toConversation(row) : null;
    },

    /** The end user's newest conversations (the admin console's end user page). */
    async listByEndUser(agentId: string, endUserId: string, limit: number): Promise<Conversation[]> {
      const rows = await all(
        db.root,
        db.kysely
          .selectFrom('conversations')
          .selectAll()
          .where('agent_id', '=', agentId)
          .where('end_user_id', '=', endUserId)
          .orderBy('id', 'desc')
          .limit(limit),
      );
      return rows.map(toConversation);
    },

    /**
     * The conversation, locked until the transaction `ex` ends where the engine has row locks
     * (SQLite has a single writer), so a concurrent end or change cannot slip between the read
     * and the write.
     */
    async findByIdForUpdate(agentId: string, id: string, ex: Executor): Promise<Conversation | null> {
      const row = await q.findByIdForUpdate.first({ id, agent_id: agentId }, ex);
      return row ? toConversation(row) : null;
    },

    async insert(conversation: Conversation, ex: Executor): Promise<void> {
      await q.insert.run(conversationRow(conversation), ex);
    },

    async update(conversation: Conversation, ex: Executor): Promise<void> {
      await q.update.run(conversationRow(conversation), ex);
    },

    /** Inserts the message unless its conversation ended (or is gone); true when inserted. */
    async insertMessageIfActive(message: Message, ex: Executor = db.root): Promise<boolean> {
      return (await q.insertMessageIfActive.all(messageRow(message), ex)).length > 0;
    },

    async findMessage(agentId: string, id: string, ex: Executor = db.root): Promise<Message | null> {
      const row = await q.findMessage.first({ id, agent_id: agentId }, ex);
      return row ? toMessage(row) : null;
    },

    /** Up to `limit` messages of the conversation with id >= cursor, oldest first. */
    async listMessages(conversationId: string, cursor: string | null, limit: number): Promise<Message[]> {
      const rows =
        cursor === null
          ? await q.listFirst.all({ conversation_id: conversationId, limit }, db.root)
          : await q.listFrom.all({ conversation_id: conversationId, cursor, limit }, db.root);
      return rows.map(toMessage);
    },

    /** The agent's conversations with any of these end users, by id. */
    async idsByEndUsers(agentId: string, endUserIds: readonly string[], ex: Executor): Promise<string[]> {
      if (endUserIds.length === 0) return [];
      const rows = await all(
        ex,
        k
          .selectFrom('conversations')
          .select('id')
          .where('agent_id', '=', agentId)
          .where('end_user_id', 'in', endUserIds),
      );
      return rows.map((r) => r.id);
    },

    /** Deletes these conversations of the agent with all their messages. */
    async deleteWithMessages(agentId: string, ids: readonly string[], ex: Executor): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await changed(
          ex,
          k.deleteFrom('messages').where('agent_id', '=', agentId).where('conversation_id', 'in', chunk),
        );
        await changed(ex, k.deleteFrom('conversations').where('agent_id', '=', agentId).where('id', 'in', chunk));
      }
    },
  };
}

export type ConversationsStore = ReturnType<typeof createConversationsStore>;
