// Prepared hot-path queries. Each query is written once with Kysely (one typed definition for
// both engines), compiled once at start-up with named placeholders, and then executed with fresh
// parameters through the engine's own prepared statements: better-sqlite3 statements kept
// compiled, or PostgreSQL named statements parsed and planned once per connection. This skips
// Kysely's per-request query building and compilation on the paths every request takes.
import { CompiledQuery, type Compilable, type Transaction } from 'kysely';
import type { Db } from './dialect.js';
import type { Database } from './schema.js';

const MARK = '\u0000roster-param:';

type Slot<N extends string> = { param: N } | { value: unknown };

/**
 * Builds a prepared query. `build` receives `param(name)` and uses it wherever a per-call value
 * goes; the result is a function taking those values by name. Given a transaction, the query
 * runs on it (already compiled, so it still skips Kysely's building and compiling).
 */
export function prepareQuery<Row, N extends string>(
  db: Db,
  name: string,
  build: (param: (name: N) => never) => Compilable<Row>,
): (args: Record<N, unknown>, tx?: Transaction<Database>) => Promise<Row[]> {
  const compiled = build(((n: N) => `${MARK}${n}`) as (name: N) => never).compile();
  const slots: Slot<N>[] = compiled.parameters.map((p) =>
    typeof p === 'string' && p.startsWith(MARK) ? { param: p.slice(MARK.length) as N } : { value: p },
  );
  const sql = compiled.sql;
  return (args, tx) => {
    const values = slots.map((slot) => ('param' in slot ? args[slot.param] : slot.value));
    if (tx) return tx.executeQuery<Row>(CompiledQuery.raw(sql, values)).then((result) => result.rows as Row[]);
    return db.execute(name, sql, values) as Promise<Row[]>;
  };
}
