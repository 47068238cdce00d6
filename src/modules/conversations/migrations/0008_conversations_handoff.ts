// Human handoff: a conversation the AI Agent handed to a human integration names that
// integration until the handoff ends (null when the AI Agent has the conversation).
import type { Kysely } from 'kysely';

/** The longest integration name (responders are held to it). */
export const HANDOFF_INTEGRATION_MAX = 64;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('handoff_integration', `varchar(${HANDOFF_INTEGRATION_MAX})`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').dropColumn('handoff_integration').execute();
}
