// Channel filters on webhook endpoints (a Roster extension): a JSON array of delivery tags (custom
// channel ids, human integration names); [] for endpoints that take events whatever their tags,
// which is what every endpoint made before this migration keeps doing.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').dropColumn('channels').execute();
}
