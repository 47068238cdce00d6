// Upgrading a database made before the Conversations API: migration 0003 gives every agent that
// already exists its three native channels, and the API lists them.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { allMigrations, createContainer, type Container } from '../src/container.js';
import { NATIVE_CHANNELS } from '../src/db/native-channels.js';
import { createDb } from '../src/db/dialect.js';
import { createMigrator, migrateToLatest } from '../src/db/migrate.js';
import { ENGINES, TEST_ENCRYPTION_KEY, createTestDatabase, type TestDatabase } from './helpers/harness.js';

describe.each(ENGINES)('upgrading to migration 0003 (%s)', (engine) => {
  let database: TestDatabase;
  let container: Container | null = null;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await container?.close();
    await database.drop();
  });

  it('seeds the native channels of agents that existed before', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...database.env });
    const db = createDb(config);
    expect((await createMigrator(db, allMigrations()).migrateTo('0002_webhooks')).error).toBeUndefined();
    const old = db.kysely as unknown as Kysely<any>;
    await old
      .insertInto('agents')
      .values({ id: 'aaaaaaaaaaaaaaaaaaaaaaa1', handle: 'older', created_at: 1_700_000_000_000 })
      .execute();
    await db.close();

    container = await createContainer(config); // migrates to the latest
    const rows = await container.db.kysely
      .selectFrom('channels')
      .selectAll()
      .where('agent_id', '=', 'aaaaaaaaaaaaaaaaaaaaaaa1')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.type, r.name, r.modality, Number(r.markdown), r.metadata, Number(r.created_at)])).toEqual(
      NATIVE_CHANNELS.map((c) => ['native', c.name, c.modality, c.markdown ? 1 : 0, null, 1_700_000_000_000]),
    );
  });
});

describe.each(ENGINES)('starting on a current database (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('applies what is missing, then leaves a current database alone', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...database.env });
    const db = createDb(config);
    try {
      expect((await createMigrator(db, allMigrations()).migrateTo('0002_webhooks')).error).toBeUndefined();
      const applied = await migrateToLatest(db, allMigrations());
      expect(applied.map((r) => r.migrationName)).toEqual(
        Object.keys(allMigrations())
          .filter((name) => name > '0002_webhooks')
          .sort(),
      );
      // The migrator's lock table is only touched when something is to be applied.
      await sql`drop table roster_migrations_lock`.execute(db.kysely);
      expect(await migrateToLatest(db, allMigrations())).toEqual([]);
      const lock = await sql`select count(*) as n from roster_migrations_lock`.execute(db.kysely).then(
        () => 'present',
        () => 'absent',
      );
      expect(lock).toBe('absent');
    } finally {
      await db.close();
    }
  });
});
