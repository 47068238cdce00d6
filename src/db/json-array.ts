// A subquery's rows as one JSON array column, on either engine (SQLite's json_group_array,
// PostgreSQL's json_agg; Kysely's helpers write each). For reading a row with its few children
// in one statement instead of two.
import type { Expression, Kysely, RawBuilder, Simplify } from 'kysely';
import { PostgresAdapter } from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';

type ArrayOf = <O>(subquery: Expression<O>) => RawBuilder<Simplify<O>[]>;

/** The engine's jsonArrayFrom. Its column reads back as text on SQLite; parse it with jsonArrayOf. */
export function jsonArrayFor(kysely: Kysely<any>): ArrayOf {
  return (
    kysely.getExecutor().adapter instanceof PostgresAdapter ? postgresJsonArrayFrom : sqliteJsonArrayFrom
  ) as ArrayOf;
}

/** The column jsonArrayFor made, as an array (PostgreSQL's driver parses JSON itself; SQLite returns text). */
export function jsonArrayOf<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T[];
}
