// Erasure: the jobs that erase end users on request, the end users each still has to erase, the
// client references that make a request idempotent, and the identifiers in their cooldown. It
// also gives recorded webhook events the id of the end user they are about, so erasing a person
// finds their events by an index rather than by reading every payload.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('erasure_jobs')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('client_reference', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('identifiers', 'text', (c) => c.notNull())
    .addColumn('submitted_count', 'integer', (c) => c.notNull())
    .addColumn('matched_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('erased_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_reason', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('erasure_jobs_agent_idx').on('erasure_jobs').columns(['agent_id', 'id']).execute();

  await db.schema
    .createTable('erasure_targets')
    .addColumn('job_id', 'varchar(24)', (c) => c.notNull().references('erasure_jobs.id').onDelete('cascade'))
    .addColumn('end_user_id', 'varchar(24)', (c) => c.notNull())
    .addPrimaryKeyConstraint('erasure_targets_pk', ['job_id', 'end_user_id'])
    .execute();

  await db.schema
    .createTable('erasure_references')
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('client_reference', 'text', (c) => c.notNull())
    .addColumn('job_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('request_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('erasure_references_pk', ['agent_id', 'client_reference'])
    .execute();

  await db.schema
    .createTable('erasure_cooldowns')
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('identifier_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('erasure_cooldowns_pk', ['agent_id', 'identifier_mac'])
    .execute();

  await db.schema.alterTable('events').addColumn('end_user_id', 'varchar(24)').execute();
  await db.schema.createIndex('events_end_user_idx').on('events').columns(['agent_id', 'end_user_id']).execute();
  // Events recorded before: their end user is the body's data.end_user_id.
  for (let after = ''; ;) {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'payload'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    for (const row of rows as Array<{ id: string; payload: string }>) {
      const id = subject(row.payload);
      if (id !== null) await db.updateTable('events').set({ end_user_id: id }).where('id', '=', row.id).execute();
    }
    if (rows.length < 500) break;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}

function subject(payload: string): string | null {
  try {
    const id = (JSON.parse(payload) as { data?: { end_user_id?: unknown } }).data?.end_user_id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_end_user_idx').execute();
  await db.schema.alterTable('events').dropColumn('end_user_id').execute();
  for (const table of ['erasure_cooldowns', 'erasure_references', 'erasure_targets', 'erasure_jobs']) {
    await db.schema.dropTable(table).execute();
  }
}
