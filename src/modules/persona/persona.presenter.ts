// The wire form of a custom instruction (Ada's fields only).
import type { InstructionWire } from './persona.schemas.js';
import type { Instruction } from './persona.store.js';

export function presentInstruction(i: Instruction): InstructionWire {
  return {
    id: i.id,
    title: i.title,
    text: i.text,
    enabled: i.enabled,
    notes: i.notes,
    availability_rules: i.availabilityRules,
  };
}
