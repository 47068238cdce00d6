// Reset: removes AI Agents' data (all of it, or one agent's) but keeps the agents and their API
// keys, so the keys a test holds keep working. Each module names its tables in its manifest
// (`testDouble.tables`); modules are walked in reverse build order, so rows that refer to another
// module's rows go first. Jobs of an agent go too; the periodic jobs (agent_id null) stay.
import { sql } from 'kysely';
import type { Container } from '../container.js';
import type { Statement } from '../db/executor.js';

export interface Resetter {
  /** Deletes the data of every agent, or of one agent (by id). */
  reset(agentId: string | null): Promise<void>;
  /** The tables a reset empties, in order (for the check that no module forgot one). */
  readonly tables: readonly string[];
}

export function createResetter(container: Pick<Container, 'db' | 'mounted'>): Resetter {
  const { db } = container;
  const tables = [...container.mounted].reverse().flatMap(({ manifest }) => manifest.testDouble?.tables ?? []);
  // Compiled once: the statements are the same on every reset.
  const compile = (query: { compile(executor: typeof db.kysely): { sql: string; parameters: readonly unknown[] } }) =>
    query.compile(db.kysely);
  const everything: Statement[] = [
    ...tables.map((table) => ({ ...compile(sql`delete from ${sql.table(table)}`) })),
    compile(sql`delete from jobs where agent_id is not null`),
  ];
  const ofAgent = (agentId: string): Statement[] => [
    ...tables.map((table) => compile(sql`delete from ${sql.table(table)} where agent_id = ${agentId}`)),
    compile(sql`delete from jobs where agent_id = ${agentId}`),
  ];
  return {
    tables,
    async reset(agentId) {
      // What modules keep outside the database (attachment files) goes first, while its rows
      // still say where it is.
      for (const { built } of [...container.mounted].reverse()) await built.beforeReset?.(agentId);
      const statements = agentId === null ? everything : ofAgent(agentId);
      await db.transaction(async (tx) => {
        for (const statement of statements) await tx.execute(statement);
      });
    },
  };
}
