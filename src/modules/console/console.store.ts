// Queries of the console's admins and sessions. Secrets are looked up by their SHA-256 hash only.
import { all, changed, first, type Db } from '../../db/executor.js';

export interface AdminRecord {
  id: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface SessionRecord {
  adminId: string;
  adminName: string;
  expiresAt: number;
}

export function createConsoleStore(db: Db) {
  const k = db.kysely;
  return {
    /** False when the name or the token hash is taken. */
    async insertAdmin(admin: AdminRecord & { tokenHash: string }): Promise<boolean> {
      const row = await first(
        db.root,
        k
          .insertInto('console_admins')
          .values({
            id: admin.id,
            name: admin.name,
            token_hash: admin.tokenHash,
            created_at: admin.createdAt,
            revoked_at: null,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id'),
      );
      return row !== undefined;
    },

    async listAdmins(): Promise<AdminRecord[]> {
      const rows = await all(db.root, k.selectFrom('console_admins').selectAll().orderBy('id'));
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: Number(r.created_at),
        revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      }));
    },

    async findActiveAdminByTokenHash(tokenHash: string): Promise<{ id: string; name: string } | undefined> {
      return first(
        db.root,
        k
          .selectFrom('console_admins')
          .select(['id', 'name'])
          .where('token_hash', '=', tokenHash)
          .where('revoked_at', 'is', null),
      );
    },

    /** Revokes the admin and ends their sessions; false when no active admin has that name. */
    async revokeAdmin(name: string, now: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const admin = await first(
          tx,
          k.selectFrom('console_admins').select('id').where('name', '=', name).where('revoked_at', 'is', null),
        );
        if (!admin) return false;
        await changed(tx, k.updateTable('console_admins').set({ revoked_at: now }).where('id', '=', admin.id));
        await changed(tx, k.deleteFrom('console_sessions').where('admin_id', '=', admin.id));
        return true;
      });
    },

    async insertSession(session: { idHash: string; adminId: string; createdAt: number; expiresAt: number }) {
      await changed(
        db.root,
        k.insertInto('console_sessions').values({
          id_hash: session.idHash,
          admin_id: session.adminId,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        }),
      );
    },

    /** The live session with this hash, of an admin who was not revoked. */
    async findSession(idHash: string, now: number): Promise<SessionRecord | undefined> {
      const row = await first(
        db.root,
        k
          .selectFrom('console_sessions as s')
          .innerJoin('console_admins as a', 'a.id', 's.admin_id')
          .select(['s.admin_id', 'a.name', 's.expires_at'])
          .where('s.id_hash', '=', idHash)
          .where('s.expires_at', '>', now)
          .where('a.revoked_at', 'is', null),
      );
      return row ? { adminId: row.admin_id, adminName: row.name, expiresAt: Number(row.expires_at) } : undefined;
    },

    async deleteSession(idHash: string): Promise<void> {
      await changed(db.root, k.deleteFrom('console_sessions').where('id_hash', '=', idHash));
    },

    /** Expired sessions, removed a bounded batch at a time (at each sign-in). */
    async deleteExpiredSessions(now: number, batch: number): Promise<number> {
      const expired = k
        .selectFrom('console_sessions')
        .select('id_hash')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(batch);
      return changed(db.root, k.deleteFrom('console_sessions').where('id_hash', 'in', expired));
    },
  };
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;
