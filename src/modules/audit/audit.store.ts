// Queries of the audit log: append, read a window newest first, and erase an end user's rows.
// There is no update.
import type { Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import type { AuditLogTable } from './audit.tables.js';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditPosition {
  createdAt: number;
  id: string;
}

export function createAuditStore(db: Db) {
  const k = db.kysely;
  return {
    async append(rows: AuditRow[], ex: Executor): Promise<void> {
      if (rows.length > 0) await changed(ex, k.insertInto('audit_log').values(rows));
    },

    /** Up to `limit` rows of the window [start, end], newest first, from `after` (exclusive). */
    async window(
      agentId: string,
      start: number,
      end: number,
      after: AuditPosition | null,
      limit: number,
    ): Promise<AuditRow[]> {
      let query = k
        .selectFrom('audit_log')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('created_at', '>=', start)
        .where('created_at', '<=', end);
      if (after !== null) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
          ]),
        );
      }
      return all(db.root, query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit));
    },

    /** Erasure: removes the rows whose entity is one of these end users. */
    async forget(agentId: string, entityIds: readonly string[], ex: Executor): Promise<number> {
      if (entityIds.length === 0) return 0;
      return changed(
        ex,
        k
          .deleteFrom('audit_log')
          .where('agent_id', '=', agentId)
          .where('entity_type', '=', 'end_user')
          .where('entity_id', 'in', entityIds),
      );
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
