// Queries for platform integrations, their installations, and the OAuth codes and tokens. No
// rules live here; every method runs on the executor it is given (a unit's transaction) or on
// the database itself. Secrets are looked up by their SHA-256 digest only.
import type { Selectable } from 'kysely';
import { all, changed, first, type Db, type Executor } from '../../db/executor.js';
import { prepare } from '../../db/prepared.js';
import type {
  InstallationStatus,
  IntegrationInstallationsTable,
  IntegrationStatus,
  OauthCodesTable,
  OauthTokensTable,
  PlatformIntegrationsTable,
} from './integrations.tables.js';

export interface Integration {
  id: string;
  agentId: string;
  status: IntegrationStatus;
  name: string;
  description: string;
  author: string;
  contact: string;
  uninstallationUrl: string;
  oauthCallbackUrl: string;
  iconUrl: string | null;
  callToAction: string | null;
  identifierFieldPath: string;
  tags: string[];
  scopes: string[];
  configurationFields: Record<string, unknown>;
  errorCodes: Record<string, string> | null;
  createdAt: number;
  updatedAt: number;
}

export interface Installation {
  id: string;
  integrationId: string;
  agentId: string;
  configuration: Record<string, unknown>;
  identifier: string;
  status: InstallationStatus;
  createdAt: number;
  updatedAt: number;
}

export type CodeRow = Selectable<OauthCodesTable>;
export type TokenRow = Selectable<OauthTokensTable>;

type IntegrationRow = Selectable<PlatformIntegrationsTable>;
type InstallationRow = Selectable<IntegrationInstallationsTable>;

const toIntegration = (r: IntegrationRow): Integration => ({
  id: r.id,
  agentId: r.agent_id,
  status: r.status,
  name: r.name,
  description: r.description,
  author: r.author,
  contact: r.contact,
  uninstallationUrl: r.uninstallation_url,
  oauthCallbackUrl: r.oauth_callback_url,
  iconUrl: r.icon_url,
  callToAction: r.call_to_action,
  identifierFieldPath: r.identifier_field_path,
  tags: JSON.parse(r.tags) as string[],
  scopes: JSON.parse(r.scopes) as string[],
  configurationFields: JSON.parse(r.configuration_fields) as Record<string, unknown>,
  errorCodes: r.error_codes === null ? null : (JSON.parse(r.error_codes) as Record<string, string>),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const integrationRow = (i: Integration): Omit<IntegrationRow, 'client_secret_hash'> => ({
  id: i.id,
  agent_id: i.agentId,
  status: i.status,
  name: i.name,
  description: i.description,
  author: i.author,
  contact: i.contact,
  uninstallation_url: i.uninstallationUrl,
  oauth_callback_url: i.oauthCallbackUrl,
  icon_url: i.iconUrl,
  call_to_action: i.callToAction,
  identifier_field_path: i.identifierFieldPath,
  tags: JSON.stringify(i.tags),
  scopes: JSON.stringify(i.scopes),
  configuration_fields: JSON.stringify(i.configurationFields),
  error_codes: i.errorCodes === null ? null : JSON.stringify(i.errorCodes),
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

const toInstallation = (r: InstallationRow): Installation => ({
  id: r.id,
  integrationId: r.platform_integration_id,
  agentId: r.agent_id,
  configuration: JSON.parse(r.configuration) as Record<string, unknown>,
  identifier: r.identifier,
  status: r.status,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export function createIntegrationsStore(db: Db) {
  const k = db.kysely;
  const q = {
    // Runs on every request made with an access token that is not in the authenticator's cache.
    tokenByHash: prepare<TokenRow & { integration_status: string }, 'token_hash'>('oauth_token_by_hash', (p) =>
      k
        .selectFrom('oauth_tokens')
        .innerJoin('platform_integrations', 'platform_integrations.id', 'oauth_tokens.platform_integration_id')
        .selectAll('oauth_tokens')
        .select('platform_integrations.status as integration_status')
        .where('oauth_tokens.token_hash', '=', p('token_hash')),
    ),
  };

  return {
    async insertIntegration(integration: Integration, secretHash: string, ex: Executor): Promise<void> {
      await changed(
        ex,
        k
          .insertInto('platform_integrations')
          .values({ ...integrationRow(integration), client_secret_hash: secretHash }),
      );
    },

    async updateIntegration(integration: Integration, ex: Executor): Promise<void> {
      const { id, agent_id: _agent, created_at: _created, ...rest } = integrationRow(integration);
      await changed(ex, k.updateTable('platform_integrations').set(rest).where('id', '=', id));
    },

    /** Moves an integration to `status` if it is in one of `from`; false otherwise (atomic). */
    async setStatus(
      id: string,
      status: IntegrationStatus,
      from: IntegrationStatus[],
      now: number,
      ex: Executor = db.root,
    ): Promise<boolean> {
      const query = k
        .updateTable('platform_integrations')
        .set({ status, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', from);
      return (await changed(ex, query)) > 0;
    },

    /** An integration of the agent (its developer), or null. */
    async findOwned(agentId: string, id: string, ex: Executor = db.root): Promise<Integration | null> {
      const row = await first(
        ex,
        k.selectFrom('platform_integrations').selectAll().where('id', '=', id).where('agent_id', '=', agentId),
      );
      return row ? toIntegration(row) : null;
    },

    /** Any integration by id, with its secret's digest (the OAuth endpoints). */
    async findById(id: string, ex: Executor = db.root): Promise<(Integration & { secretHash: string }) | null> {
      const row = await first(ex, k.selectFrom('platform_integrations').selectAll().where('id', '=', id));
      return row ? { ...toIntegration(row), secretHash: row.client_secret_hash } : null;
    },

    async listOwned(agentId: string, cursor: string | null, limit: number): Promise<Integration[]> {
      let query = k.selectFrom('platform_integrations').selectAll().where('agent_id', '=', agentId);
      if (cursor !== null) query = query.where('id', '>=', cursor);
      return (await all(db.root, query.orderBy('id').limit(limit))).map(toIntegration);
    },

    async findInstallation(id: string, ex: Executor = db.root): Promise<Installation | null> {
      const row = await first(ex, k.selectFrom('integration_installations').selectAll().where('id', '=', id));
      return row ? toInstallation(row) : null;
    },

    async findInstallationOf(integrationId: string, agentId: string, ex: Executor): Promise<Installation | null> {
      const row = await first(
        ex,
        k
          .selectFrom('integration_installations')
          .selectAll()
          .where('platform_integration_id', '=', integrationId)
          .where('agent_id', '=', agentId),
      );
      return row ? toInstallation(row) : null;
    },

    async insertInstallation(installation: Installation, ex: Executor): Promise<void> {
      await changed(
        ex,
        k.insertInto('integration_installations').values({
          id: installation.id,
          platform_integration_id: installation.integrationId,
          agent_id: installation.agentId,
          configuration: JSON.stringify(installation.configuration),
          identifier: installation.identifier,
          status: installation.status,
          created_at: installation.createdAt,
          updated_at: installation.updatedAt,
        }),
      );
    },

    async updateInstallation(installation: Installation, ex: Executor): Promise<void> {
      await changed(
        ex,
        k
          .updateTable('integration_installations')
          .set({
            configuration: JSON.stringify(installation.configuration),
            identifier: installation.identifier,
            status: installation.status,
            updated_at: installation.updatedAt,
          })
          .where('id', '=', installation.id),
      );
    },

    async insertCode(row: CodeRow, ex: Executor): Promise<void> {
      await changed(ex, k.insertInto('oauth_codes').values(row));
    },

    async codeByHash(hash: string, ex: Executor): Promise<CodeRow | null> {
      return (
        (await first(ex, db.forUpdate(k.selectFrom('oauth_codes').selectAll().where('code_hash', '=', hash)))) ?? null
      );
    },

    /** Marks a code used; false when it already was (a concurrent exchange won). */
    async useCode(id: string, now: number, ex: Executor): Promise<boolean> {
      const query = k
        .updateTable('oauth_codes')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null);
      return (await changed(ex, query)) > 0;
    },

    async insertTokens(rows: TokenRow[], ex: Executor): Promise<void> {
      await changed(ex, k.insertInto('oauth_tokens').values(rows));
    },

    async tokenByHash(hash: string, ex: Executor = db.root) {
      return (await q.tokenByHash.first({ token_hash: hash }, ex)) ?? null;
    },

    async refreshByHash(hash: string, ex: Executor): Promise<TokenRow | null> {
      const query = k
        .selectFrom('oauth_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('kind', '=', 'refresh');
      return (await first(ex, db.forUpdate(query))) ?? null;
    },

    /** Marks a refresh token exchanged; false when it already was. */
    async useRefresh(id: string, now: number, ex: Executor): Promise<boolean> {
      const query = k
        .updateTable('oauth_tokens')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null);
      return (await changed(ex, query)) > 0;
    },

    /** Revokes every token of a family (a replayed code or refresh token). */
    async revokeFamily(familyId: string, now: number, ex: Executor): Promise<number> {
      const query = k
        .updateTable('oauth_tokens')
        .set({ revoked_at: now })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null);
      return changed(ex, query);
    },

    /** Deletes codes and tokens that expired before `before`; how many rows went. */
    async deleteExpired(before: number, ex: Executor): Promise<number> {
      const codes = await changed(ex, k.deleteFrom('oauth_codes').where('expires_at', '<', before));
      const tokens = await changed(ex, k.deleteFrom('oauth_tokens').where('expires_at', '<', before));
      return codes + tokens;
    },
  };
}

export type IntegrationsStore = ReturnType<typeof createIntegrationsStore>;
