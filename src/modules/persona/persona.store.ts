// Queries for the persona and custom instructions. No rules here; a unique violation on a title
// becomes the module's 409 here, so the service never sees driver errors.
import type { Selectable } from 'kysely';
import { onUniqueViolation } from '../../db/errors.js';
import { all, changed, first, type Db, type Executor } from '../../db/executor.js';
import { AppError } from '../../lib/errors.js';
import type { CustomInstructionsTable } from './persona.tables.js';

export interface Instruction {
  id: string;
  agentId: string;
  title: string;
  text: string;
  enabled: boolean;
  notes: string | null;
  availabilityRules: string | null;
  createdAt: number;
  updatedAt: number;
}

type Row = Selectable<CustomInstructionsTable>;

const toInstruction = (r: Row): Instruction => ({
  id: r.id,
  agentId: r.agent_id,
  title: r.title,
  text: r.text,
  enabled: Number(r.enabled) === 1,
  notes: r.notes,
  availabilityRules: r.availability_rules,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toRow = (i: Instruction): Row => ({
  id: i.id,
  agent_id: i.agentId,
  title: i.title,
  title_key: i.title.toLowerCase(),
  text: i.text,
  enabled: i.enabled ? 1 : 0,
  notes: i.notes,
  availability_rules: i.availabilityRules,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

const titleTaken = (title: string) =>
  new AppError('conflict', `A custom instruction titled "${title}" already exists.`, [
    { parameter: '$.title', location: 'body', message: 'is already the title of a custom instruction' },
  ]);

export function createPersonaStore(db: Db) {
  const k = db.kysely;
  return {
    async persona(agentId: string, ex: Executor = db.root): Promise<Record<string, unknown> | null> {
      const row = await first(
        ex,
        db.forUpdate(k.selectFrom('personas').select('settings').where('agent_id', '=', agentId)),
      );
      return row ? (JSON.parse(row.settings) as Record<string, unknown>) : null;
    },

    async savePersona(agentId: string, settings: object, now: number, ex: Executor): Promise<void> {
      const values = { agent_id: agentId, settings: JSON.stringify(settings), updated_at: now };
      await changed(
        ex,
        k
          .insertInto('personas')
          .values(values)
          .onConflict((oc) => oc.column('agent_id').doUpdateSet({ settings: values.settings, updated_at: now })),
      );
    },

    async find(agentId: string, id: string, ex: Executor = db.root): Promise<Instruction | null> {
      const row = await first(
        ex,
        k.selectFrom('custom_instructions').selectAll().where('id', '=', id).where('agent_id', '=', agentId),
      );
      return row ? toInstruction(row) : null;
    },

    async list(agentId: string, cursor: string | null, limit: number): Promise<Instruction[]> {
      let query = k.selectFrom('custom_instructions').selectAll().where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '>=', cursor);
      return (await all(db.root, query.orderBy('id').limit(limit))).map(toInstruction);
    },

    async enabled(agentId: string, ex: Executor = db.root): Promise<Instruction[]> {
      const query = k
        .selectFrom('custom_instructions')
        .selectAll()
        .where('agent_id', '=', agentId)
        .where('enabled', '=', 1)
        .orderBy('id');
      return (await all(ex, query)).map(toInstruction);
    },

    async countEnabled(agentId: string, ex: Executor): Promise<number> {
      const row = await first(
        ex,
        k
          .selectFrom('custom_instructions')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('agent_id', '=', agentId)
          .where('enabled', '=', 1),
      );
      return Number(row?.n ?? 0);
    },

    async insert(instruction: Instruction, ex: Executor): Promise<void> {
      await onUniqueViolation(changed(ex, k.insertInto('custom_instructions').values(toRow(instruction))), () =>
        titleTaken(instruction.title),
      );
    },

    async update(instruction: Instruction, ex: Executor): Promise<void> {
      const { id, agent_id: _agent, created_at: _created, ...rest } = toRow(instruction);
      await onUniqueViolation(changed(ex, k.updateTable('custom_instructions').set(rest).where('id', '=', id)), () =>
        titleTaken(instruction.title),
      );
    },

    async delete(agentId: string, id: string, ex: Executor): Promise<boolean> {
      const query = k.deleteFrom('custom_instructions').where('id', '=', id).where('agent_id', '=', agentId);
      return (await changed(ex, query)) > 0;
    },

    /** Serialises changes to an agent's enabled instructions until the transaction ends. */
    async lockAgent(agentId: string, ex: Executor): Promise<void> {
      await first(ex, db.forUpdate(k.selectFrom('agents').select('id').where('id', '=', agentId)));
    },
  };
}

export type PersonaStore = ReturnType<typeof createPersonaStore>;
