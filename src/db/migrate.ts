// Runs pending migrations; Kysely's migrator takes a lock, so concurrent starts are safe. The
// migrations are the platform's (src/db/migrations) and the modules' (their manifests), in the
// order of their names.
import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './executor.js';

export function createMigrator(db: Db, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
  });
}

export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<MigrationResult[]> {
  const { error, results } = await createMigrator(db, migrations).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}
