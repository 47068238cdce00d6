// Queries of the Data Export API. Every export reads one agent's records in (time, id) order,
// a chunk at a time, each chunk starting after the last record of the one before (keyset
// pagination): a page of any size costs chunks of bounded size, never one big result, and each
// chunk is one indexed range scan (migrations/0006_export.ts). The statements are prepared once.
import type { Db } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';

/** A position in an export's order: the time column's value and the id of the last record read. */
export interface Position {
  at: number;
  id: string;
}

export interface ConversationRow {
  id: string;
  end_user_id: string;
  metadata: string;
  created_at: number | string;
  updated_at: number | string;
  channel_name: string;
  language: string | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  end_user_id: string;
  author_role: string;
  content: string;
  created_at: number | string;
}

type ChunkArgs = 'agent_id' | 'after_at' | 'after_id' | 'end' | 'limit';

function queries(db: Db) {
  const k = db.kysely;

  const conversations = (column: 'created_at' | 'updated_at') => (p: (name: ChunkArgs) => never) =>
    k
      .selectFrom('conversations as c')
      .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
      .leftJoin('end_users as e', 'e.id', 'c.end_user_id')
      .select([
        'c.id',
        'c.end_user_id',
        'c.metadata',
        'c.created_at',
        'c.updated_at',
        'ch.name as channel_name',
        'e.language',
      ])
      .where('c.agent_id', '=', p('agent_id'))
      .where((eb) => eb(eb.refTuple(`c.${column}`, 'c.id'), '>', eb.tuple(p('after_at'), p('after_id'))))
      .where(`c.${column}`, '<', p('end'))
      .orderBy(`c.${column}`)
      .orderBy('c.id')
      .limit(p('limit'));

  const messages = (filter: 'agent' | 'conversation') => (p: (name: ChunkArgs | 'conversation_id') => never) => {
    let query = k
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.id', 'm.conversation_id', 'c.end_user_id', 'm.author_role', 'm.content', 'm.created_at'])
      .where('m.agent_id', '=', p('agent_id'));
    if (filter === 'conversation') query = query.where('m.conversation_id', '=', p('conversation_id'));
    return query
      .where((eb) => eb(eb.refTuple('m.created_at', 'm.id'), '>', eb.tuple(p('after_at'), p('after_id'))))
      .where('m.created_at', '<', p('end'))
      .orderBy('m.created_at')
      .orderBy('m.id')
      .limit(p('limit'));
  };

  return {
    conversationsByCreated: prepare<ConversationRow, ChunkArgs>(
      'export_conversations_created',
      conversations('created_at'),
    ),
    conversationsByUpdated: prepare<ConversationRow, ChunkArgs>(
      'export_conversations_updated',
      conversations('updated_at'),
    ),
    messages: prepare<MessageRow, ChunkArgs | 'conversation_id'>('export_messages', messages('agent')),
    messagesOfConversation: prepare<MessageRow, ChunkArgs | 'conversation_id'>(
      'export_messages_conversation',
      messages('conversation'),
    ),
    lastEndUserMessage: prepare<{ id: string }, 'conversation_id' | 'before'>('export_last_end_user_message', (p) =>
      k
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', p('conversation_id'))
        .where('author_role', '=', 'end_user')
        .where('id', '<', p('before'))
        .orderBy('id', 'desc')
        .limit(1),
    ),
  };
}

export interface ChunkQuery {
  agentId: string;
  /** Records strictly after this position... */
  after: Position;
  /** ...whose time is before this one. */
  end: number;
  limit: number;
}

export function createExportStore(db: Db) {
  const q = queries(db);
  const args = (c: ChunkQuery) => ({
    agent_id: c.agentId,
    after_at: c.after.at,
    after_id: c.after.id,
    end: c.end,
    limit: c.limit,
  });
  return {
    conversations(field: 'created' | 'updated', chunk: ChunkQuery): Promise<ConversationRow[]> {
      const query = field === 'created' ? q.conversationsByCreated : q.conversationsByUpdated;
      return query.all(args(chunk), db.root);
    },
    messages(conversationId: string | null, chunk: ChunkQuery): Promise<MessageRow[]> {
      return conversationId === null
        ? q.messages.all({ ...args(chunk), conversation_id: null }, db.root)
        : q.messagesOfConversation.all({ ...args(chunk), conversation_id: conversationId }, db.root);
    },
    /** The id of the end user's latest message in the conversation before message `before`, or null. */
    async lastEndUserMessage(conversationId: string, before: string): Promise<string | null> {
      return (await q.lastEndUserMessage.first({ conversation_id: conversationId, before }, db.root))?.id ?? null;
    },
  };
}

export type ExportStore = ReturnType<typeof createExportStore>;
