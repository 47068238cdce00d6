// Queries for end users and their encrypted sensitive values. No rules live here: the service
// decides, the store reads and writes. Every method runs on the executor it is given (a unit of
// work's transaction), or on the database itself. The statements every request runs are
// prepared once (see db/prepared.ts).
import type { Selectable } from 'kysely';
import { all, changed, type Db, type Executor } from '../../db/executor.js';
import { onUniqueViolation } from '../../db/errors.js';
import { prepare } from '../../db/prepared.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { EndUsersTable } from './end-users.tables.js';

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
    id: newId(now, agentId),
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

type Row = Selectable<EndUsersTable>;

/**
 * The columns of a list page, in this order: an end user as stored, metadata still as its JSON
 * text, read as an array (see db/prepared.ts) and written straight to the wire (end-users.wire.ts).
 */
export const RECORD_COLUMNS = [
  'id',
  'external_id',
  'first_name',
  'last_name',
  'display_name',
  'avatar',
  'email',
  'language',
  'metadata',
  'created_at',
  'updated_at',
] as const;
export type EndUserRecord = readonly [
  id: string,
  externalId: string | null,
  firstName: string | null,
  lastName: string | null,
  displayName: string | null,
  avatar: string | null,
  email: string | null,
  language: string | null,
  metadata: string,
  createdAt: number,
  updatedAt: number,
];

export function toEndUser(row: Row): EndUser {
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

function toRow(user: EndUser): Row {
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

const COLUMNS = [
  'id',
  'agent_id',
  'external_id',
  'external_id_lower',
  'first_name',
  'last_name',
  'display_name',
  'avatar',
  'email',
  'language',
  'metadata',
  'created_at',
  'updated_at',
  'attached_at',
] as const;
type Column = (typeof COLUMNS)[number];
const UPDATED_COLUMNS = COLUMNS.filter(
  (c): c is Exclude<Column, 'id' | 'agent_id' | 'created_at' | 'attached_at'> =>
    c !== 'id' && c !== 'agent_id' && c !== 'created_at' && c !== 'attached_at',
);

function queries(db: Db) {
  const k = db.kysely;
  const rowParams = (p: (name: Column) => never) => Object.fromEntries(COLUMNS.map((c) => [c, p(c)])) as never;
  const byId = (p: (name: 'id' | 'agent_id') => never) =>
    k.selectFrom('end_users').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id'));
  return {
    findById: prepare<Row, 'id' | 'agent_id'>('end_users_by_id', byId),
    findByIdForUpdate: prepare<Row, 'id' | 'agent_id'>('end_users_by_id_for_update', (p) => db.forUpdate(byId(p))),
    findByExternalId: prepare<Row, 'agent_id' | 'external_id_lower'>('end_users_by_external_id', (p) =>
      k
        .selectFrom('end_users')
        .selectAll()
        .where('agent_id', '=', p('agent_id'))
        .where('external_id_lower', '=', p('external_id_lower')),
    ),
    byEmail: prepare<Row, 'agent_id' | 'email' | 'limit'>('end_users_by_email', (p) =>
      k
        .selectFrom('end_users')
        .selectAll()
        .where('agent_id', '=', p('agent_id'))
        .where('email', '=', p('email'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    scanFirst: prepare<Row, 'agent_id' | 'limit'>('end_users_scan', (p) =>
      k.selectFrom('end_users').selectAll().where('agent_id', '=', p('agent_id')).orderBy('id').limit(p('limit')),
    ),
    scanFrom: prepare<Row, 'agent_id' | 'cursor' | 'limit'>('end_users_scan_from', (p) =>
      k
        .selectFrom('end_users')
        .selectAll()
        .where('agent_id', '=', p('agent_id'))
        .where('id', '>=', p('cursor'))
        .orderBy('id')
        .limit(p('limit')),
    ),
    listFirst: prepare<EndUserRecord, 'agent_id' | 'limit'>(
      'end_users_list',
      (p) =>
        k
          .selectFrom('end_users')
          .select(RECORD_COLUMNS)
          .where('agent_id', '=', p('agent_id'))
          .orderBy('id')
          .limit(p('limit')),
      { arrays: true },
    ),
    listFrom: prepare<EndUserRecord, 'agent_id' | 'cursor' | 'limit'>(
      'end_users_list_from',
      (p) =>
        k
          .selectFrom('end_users')
          .select(RECORD_COLUMNS)
          .where('agent_id', '=', p('agent_id'))
          .where('id', '>=', p('cursor'))
          .orderBy('id')
          .limit(p('limit')),
      { arrays: true },
    ),
    insert: prepare<never, Column>('end_users_insert', (p) => k.insertInto('end_users').values(rowParams(p))),
    insertIfExternalIdFree: prepare<{ id: string }, Column>('end_users_insert_if_free', (p) =>
      k
        .insertInto('end_users')
        .values(rowParams(p))
        .onConflict((oc) => oc.columns(['agent_id', 'external_id_lower']).doNothing())
        .returning('id'),
    ),
    update: prepare<never, Column>('end_users_update', (p) =>
      k
        .updateTable('end_users')
        .set(Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, p(c)])) as never)
        .where('id', '=', p('id'))
        .where('agent_id', '=', p('agent_id')),
    ),
    markAttached: prepare<never, 'id' | 'agent_id' | 'now'>('end_users_mark_attached', (p) =>
      k
        .updateTable('end_users')
        .set((eb) => ({ attached_at: eb.fn.coalesce('attached_at', eb.val(p('now'))) }))
        .where('id', '=', p('id'))
        .where('agent_id', '=', p('agent_id')),
    ),
    activeSensitive: prepare<
      { key: string; envelope: string; updated_at: number; expires_at: number },
      'end_user_id' | 'agent_id' | 'now'
    >('sensitive_values_active', (p) =>
      k
        .selectFrom('sensitive_values')
        .select(['key', 'envelope', 'updated_at', 'expires_at'])
        .where('end_user_id', '=', p('end_user_id'))
        .where('agent_id', '=', p('agent_id'))
        .where('expires_at', '>', p('now'))
        .orderBy('key'),
    ),
  };
}

export function createEndUsersStore(db: Db) {
  const k = db.kysely;
  const q = queries(db);
  const one = (row: Row | undefined) => (row ? toEndUser(row) : null);

  return {
    async insert(user: EndUser, ex: Executor = db.root): Promise<void> {
      await q.insert.run(toRow(user), ex);
    },

    /** Inserts unless the agent already has this external_id (any casing); true when inserted. */
    async insertIfExternalIdFree(user: EndUser, ex: Executor = db.root): Promise<boolean> {
      return (await q.insertIfExternalIdFree.all(toRow(user), ex)).length > 0;
    },

    async findById(agentId: string, id: string, ex: Executor = db.root): Promise<EndUser | null> {
      return one(await q.findById.first({ id, agent_id: agentId }, ex));
    },

    /** The end user, locked until the transaction `ex` ends (where the engine has row locks). */
    async findByIdForUpdate(agentId: string, id: string, ex: Executor): Promise<EndUser | null> {
      return one(await q.findByIdForUpdate.first({ id, agent_id: agentId }, ex));
    },

    async findByExternalId(agentId: string, externalId: string, ex: Executor = db.root): Promise<EndUser | null> {
      return one(
        await q.findByExternalId.first({ agent_id: agentId, external_id_lower: externalIdKey(externalId) }, ex),
      );
    },

    /** The agent's end users with exactly this email, oldest first (the admin console's search). */
    async findByEmail(agentId: string, email: string, limit: number): Promise<EndUser[]> {
      return (await q.byEmail.all({ agent_id: agentId, email, limit }, db.root)).map(toEndUser);
    },

    /** Up to `limit` end users with id >= cursor, ascending, whole (for work that reads every one). */
    async scan(agentId: string, cursor: string | null, limit: number): Promise<EndUser[]> {
      const rows =
        cursor === null
          ? await q.scanFirst.all({ agent_id: agentId, limit }, db.root)
          : await q.scanFrom.all({ agent_id: agentId, cursor, limit }, db.root);
      return rows.map(toEndUser);
    },

    /** Up to `limit` end users with id >= cursor, ascending, as stored (for writing a page as it is). */
    async list(agentId: string, cursor: string | null, limit: number): Promise<EndUserRecord[]> {
      return cursor === null
        ? await q.listFirst.all({ agent_id: agentId, limit }, db.root)
        : await q.listFrom.all({ agent_id: agentId, cursor, limit }, db.root);
    },

    /** Writes every returned field; an external_id another end user of the agent holds is a 409. */
    async update(user: EndUser, ex: Executor): Promise<void> {
      await onUniqueViolation(
        q.update.run(toRow(user), ex),
        () =>
          new AppError(
            'conflict',
            `external_id "${user.externalId}" is already used by another end user of this AI Agent.`,
            [{ parameter: '$.external_id', location: 'body', message: 'is already used by another end user' }],
          ),
      );
    },

    /**
     * Marks an end user as attached to a conversation. Returns false when it does not exist,
     * for instance because the sweeper deleted it first.
     */
    async markAttached(agentId: string, id: string, now: number, ex: Executor = db.root): Promise<boolean> {
      return (await q.markAttached.run({ id, agent_id: agentId, now }, ex)) > 0;
    },

    async activeSensitiveRows(
      agentId: string,
      endUserId: string,
      now: number,
      ex: Executor = db.root,
    ): Promise<SensitiveRow[]> {
      const rows = await q.activeSensitive.all({ end_user_id: endUserId, agent_id: agentId, now }, ex);
      return rows.map((r) => ({
        key: r.key,
        envelope: r.envelope,
        updatedAt: Number(r.updated_at),
        expiresAt: Number(r.expires_at),
      }));
    },

    async upsertSensitive(agentId: string, endUserId: string, rows: SensitiveRow[], ex: Executor): Promise<void> {
      if (rows.length === 0) return;
      const query = k
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
        );
      await changed(ex, query);
    },

    async deleteSensitive(endUserId: string, keys: string[], ex: Executor): Promise<void> {
      if (keys.length === 0) return;
      await changed(ex, k.deleteFrom('sensitive_values').where('end_user_id', '=', endUserId).where('key', 'in', keys));
    },

    /**
     * Up to `batch` end users still unattached and created at or before `cutoff`, locked until the
     * transaction `ex` ends (where the engine has row locks): a conversation attaching one of them
     * waits, then finds it gone. The conditions are re-read under the lock, so one attached by a
     * concurrent conversation is never taken.
     */
    async lockExpiredUnattached(
      cutoff: number,
      batch: number,
      ex: Executor,
    ): Promise<Array<{ id: string; agentId: string }>> {
      const rows = await all(
        ex,
        db.forUpdate(
          k
            .selectFrom('end_users')
            .select(['id', 'agent_id'])
            .where('attached_at', 'is', null)
            .where('created_at', '<=', cutoff)
            .orderBy('id')
            .limit(batch),
        ),
      );
      return rows.map((r) => ({ id: r.id, agentId: r.agent_id }));
    },

    /** Deletes these end users of the agent and their sensitive values (erasure's end-users part). */
    async forget(agentId: string, ids: readonly string[], ex: Executor): Promise<number> {
      let deleted = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await changed(
          ex,
          k.deleteFrom('sensitive_values').where('agent_id', '=', agentId).where('end_user_id', 'in', chunk),
        );
        deleted += await changed(
          ex,
          k.deleteFrom('end_users').where('agent_id', '=', agentId).where('id', 'in', chunk),
        );
      }
      return deleted;
    },

    /** Deletes up to `batch` sensitive values whose time has passed. */
    async purgeExpiredSensitive(now: number, batch: number, ex: Executor = db.root): Promise<number> {
      const candidates = k
        .selectFrom('sensitive_values')
        .select(['end_user_id', 'key'])
        .where('expires_at', '<=', now)
        .limit(batch)
        .$asTuple('end_user_id', 'key');
      return changed(
        ex,
        k
          .deleteFrom('sensitive_values')
          .where((eb) => eb(eb.refTuple('end_user_id', 'key'), 'in', candidates))
          .where('expires_at', '<=', now),
      );
    },
  };
}

export type EndUsersStore = ReturnType<typeof createEndUsersStore>;
