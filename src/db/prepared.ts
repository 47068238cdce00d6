// Prepared queries. Each query is written once with Kysely, compiled once at start-up with named
// placeholders, and then run with fresh parameters through any Executor: outside a transaction as
// the engine's own prepared statement (better-sqlite3 statements kept compiled, PostgreSQL named
// statements parsed and planned once per connection), inside one as the same compiled SQL. No
// store keeps a second version of a query for transactions, and no request pays for building and
// compiling the hot queries.
import type { Compilable } from 'kysely';
import type { Executor } from './executor.js';

const MARK = '\u0000roster-param:';

type Slot<N extends string> = { param: N } | { value: unknown };

export interface PreparedQuery<R, N extends string> {
  all(args: Record<N, unknown>, ex: Executor): Promise<R[]>;
  first(args: Record<N, unknown>, ex: Executor): Promise<R | undefined>;
  /** How many rows the statement changed. */
  run(args: Record<N, unknown>, ex: Executor): Promise<number>;
}

/**
 * Builds a prepared query. `build` receives `param(name)` and uses it wherever a per-call value
 * goes; the result runs with those values by name.
 */
export function prepare<R, N extends string = never>(
  name: string,
  build: (param: (name: N) => never) => Compilable<R>,
): PreparedQuery<R, N>;
/** The same, each row an array of the selected columns' values in select order (`R` is that tuple). */
export function prepare<R extends readonly unknown[], N extends string = never>(
  name: string,
  build: (param: (name: N) => never) => Compilable<unknown>,
  options: { arrays: true },
): PreparedQuery<R, N>;
export function prepare<R, N extends string = never>(
  name: string,
  build: (param: (name: N) => never) => Compilable<unknown>,
  options: { arrays?: boolean } = {},
): PreparedQuery<R, N> {
  const compiled = build(((n: N) => `${MARK}${n}`) as (name: N) => never).compile();
  const slots: Slot<N>[] = compiled.parameters.map((p) =>
    typeof p === 'string' && p.startsWith(MARK) ? { param: p.slice(MARK.length) as N } : { value: p },
  );
  const sql = compiled.sql;
  const arrays = options.arrays === true;
  const statement = (args: Record<N, unknown>) => ({
    name,
    sql,
    parameters: slots.map((slot) => ('param' in slot ? args[slot.param] : slot.value)),
    arrays,
  });
  return {
    async all(args, ex) {
      return (await ex.execute<R>(statement(args))).rows;
    },
    async first(args, ex) {
      return (await ex.execute<R>(statement(args))).rows[0];
    },
    async run(args, ex) {
      return (await ex.execute(statement(args))).affected;
    },
  };
}
