// Kysely queries for end users and their encrypted sensitive values. No rules live here: the
// service decides, the store reads and writes. Every method takes an optional executor so the
// service can compose several calls into one transaction.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/dialect.js';
import type { Database, EndUsersTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { preparedQueries } from './end-users.queries.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type Metadata = Record<string, string | number | boolean>;

export interface EndUser {
  id: string;
  agentId: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  avatar: string | null;
  email: string | null;
  language: string | null;
  metadata: Metadata;
  createdAt: number;
  updatedAt: number;
  attachedAt: number | null;
}

/** A new end user of the agent: the given fields, every other one empty. */
export function newEndUser(
  agentId: string,
  now: number,
  fields: Partial<Omit<EndUser, 'id' | 'agentId' | 'createdAt' | 'updatedAt'>> = {},
): EndUser {
  return {
    id: newId(now),
    agentId,
    externalId: null,
    firstName: null,
    lastName: null,
    displayName: null,
    avatar: null,
    email: null,
    language: null,
    metadata: {},
    attachedAt: null,
    ...fields,
    createdAt: now,
    updatedAt: now,
  };
}

export interface SensitiveRow {
  key: string;
  envelope: string;
  updatedAt: number;
  expiresAt: number;
}

function toEndUser(row: Selectable<EndUsersTable>): EndUser {
  return {
    id: row.id,
    agentId: row.agent_id,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    avatar: row.avatar,
    email: row.email,
    language: row.language,
    metadata: JSON.parse(row.metadata) as Metadata,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    attachedAt: row.attached_at === null ? null : Number(row.attached_at),
  };
}

function toRow(user: EndUser): Selectable<EndUsersTable> {
  return {
    id: user.id,
    agent_id: user.agentId,
    external_id: user.externalId,
    external_id_lower: externalIdKey(user.externalId),
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: user.displayName,
    avatar: user.avatar,
    email: user.email,
    language: user.language,
    metadata: JSON.stringify(user.metadata),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    attached_at: user.attachedAt,
  };
}

/** The value external_ids are matched by: Unicode lower case, nothing trimmed. */
export function externalIdKey(externalId: string | null): string | null {
  return externalId === null ? null : externalId.toLowerCase();
}

export function createEndUsersStore(handle: Db) {
  const db = handle.kysely;
  const engine = handle.engine;
  const prepared = preparedQueries(handle);
  return {
    db,

    transaction<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
      return db.transaction().execute(work);
    },

    async insert(user: EndUser, tx?: Transaction<Database>): Promise<void> {
      await prepared.insert(toRow(user), tx);
    },

    /** Inserts unless the agent already has this external_id (any casing); true when inserted. */
    async insertIfExternalIdFree(user: EndUser, tx?: Transaction<Database>): Promise<boolean> {
      return (await prepared.insertIfExternalIdFree(toRow(user), tx)).length > 0;
    },

    async findById(agentId: string, id: string, tx: Executor = db, lock = false): Promise<EndUser | null> {
      if (tx === db) {
        const [row] = await prepared.findById({ id, agent_id: agentId });
        return row ? toEndUser(row) : null;
      }
      let query = tx.selectFrom('end_users').selectAll().where('id', '=', id).where('agent_id', '=', agentId);
      if (lock && engine === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row ? toEndUser(row) : null;
    },

    async findByExternalId(agentId: string, externalId: string, tx: Executor = db): Promise<EndUser | null> {
      if (tx === db) {
        const [row] = await prepared.findByExternalId({
          agent_id: agentId,
          external_id_lower: externalIdKey(externalId),
        });
        return row ? toEndUser(row) : null;
      }
      const row = await tx
        .selectFrom('end_users')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('external_id_lower', '=', externalIdKey(externalId))
        .executeTakeFirst();
      return row ? toEndUser(row) : null;
    },

    /** Up to `limit` end users with id >= cursor, ascending. */
    async list(agentId: string, cursor: string | null, limit: number): Promise<EndUser[]> {
      const rows =
        cursor === null
          ? await prepared.listFirst({ agent_id: agentId, limit })
          : await prepared.listFrom({ agent_id: agentId, cursor, limit });
      return rows.map(toEndUser);
    },

    async update(user: EndUser, tx: Executor = db): Promise<void> {
      const { id: _id, agent_id: _agent, created_at: _created, attached_at: _attached, ...changes } = toRow(user);
      await tx
        .updateTable('end_users')
        .set(changes)
        .where('id', '=', user.id)
        .where('agent_id', '=', user.agentId)
        .execute();
    },

    /**
     * Marks an end user as attached to a conversation. Returns false when it does not exist,
     * for instance because the sweeper deleted it first.
     */
    async markAttached(agentId: string, id: string, now: number, tx: Executor = db): Promise<boolean> {
      const result = await tx
        .updateTable('end_users')
        .set((eb) => ({ attached_at: eb.fn.coalesce('attached_at', eb.val(now)) }))
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async activeSensitiveKeys(endUserId: string, now: number, tx: Executor = db): Promise<string[]> {
      const rows = await tx
        .selectFrom('sensitive_values')
        .select('key')
        .where('end_user_id', '=', endUserId)
        .where('expires_at', '>', now)
        .execute();
      return rows.map((r) => r.key);
    },

    async activeSensitiveRows(
      agentId: string,
      endUserId: string,
      now: number,
      tx: Executor = db,
    ): Promise<SensitiveRow[]> {
      const rows = await tx
        .selectFrom('sensitive_values')
        .select(['key', 'envelope', 'updated_at', 'expires_at'])
        .where('end_user_id', '=', endUserId)
        .where('agent_id', '=', agentId)
        .where('expires_at', '>', now)
        .orderBy('key')
        .execute();
      return rows.map((r) => ({
        key: r.key,
        envelope: r.envelope,
        updatedAt: Number(r.updated_at),
        expiresAt: Number(r.expires_at),
      }));
    },

    async upsertSensitive(agentId: string, endUserId: string, rows: SensitiveRow[], tx: Executor = db): Promise<void> {
      if (rows.length === 0) return;
      await tx
        .insertInto('sensitive_values')
        .values(
          rows.map((r) => ({
            end_user_id: endUserId,
            agent_id: agentId,
            key: r.key,
            envelope: r.envelope,
            updated_at: r.updatedAt,
            expires_at: r.expiresAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['end_user_id', 'key']).doUpdateSet((eb) => ({
            envelope: eb.ref('excluded.envelope'),
            updated_at: eb.ref('excluded.updated_at'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    },

    async deleteSensitive(endUserId: string, keys: string[], tx: Executor = db): Promise<void> {
      if (keys.length === 0) return;
      await tx.deleteFrom('sensitive_values').where('end_user_id', '=', endUserId).where('key', 'in', keys).execute();
    },

    /**
     * Deletes up to `batch` end users that are still unattached and were created at or before
     * `cutoff`. The conditions are re-checked by the DELETE itself, so an end user attached by a
     * concurrent conversation is never taken. Sensitive values go with them (ON DELETE CASCADE).
     */
    async deleteExpiredUnattached(cutoff: number, batch: number): Promise<number> {
      const candidates = db
        .selectFrom('end_users')
        .select('id')
        .where('attached_at', 'is', null)
        .where('created_at', '<=', cutoff)
        .limit(batch);
      const result = await db
        .deleteFrom('end_users')
        .where('id', 'in', candidates)
        .where('attached_at', 'is', null)
        .where('created_at', '<=', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Deletes up to `batch` sensitive values whose time has passed. */
    async purgeExpiredSensitive(now: number, batch: number): Promise<number> {
      const candidates = db
        .selectFrom('sensitive_values')
        .select(['end_user_id', 'key'])
        .where('expires_at', '<=', now)
        .limit(batch)
        .$asTuple('end_user_id', 'key');
      const result = await db
        .deleteFrom('sensitive_values')
        .where((eb) => eb(eb.refTuple('end_user_id', 'key'), 'in', candidates))
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type EndUsersStore = ReturnType<typeof createEndUsersStore>;
