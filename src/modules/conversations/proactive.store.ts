// Queries for Proactive Attempts. No rules: the proactive service decides.
import type { Selectable } from 'kysely';
import type { Db, Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type { FlatMetadata } from '../../lib/flat-metadata.js';
import type { ProactiveAttemptsTable, ProactiveStatus } from './conversations.tables.js';

export interface ProactiveAttempt {
  id: string;
  agentId: string;
  idempotencyKey: string | null;
  status: ProactiveStatus;
  channel: string;
  phoneNumber: string;
  language: string | null;
  metadata: FlatMetadata;
  conversationId: string | null;
  failureReason: string | null;
  createdAt: number;
  updatedAt: number;
}

type Row = Selectable<ProactiveAttemptsTable>;
type Column = keyof ProactiveAttemptsTable;

function toAttempt(row: Row): ProactiveAttempt {
  return {
    id: row.id,
    agentId: row.agent_id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    channel: row.channel,
    phoneNumber: row.phone_number,
    language: row.language,
    metadata: JSON.parse(row.metadata) as FlatMetadata,
    conversationId: row.conversation_id,
    failureReason: row.failure_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(a: ProactiveAttempt): Row {
  return {
    id: a.id,
    agent_id: a.agentId,
    idempotency_key: a.idempotencyKey,
    status: a.status,
    channel: a.channel,
    phone_number: a.phoneNumber,
    language: a.language,
    metadata: JSON.stringify(a.metadata),
    conversation_id: a.conversationId,
    failure_reason: a.failureReason,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

const COLUMNS: Column[] = [
  'id',
  'agent_id',
  'idempotency_key',
  'status',
  'channel',
  'phone_number',
  'language',
  'metadata',
  'conversation_id',
  'failure_reason',
  'created_at',
  'updated_at',
];

export function createProactiveStore(db: Db) {
  const k = db.kysely;
  const q = {
    // A key already used by the AI Agent inserts nothing (the unique index decides, also between
    // two requests racing with one key).
    insert: prepare<{ id: string }, Column>('proactive_insert', (p) =>
      k
        .insertInto('proactive_attempts')
        .values(Object.fromEntries(COLUMNS.map((c) => [c, p(c)])) as never)
        .onConflict((oc) => oc.columns(['agent_id', 'idempotency_key']).doNothing())
        .returning('id'),
    ),
    byKey: prepare<Row, 'agent_id' | 'idempotency_key'>('proactive_by_key', (p) =>
      k
        .selectFrom('proactive_attempts')
        .selectAll()
        .where('agent_id', '=', p('agent_id'))
        .where('idempotency_key', '=', p('idempotency_key')),
    ),
    byId: prepare<Row, 'agent_id' | 'id'>('proactive_by_id', (p) =>
      k.selectFrom('proactive_attempts').selectAll().where('agent_id', '=', p('agent_id')).where('id', '=', p('id')),
    ),
    update: prepare<never, Column>('proactive_update', (p) =>
      k
        .updateTable('proactive_attempts')
        .set({
          status: p('status'),
          conversation_id: p('conversation_id'),
          failure_reason: p('failure_reason'),
          updated_at: p('updated_at'),
        })
        .where('id', '=', p('id'))
        .where('agent_id', '=', p('agent_id')),
    ),
  };
  return {
    /** False when the AI Agent already used the attempt's Idempotency-Key. */
    async insert(attempt: ProactiveAttempt, ex: Executor): Promise<boolean> {
      return (await q.insert.all(toRow(attempt), ex)).length > 0;
    },
    async findByKey(agentId: string, key: string, ex: Executor = db.root): Promise<ProactiveAttempt | null> {
      const row = await q.byKey.first({ agent_id: agentId, idempotency_key: key }, ex);
      return row ? toAttempt(row) : null;
    },
    async findById(agentId: string, id: string, ex: Executor = db.root): Promise<ProactiveAttempt | null> {
      const row = await q.byId.first({ agent_id: agentId, id }, ex);
      return row ? toAttempt(row) : null;
    },
    async update(attempt: ProactiveAttempt, ex: Executor): Promise<void> {
      await q.update.run(toRow(attempt), ex);
    },
  };
}

export type ProactiveStore = ReturnType<typeof createProactiveStore>;
