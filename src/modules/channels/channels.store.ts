// Queries for channels: an agent's custom channels and its read-only native ones. No rules live
// here: the service decides, the store reads and writes, on the executor it is given (a unit of
// work's transaction) or on the database itself. The lookups every conversation request makes are
// prepared once (see db/prepared.ts).
import type { Selectable } from 'kysely';
import { changed, first, type Db, type Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type { FlatMetadata } from '../../lib/flat-metadata.js';
import type { ChannelType, ChannelsTable, Modality } from './channels.tables.js';

type Row = Selectable<ChannelsTable>;

export interface Channel {
  id: string;
  agentId: string;
  type: 'custom' | 'native';
  name: string;
  description: string;
  modality: Modality;
  markdown: boolean;
  /** An object for custom channels; null for native ones, which have no metadata. */
  metadata: FlatMetadata | null;
  createdAt: number;
}

export interface ChannelFilter {
  type: ChannelType;
  modality: Modality | null;
}

function toChannel(row: Row): Channel {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type,
    name: row.name,
    description: row.description,
    modality: row.modality,
    markdown: Number(row.markdown) === 1,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as FlatMetadata),
    createdAt: Number(row.created_at),
  };
}

function toRow(channel: Channel): Row {
  return {
    id: channel.id,
    agent_id: channel.agentId,
    type: channel.type,
    name: channel.name,
    description: channel.description,
    modality: channel.modality,
    markdown: channel.markdown ? 1 : 0,
    metadata: channel.metadata === null ? null : JSON.stringify(channel.metadata),
    created_at: channel.createdAt,
  };
}

type ListParam = 'agent_id' | 'type' | 'modality' | 'cursor' | 'limit';

function preparedQueries(db: Db) {
  const k = db.kysely;
  // One statement per combination of optional filters, so each keeps a fixed plan.
  const list = (name: string, byModality: boolean, fromCursor: boolean) =>
    prepare<Row, ListParam>(name, (p) => {
      let query = k
        .selectFrom('channels')
        .selectAll()
        .where('agent_id', '=', p('agent_id'))
        .where('type', '=', p('type'));
      if (byModality) query = query.where('modality', '=', p('modality'));
      if (fromCursor) query = query.where('id', '>=', p('cursor'));
      return query.orderBy('id').limit(p('limit'));
    });
  return {
    findById: prepare<Row, 'id' | 'agent_id'>('channels_by_id', (p) =>
      k.selectFrom('channels').selectAll().where('id', '=', p('id')).where('agent_id', '=', p('agent_id')),
    ),
    listFirst: list('channels_list', false, false),
    listFrom: list('channels_list_from', false, true),
    listByModalityFirst: list('channels_list_modality', true, false),
    listByModalityFrom: list('channels_list_modality_from', true, true),
  };
}

export function createChannelsStore(db: Db) {
  const k = db.kysely;
  const prepared = preparedQueries(db);
  return {
    async findById(agentId: string, id: string, ex: Executor = db.root): Promise<Channel | null> {
      const row = await prepared.findById.first({ id, agent_id: agentId }, ex);
      return row ? toChannel(row) : null;
    },

    /** Up to `limit` channels of one type (and modality, when given) with id >= cursor, ascending. */
    async list(agentId: string, filter: ChannelFilter, cursor: string | null, limit: number): Promise<Channel[]> {
      const args = { agent_id: agentId, type: filter.type, modality: filter.modality, cursor, limit };
      const query =
        filter.modality === null
          ? cursor === null
            ? prepared.listFirst
            : prepared.listFrom
          : cursor === null
            ? prepared.listByModalityFirst
            : prepared.listByModalityFrom;
      return (await query.all(args, db.root)).map(toChannel);
    },

    async insert(channel: Channel, ex: Executor = db.root): Promise<void> {
      await changed(ex, k.insertInto('channels').values(toRow(channel)));
    },

    /** Sets capabilities.markdown of a custom channel; false when there is no such custom channel. */
    async setMarkdown(agentId: string, id: string, markdown: boolean, ex: Executor = db.root): Promise<boolean> {
      const query = k
        .updateTable('channels')
        .set({ markdown: markdown ? 1 : 0 })
        .where('id', '=', id)
        .where('agent_id', '=', agentId)
        .where('type', '=', 'custom');
      return (await changed(ex, query)) > 0;
    },

    /** How many custom channels the agent created after `since`: what the daily limit counts. */
    async countCustomSince(agentId: string, since: number, ex: Executor): Promise<number> {
      const row = await first(
        ex,
        k
          .selectFrom('channels')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('agent_id', '=', agentId)
          .where('created_at', '>', since)
          .where('type', '=', 'custom'),
      );
      return Number(row?.n ?? 0);
    },

    /** Creation time of the agent's custom channel created after `since` with `offset` older ones before it. */
    async customCreatedAt(agentId: string, since: number, offset: number, ex: Executor): Promise<number | null> {
      const row = await first(
        ex,
        k
          .selectFrom('channels')
          .select('created_at')
          .where('agent_id', '=', agentId)
          .where('created_at', '>', since)
          .where('type', '=', 'custom')
          .orderBy('created_at')
          .offset(offset)
          .limit(1),
      );
      return row ? Number(row.created_at) : null;
    },

    /**
     * Serialises channel creation per agent until the transaction ends, so that two concurrent
     * creations cannot both see room under the daily limit (a row lock on the agent where the
     * engine has row locks; SQLite's single writer serialises them already).
     */
    async lockAgent(agentId: string, ex: Executor): Promise<void> {
      await first(ex, db.forUpdate(k.selectFrom('agents').select('id').where('id', '=', agentId)));
    },
  };
}

export type ChannelsStore = ReturnType<typeof createChannelsStore>;
