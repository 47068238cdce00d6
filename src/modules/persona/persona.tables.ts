// The persona table (one row per AI Agent that changed its persona; the others have the
// defaults) and the custom instructions table.

export interface PersonasTable {
  agent_id: string;
  /** JSON object of the persona's fields. */
  settings: string;
  updated_at: number;
}

export interface CustomInstructionsTable {
  id: string;
  agent_id: string;
  title: string;
  /** The title in lower case: titles are unique per AI Agent regardless of case. */
  title_key: string;
  text: string;
  enabled: number;
  notes: string | null;
  availability_rules: string | null;
  created_at: number;
  updated_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    personas: PersonasTable;
    custom_instructions: CustomInstructionsTable;
  }
}
