// The persona rules: every AI Agent has a persona (the defaults until it changes one), PATCH
// changes only the fields sent, and the time zone must be one the runtime knows.
import type { Clock } from '../../lib/clock.js';
import { fieldError } from '../../lib/errors.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { PatchPersonaBody, PersonaWire } from './persona.schemas.js';
import type { PersonaStore } from './persona.store.js';

export const DEFAULT_PERSONA: PersonaWire = {
  personality: [],
  emoji_usage: false,
  allowed_emojis: '',
  default_timezone: 'UTC',
  company_description: null,
  community_guidelines_url: null,
  message_length: 'normal',
  ask_for_more_help: true,
  no_customer_pi: true,
  no_competitors: false,
  competitor_names: null,
  enable_acknowledgment_messages: false,
};

function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Stored settings over the defaults, keeping only the persona's own fields. */
function personaOf(stored: Record<string, unknown> | null): PersonaWire {
  const persona: Record<string, unknown> = { ...DEFAULT_PERSONA };
  for (const key of Object.keys(DEFAULT_PERSONA)) if (stored && key in stored) persona[key] = stored[key];
  return persona as PersonaWire;
}

export function createPersonaService(deps: { store: PersonaStore; units: UnitOfWork; clock: Clock }) {
  const { store, units, clock } = deps;
  return {
    async get(agentId: string): Promise<PersonaWire> {
      return personaOf(await store.persona(agentId));
    },

    async update(agentId: string, body: PatchPersonaBody): Promise<PersonaWire> {
      if (body.default_timezone !== undefined && !isTimeZone(body.default_timezone))
        throw fieldError('$.default_timezone', 'must be an IANA time zone name, such as Europe/Paris or UTC');
      return units.transaction(async (unit) => {
        const current = personaOf(await store.persona(agentId, unit.ex));
        const next: PersonaWire = { ...current, ...body };
        if (JSON.stringify(next) !== JSON.stringify(current)) {
          await store.savePersona(agentId, next, clock.now(), unit.ex);
          unit.change({
            agentId,
            entityType: 'persona',
            entityId: agentId,
            activity: 'updated',
            before: current,
            after: next,
          });
        }
        return next;
      });
    },
  };
}

export type PersonaService = ReturnType<typeof createPersonaService>;
