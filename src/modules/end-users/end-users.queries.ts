// The end-user queries every request runs, prepared once (see db/prepared.ts). Transactions and
// rarer statements stay as ordinary Kysely queries in the store.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/dialect.js';
import { prepareQuery } from '../../db/prepared.js';
import type { EndUsersTable } from '../../db/schema.js';

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

export function preparedQueries(handle: Db) {
  const db = handle.kysely;
  const rowParams = (param: (name: Column) => never) => Object.fromEntries(COLUMNS.map((c) => [c, param(c)])) as never;
  return {
    findById: prepareQuery<Selectable<EndUsersTable>, 'id' | 'agent_id'>(handle, 'end_users_by_id', (p) =>
      db.selectFrom('end_users').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id')),
    ),
    findByExternalId: prepareQuery<Selectable<EndUsersTable>, 'agent_id' | 'external_id_lower'>(
      handle,
      'end_users_by_external_id',
      (p) =>
        db
          .selectFrom('end_users')
          .selectAll()
          .where('agent_id', '=', p('agent_id'))
          .where('external_id_lower', '=', p('external_id_lower')),
    ),
    listFirst: prepareQuery<Selectable<EndUsersTable>, 'agent_id' | 'limit'>(handle, 'end_users_list', (p) =>
      db.selectFrom('end_users').selectAll().where('agent_id', '=', p('agent_id')).orderBy('id').limit(p('limit')),
    ),
    listFrom: prepareQuery<Selectable<EndUsersTable>, 'agent_id' | 'cursor' | 'limit'>(
      handle,
      'end_users_list_from',
      (p) =>
        db
          .selectFrom('end_users')
          .selectAll()
          .where('agent_id', '=', p('agent_id'))
          .where('id', '>=', p('cursor'))
          .orderBy('id')
          .limit(p('limit')),
    ),
    insert: prepareQuery<{ id: string }, Column>(handle, 'end_users_insert', (p) =>
      db.insertInto('end_users').values(rowParams(p)).returning('id'),
    ),
    insertIfExternalIdFree: prepareQuery<{ id: string }, Column>(handle, 'end_users_insert_if_free', (p) =>
      db
        .insertInto('end_users')
        .values(rowParams(p))
        .onConflict((oc) => oc.columns(['agent_id', 'external_id_lower']).doNothing())
        .returning('id'),
    ),
  };
}
