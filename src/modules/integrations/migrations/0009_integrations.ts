// Platform integrations, their installations, and the OAuth 2.0 codes and tokens of the
// installations. Digests of secrets are unique, so a lookup by digest finds one row.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('platform_integrations')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('uninstallation_url', 'text', (c) => c.notNull())
    .addColumn('oauth_callback_url', 'text', (c) => c.notNull())
    .addColumn('icon_url', 'text')
    .addColumn('call_to_action', 'text')
    .addColumn('identifier_field_path', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('configuration_fields', 'text', (c) => c.notNull())
    .addColumn('error_codes', 'text')
    .addColumn('client_secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('platform_integrations_agent_idx')
    .on('platform_integrations')
    .columns(['agent_id', 'id'])
    .execute();

  await db.schema
    .createTable('integration_installations')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('platform_integration_id', 'varchar(24)', (c) =>
      c.notNull().references('platform_integrations.id').onDelete('cascade'),
    )
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('configuration', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('integration_installations_uq', ['platform_integration_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('installation_id', 'varchar(24)', (c) =>
      c.notNull().references('integration_installations.id').onDelete('cascade'),
    )
    .addColumn('platform_integration_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('redirect_uri', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'varchar(128)')
    .addColumn('code_challenge_method', 'varchar(8)')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oauth_tokens')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('family_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('installation_id', 'varchar(24)', (c) =>
      c.notNull().references('integration_installations.id').onDelete('cascade'),
    )
    .addColumn('platform_integration_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_tokens_family_idx').on('oauth_tokens').column('family_id').execute();
  await db.schema.createIndex('oauth_tokens_expiry_idx').on('oauth_tokens').column('expires_at').execute();
  await db.schema.createIndex('oauth_codes_expiry_idx').on('oauth_codes').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_tokens').ifExists().execute();
  await db.schema.dropTable('oauth_codes').ifExists().execute();
  await db.schema.dropTable('integration_installations').ifExists().execute();
  await db.schema.dropTable('platform_integrations').ifExists().execute();
}
