// Kysely queries for conversations and their messages. No rules live here: the services decide,
// the store reads and writes. The statements every message runs are prepared once.
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../db/dialect.js';
import { prepareQuery } from '../../db/prepared.js';
import type { AuthorRole, ConversationStatus, ConversationsTable, Database, MessagesTable } from '../../db/schema.js';
import type { FlatMetadata } from '../../http/flat-metadata.js';

export interface Conversation {
  id: string;
  agentId: string;
  channelId: string;
  endUserId: string;
  status: ConversationStatus;
  metadata: FlatMetadata;
  endedBy: { role: string; id: string | null } | null;
  createdAt: number;
  updatedAt: number;
}

export type MessageContent = { type: 'text'; body: string } | { type: 'link'; url: string; link_text: string | null };

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

function queries(handle: Db) {
  const db = handle.kysely;
  return {
    findById: prepareQuery<Selectable<ConversationsTable>, 'id' | 'agent_id'>(handle, 'conversations_by_id', (p) =>
      db.selectFrom('conversations').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id')),
    ),
    insertMessage: prepareQuery<never, MessageColumn>(handle, 'messages_insert', (p) =>
      db.insertInto('messages').values(Object.fromEntries(MESSAGE_COLUMNS.map((c) => [c, p(c)])) as never),
    ),
    // One statement that inserts the message only while its conversation is active: the whole
    // write of a message that records no event, with no transaction around it.
    insertMessageIfActive: prepareQuery<{ id: string }, MessageColumn>(handle, 'messages_insert_if_active', (p) =>
      db
        .insertInto('messages')
        .columns(MESSAGE_COLUMNS)
        .expression(
          db
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
    listFirst: prepareQuery<Selectable<MessagesTable>, 'conversation_id' | 'limit'>(handle, 'messages_list', (p) =>
      db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', p('conversation_id'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    listFrom: prepareQuery<Selectable<MessagesTable>, 'conversation_id' | 'cursor' | 'limit'>(
      handle,
      'messages_list_from',
      (p) =>
        db
          .selectFrom('messages')
          .selectAll()
          .where('conversation_id', '=', p('conversation_id'))
          .where('id', '>=', p('cursor'))
          .orderBy('id')
          .limit(p('limit')),
    ),
    findMessage: prepareQuery<Selectable<MessagesTable>, 'id' | 'agent_id'>(handle, 'messages_by_id', (p) =>
      db.selectFrom('messages').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id')),
    ),
    agentHandle: prepareQuery<{ handle: string }, 'id'>(handle, 'agents_handle_by_id', (p) =>
      db.selectFrom('agents').select('handle').where('id', '=', p('id')),
    ),
  };
}

export function createConversationsStore(handle: Db) {
  const db = handle.kysely;
  const engine = handle.engine;
  const prepared = queries(handle);
  const handles = new Map<string, string>();
  return {
    transaction<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
      return db.transaction().execute(work);
    },

    /**
     * A conversation of the agent, or null. With `lock` inside a transaction, the row stays
     * locked until commit on PostgreSQL (SQLite has a single writer), so a concurrent end or
     * message cannot slip between the read and the write.
     */
    async findById(
      agentId: string,
      id: string,
      tx?: Transaction<Database>,
      lock = false,
    ): Promise<Conversation | null> {
      if (!tx || !lock || engine !== 'postgres') {
        const [row] = await prepared.findById({ id, agent_id: agentId }, tx);
        return row ? toConversation(row) : null;
      }
      const row = await tx
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .forUpdate()
        .executeTakeFirst();
      return row ? toConversation(row) : null;
    },

    async insert(conversation: Conversation, tx: Transaction<Database>): Promise<void> {
      await tx
        .insertInto('conversations')
        .values({
          id: conversation.id,
          agent_id: conversation.agentId,
          channel_id: conversation.channelId,
          end_user_id: conversation.endUserId,
          status: conversation.status,
          metadata: JSON.stringify(conversation.metadata),
          ended_by_role: null,
          ended_by_id: null,
          created_at: conversation.createdAt,
          updated_at: conversation.updatedAt,
        })
        .execute();
    },

    async update(conversation: Conversation, tx: Transaction<Database>): Promise<void> {
      await tx
        .updateTable('conversations')
        .set({
          status: conversation.status,
          metadata: JSON.stringify(conversation.metadata),
          ended_by_role: conversation.endedBy?.role ?? null,
          ended_by_id: conversation.endedBy?.id ?? null,
          updated_at: conversation.updatedAt,
        })
        .where('id', '=', conversation.id)
        .where('agent_id', '=', conversation.agentId)
        .execute();
    },

    async insertMessage(message: Message, tx: Transaction<Database>): Promise<void> {
      await prepared.insertMessage(messageRow(message), tx);
    },

    /** Inserts the message unless its conversation ended (or is gone); true when inserted. */
    async insertMessageIfActive(message: Message): Promise<boolean> {
      const rows = await prepared.insertMessageIfActive(messageRow(message));
      return rows.length > 0;
    },

    async findMessage(agentId: string, id: string): Promise<Message | null> {
      const [row] = await prepared.findMessage({ id, agent_id: agentId });
      return row ? toMessage(row) : null;
    },

    /** Up to `limit` messages of the conversation with id >= cursor, oldest first. */
    async listMessages(conversationId: string, cursor: string | null, limit: number): Promise<Message[]> {
      const rows =
        cursor === null
          ? await prepared.listFirst({ conversation_id: conversationId, limit })
          : await prepared.listFrom({ conversation_id: conversationId, cursor, limit });
      return rows.map(toMessage);
    },

    /**
     * The agent's handle, which conversation events carry as ai_agent_domain: Roster serves every
     * agent from one host, so the handle names the agent an event comes from. Handles never
     * change, so each is read once per process.
     */
    async agentHandle(agentId: string): Promise<string> {
      const known = handles.get(agentId);
      if (known !== undefined) return known;
      const [row] = await prepared.agentHandle({ id: agentId });
      const handle = row?.handle ?? agentId;
      handles.set(agentId, handle);
      return handle;
    },
  };
}

export type ConversationsStore = ReturnType<typeof createConversationsStore>;
