// Runs pending migrations; Kysely's migrator takes a lock, so concurrent starts are safe. The
// migrations are the platform's (src/db/migrations) and the modules' (their manifests), in the
// order of their names.
import { Migrator, sql, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './executor.js';

export function createMigrator(db: Db, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
  });
}

/**
 * Whether every migration has been applied already: one read of the migrations table, instead of
 * the migrator's lock tables and lock round trips on every start. False when the table is missing.
 */
async function allApplied(db: Db, migrations: Record<string, Migration>): Promise<boolean> {
  let applied: Array<{ name: string }>;
  try {
    applied = (await sql<{ name: string }>`select name from roster_migrations`.execute(db.kysely)).rows;
  } catch {
    return false;
  }
  const names = new Set(applied.map((row) => row.name));
  return Object.keys(migrations).every((name) => names.has(name));
}

export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<MigrationResult[]> {
  if (await allApplied(db, migrations)) return [];
  const { error, results } = await createMigrator(db, migrations).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}
