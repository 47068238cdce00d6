// Persona and custom instructions: how an AI Agent speaks (Ada's Persona API) and the rules it
// follows (Ada's Custom Instructions API), with availability rules written as expressions over
// the end user's variables. The responders are handed both for each turn (guidanceFor).
import { defineModule } from '../../platform/manifest.js';
import { createInstructionsService, type InstructionsService } from './instructions.service.js';
import * as m0010 from './migrations/0010_persona.js';
import { personaDocs } from './persona.docs.js';
import { presentInstruction } from './persona.presenter.js';
import { personaRoutes } from './persona.routes.js';
import { InstructionSchema, PersonaSchema, type InstructionWire, type PersonaWire } from './persona.schemas.js';
import { createPersonaService, type PersonaService } from './persona.service.js';
import { createPersonaStore } from './persona.store.js';

export interface Guidance {
  persona: PersonaWire;
  custom_instructions: InstructionWire[];
}

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    persona: {
      persona: PersonaService;
      instructions: InstructionsService;
      /** The persona and the enabled instructions that apply to an end user with this profile. */
      guidanceFor(agentId: string, profile: Record<string, unknown>): Promise<Guidance>;
    };
  }
}

export const personaModule = defineModule({
  name: 'persona',
  testDouble: { tables: ['custom_instructions', 'personas'] },
  schemas: [PersonaSchema, InstructionSchema],
  migrations: { '0010_persona': m0010 },
  build({ db, units, clock, use }) {
    const { variables } = use('knowledge');
    const store = createPersonaStore(db);
    const persona = createPersonaService({ store, units, clock });
    const instructions = createInstructionsService({ store, variables, units, clock });
    return {
      exports: {
        persona,
        instructions,
        async guidanceFor(agentId, profile) {
          const [current, applying] = await Promise.all([
            persona.get(agentId),
            instructions.applying(agentId, profile),
          ]);
          return { persona: current, custom_instructions: applying.map(presentInstruction) };
        },
      },
      routes: personaRoutes(persona, instructions),
      docs: personaDocs,
    };
  },
});
