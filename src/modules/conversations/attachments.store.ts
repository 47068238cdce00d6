// Queries for conversation attachments. Rows only: the bytes are in the blob store.
import type { Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type { ConversationAttachmentsTable } from './conversations.tables.js';

export interface Attachment {
  id: string;
  agentId: string;
  conversationId: string;
  endUserId: string;
  blobKey: string;
  filename: string;
  mimeType: string;
  size: number;
  createdAt: number;
  expiresAt: number;
}

function toAttachment(row: Selectable<ConversationAttachmentsTable>): Attachment {
  return {
    id: row.id,
    agentId: row.agent_id,
    conversationId: row.conversation_id,
    endUserId: row.end_user_id,
    blobKey: row.blob_key,
    filename: row.filename,
    mimeType: row.mime_type,
    size: Number(row.size),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

const CHUNK = 500;

export function createAttachmentsStore(db: Db) {
  const k = db.kysely;
  const q = {
    byId: prepare<Selectable<ConversationAttachmentsTable>, 'id'>('conversation_attachments_by_id', (p) =>
      k.selectFrom('conversation_attachments').selectAll().where('id', '=', p('id')),
    ),
  };
  return {
    async insert(attachment: Attachment, ex: Executor): Promise<void> {
      await changed(
        ex,
        k.insertInto('conversation_attachments').values({
          id: attachment.id,
          agent_id: attachment.agentId,
          conversation_id: attachment.conversationId,
          end_user_id: attachment.endUserId,
          blob_key: attachment.blobKey,
          filename: attachment.filename,
          mime_type: attachment.mimeType,
          size: attachment.size,
          created_at: attachment.createdAt,
          expires_at: attachment.expiresAt,
        }),
      );
    },

    /** Records the size of a file now complete; false when the row is gone (erased meanwhile). */
    async setSize(id: string, size: number, ex: Executor = db.root): Promise<boolean> {
      return (await changed(ex, k.updateTable('conversation_attachments').set({ size }).where('id', '=', id))) > 0;
    },

    /** Deletes one attachment's row (an upload that failed; its file is already gone). */
    async deleteById(id: string, ex: Executor = db.root): Promise<void> {
      await changed(ex, k.deleteFrom('conversation_attachments').where('id', '=', id));
    },

    /** The attachment by id, whoever's it is (a signed URL names it without an AI Agent). */
    async findById(id: string, ex: Executor = db.root): Promise<Attachment | null> {
      const row = await q.byId.first({ id }, ex);
      return row ? toAttachment(row) : null;
    },

    /** Deletes the attachments of these conversations of the agent; the blob keys they had. */
    async deleteByConversations(agentId: string, conversationIds: readonly string[], ex: Executor): Promise<string[]> {
      const keys: string[] = [];
      for (let i = 0; i < conversationIds.length; i += CHUNK) {
        const chunk = conversationIds.slice(i, i + CHUNK);
        const rows = await all(
          ex,
          k
            .deleteFrom('conversation_attachments')
            .where('agent_id', '=', agentId)
            .where('conversation_id', 'in', chunk)
            .returning('blob_key'),
        );
        keys.push(...rows.map((r) => r.blob_key));
      }
      return keys;
    },

    /** The blob keys of one agent's attachments, or of every agent's (null). */
    async blobKeys(agentId: string | null): Promise<string[]> {
      let query = k.selectFrom('conversation_attachments').select('blob_key');
      if (agentId !== null) query = query.where('agent_id', '=', agentId);
      return (await all(db.root, query)).map((r) => r.blob_key);
    },

    /** Deletes up to `limit` attachments whose URLs expired before `now`; their agents and blob keys. */
    async deleteExpired(
      now: number,
      limit: number,
      ex: Executor,
    ): Promise<Array<{ agentId: string; blobKey: string }>> {
      const due = await all(
        ex,
        db.forUpdate(
          k
            .selectFrom('conversation_attachments')
            .select(['id', 'agent_id', 'blob_key'])
            .where('expires_at', '<=', now)
            .orderBy('expires_at')
            .limit(limit),
          { skipLocked: true },
        ),
      );
      if (due.length === 0) return [];
      await changed(
        ex,
        k.deleteFrom('conversation_attachments').where(
          'id',
          'in',
          due.map((r) => r.id),
        ),
      );
      return due.map((r) => ({ agentId: r.agent_id, blobKey: r.blob_key }));
    },
  };
}

export type AttachmentsStore = ReturnType<typeof createAttachmentsStore>;
