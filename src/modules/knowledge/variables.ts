// Variables: what an availability rule can test about an end user. They are the end user's
// profile fields and the keys of their metadata; a metadata key named like a profile field is
// reserved (the profile field is the variable), and sensitive metadata is never a variable.
// A variable's id is derived from its kind and name, so it is the same on every Roster, needs no
// table, and can be computed from an end user's profile when a rule is evaluated.
import { createHash } from 'node:crypto';

export const PROFILE_VARIABLES = ['first_name', 'last_name', 'display_name', 'avatar', 'email', 'language'] as const;
const RESERVED = new Set<string>(PROFILE_VARIABLES);

export type VariableValue = string | number | boolean;

export interface Variable {
  id: string;
  name: string;
}

/** 24 hex characters, like every other id, from the variable's kind and name. */
export function variableId(kind: 'profile' | 'metadata', name: string): string {
  return createHash('sha256').update(`roster-variable\u0000${kind}\u0000${name}`).digest('hex').slice(0, 24);
}

export const PROFILE_VARIABLE_LIST: readonly Variable[] = PROFILE_VARIABLES.map((name) => ({
  id: variableId('profile', name),
  name,
}));

/** The metadata keys that are variables (those not named like a profile field). */
export function metadataVariables(keys: Iterable<string>): Variable[] {
  const out: Variable[] = [];
  for (const key of keys) if (!RESERVED.has(key)) out.push({ id: variableId('metadata', key), name: key });
  return out;
}

/** What an end user's profile gives its variables: id to value, for the variables that have one. */
export function variableValues(profile: Record<string, unknown>): Map<string, VariableValue> {
  const values = new Map<string, VariableValue>();
  for (const variable of PROFILE_VARIABLE_LIST) {
    const value = profile[variable.name];
    if (typeof value === 'string') values.set(variable.id, value);
  }
  const metadata = profile.metadata;
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    for (const [key, value] of Object.entries(metadata)) {
      if (RESERVED.has(key)) continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        values.set(variableId('metadata', key), value);
    }
  }
  return values;
}
