// The custom instructions rules: titles unique per AI Agent (409), at most
// ENABLED_INSTRUCTIONS_MAX enabled at once (409), availability rules that parse and name only
// the AI Agent's variables (400), and what applies to one end user (for the responders).
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { VariablesService } from '../knowledge/variables.service.js';
import { PROFILE_VARIABLES, variableId, variableValues, type VariableValue } from '../knowledge/variables.js';
import { ENABLED_INSTRUCTIONS_MAX, type CreateInstructionBody, type PatchInstructionBody } from './persona.schemas.js';
import { presentInstruction } from './persona.presenter.js';
import type { Instruction, PersonaStore } from './persona.store.js';
import { RuleSyntaxError, evaluateRule, parseRule, variablesOfRule } from './rule-expression.js';

const idOfName = (name: string) =>
  variableId((PROFILE_VARIABLES as readonly string[]).includes(name) ? 'profile' : 'metadata', name);

export function createInstructionsService(deps: {
  store: PersonaStore;
  variables: Pick<VariablesService, 'known'>;
  units: UnitOfWork;
  clock: Clock;
}) {
  const { store, variables, units, clock } = deps;

  /** The rule as stored (the text sent), after checking it parses and names known variables. */
  async function checkedRule(agentId: string, source: string | null | undefined): Promise<string | null | undefined> {
    if (source === undefined || source === null) return source;
    let names: string[];
    try {
      names = variablesOfRule(parseRule(source));
    } catch (error) {
      if (error instanceof RuleSyntaxError)
        throw fieldError('$.availability_rules', `does not parse: ${error.message}`);
      throw error;
    }
    const known = await variables.known(agentId, names.map(idOfName));
    const unknown = names.find((name) => !known.has(idOfName(name)));
    if (unknown !== undefined)
      throw fieldError('$.availability_rules', `names the variable "${unknown}", which this AI Agent does not have`);
    return source;
  }

  async function checkEnabledLimit(agentId: string, ex: Parameters<PersonaStore['countEnabled']>[1]) {
    const count = await store.countEnabled(agentId, ex);
    if (count >= ENABLED_INSTRUCTIONS_MAX)
      throw new AppError(
        'conflict',
        `This AI Agent already has ${count} enabled custom instructions, the most it may have; disable one first.`,
        [
          {
            parameter: '$.enabled',
            location: 'body',
            message: `would pass the limit of ${ENABLED_INSTRUCTIONS_MAX} enabled instructions`,
          },
        ],
      );
  }

  const find = async (agentId: string, rawId: string) => {
    const id = normalizeId(rawId);
    const found = id === null ? null : await store.find(agentId, id);
    if (!found) throw notFound(`Custom instruction "${rawId}"`);
    return found;
  };

  return {
    async list(agentId: string, cursor: string | null, limit: number): Promise<Page<Instruction>> {
      return pageOf(await store.list(agentId, cursor, limit + 1), limit);
    },

    get: find,

    async create(agentId: string, body: CreateInstructionBody): Promise<Instruction> {
      const rules = (await checkedRule(agentId, body.availability_rules)) ?? null;
      return units.transaction(async (unit) => {
        const enabled = body.enabled ?? false;
        if (enabled) {
          await store.lockAgent(agentId, unit.ex);
          await checkEnabledLimit(agentId, unit.ex);
        }
        const now = clock.now();
        const instruction: Instruction = {
          id: newId(now, agentId),
          agentId,
          title: body.title,
          text: body.text,
          enabled,
          notes: body.notes ?? null,
          availabilityRules: rules,
          createdAt: now,
          updatedAt: now,
        };
        await store.insert(instruction, unit.ex);
        unit.change({
          agentId,
          entityType: 'custom_instruction',
          entityId: instruction.id,
          entityName: instruction.title,
          activity: 'created',
          before: null,
          after: presentInstruction(instruction),
        });
        return instruction;
      });
    },

    async update(agentId: string, rawId: string, body: PatchInstructionBody): Promise<Instruction> {
      const id = normalizeId(rawId);
      const rules = await checkedRule(agentId, body.availability_rules);
      return units.transaction(async (unit) => {
        if (body.enabled === true) await store.lockAgent(agentId, unit.ex);
        const current = id === null ? null : await store.find(agentId, id, unit.ex);
        if (!current) throw notFound(`Custom instruction "${rawId}"`);
        if (body.enabled === true && !current.enabled) await checkEnabledLimit(agentId, unit.ex);
        const next: Instruction = {
          ...current,
          title: body.title ?? current.title,
          text: body.text ?? current.text,
          enabled: body.enabled ?? current.enabled,
          notes: body.notes === undefined ? current.notes : body.notes,
          availabilityRules: rules === undefined ? current.availabilityRules : rules,
        };
        const { updatedAt: _a, ...was } = current;
        const { updatedAt: _b, ...now } = next;
        if (JSON.stringify(was) === JSON.stringify(now)) return current;
        next.updatedAt = clock.now();
        await store.update(next, unit.ex);
        unit.change({
          agentId,
          entityType: 'custom_instruction',
          entityId: next.id,
          entityName: next.title,
          activity: 'updated',
          before: presentInstruction(current),
          after: presentInstruction(next),
        });
        return next;
      });
    },

    async delete(agentId: string, rawId: string): Promise<void> {
      const id = normalizeId(rawId);
      const deleted = await units.transaction(
        async (unit) => id !== null && (await store.delete(agentId, id, unit.ex)),
      );
      if (!deleted) throw notFound(`Custom instruction "${rawId}"`);
    },

    /** The enabled instructions whose rule holds for an end user with this profile, ordered by id. */
    async applying(agentId: string, profile: Record<string, unknown>): Promise<Instruction[]> {
      const byId = variableValues(profile);
      const values = new Map<string, VariableValue>();
      const out: Instruction[] = [];
      for (const instruction of await store.enabled(agentId)) {
        if (instruction.availabilityRules === null) {
          out.push(instruction);
          continue;
        }
        let rule;
        try {
          rule = parseRule(instruction.availabilityRules);
        } catch {
          continue; // Stored rules parsed when written; one that no longer does applies to nobody.
        }
        for (const name of variablesOfRule(rule)) {
          const value = byId.get(idOfName(name));
          if (value !== undefined) values.set(name, value);
        }
        if (evaluateRule(rule, values)) out.push(instruction);
      }
      return out;
    },
  };
}

export type InstructionsService = ReturnType<typeof createInstructionsService>;
