// The platform integrations tables: integrations (partner apps) an AI Agent develops, their
// installations on AI Agents, and the OAuth 2.0 authorization codes and tokens those installations
// hold. Secrets (client secrets, codes, tokens) are kept only as SHA-256 digests.

export type IntegrationStatus = 'development' | 'approved' | 'archived';
export type InstallationStatus = 'incomplete' | 'complete';
export type TokenKind = 'access' | 'refresh';

export interface PlatformIntegrationsTable {
  id: string;
  /** The AI Agent that created the integration (its developer's). */
  agent_id: string;
  status: IntegrationStatus;
  name: string;
  description: string;
  author: string;
  contact: string;
  uninstallation_url: string;
  oauth_callback_url: string;
  icon_url: string | null;
  call_to_action: string | null;
  identifier_field_path: string;
  /** JSON arrays and objects. */
  tags: string;
  scopes: string;
  configuration_fields: string;
  error_codes: string | null;
  client_secret_hash: string;
  created_at: number;
  updated_at: number;
}

export interface IntegrationInstallationsTable {
  id: string;
  platform_integration_id: string;
  /** The AI Agent the integration is installed on. */
  agent_id: string;
  /** JSON object: the configuration the installing admin filled in. */
  configuration: string;
  /** What the integration's identifier_field_path picks out of the configuration. */
  identifier: string;
  status: InstallationStatus;
  created_at: number;
  updated_at: number;
}

export interface OauthCodesTable {
  id: string;
  code_hash: string;
  installation_id: string;
  platform_integration_id: string;
  agent_id: string;
  /** The redirect_uri the authorization request named, or null when it named none. */
  redirect_uri: string | null;
  /** Space-separated granted scopes. */
  scopes: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface OauthTokensTable {
  id: string;
  token_hash: string;
  kind: TokenKind;
  /** The authorization code the chain of tokens started from: reuse of a code or a used refresh token revokes the family. */
  family_id: string;
  installation_id: string;
  platform_integration_id: string;
  agent_id: string;
  scopes: string;
  expires_at: number;
  /** When a refresh token was exchanged (rotation); a second exchange is a reuse. */
  used_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

declare module '../../db/schema.js' {
  interface Database {
    platform_integrations: PlatformIntegrationsTable;
    integration_installations: IntegrationInstallationsTable;
    oauth_codes: OauthCodesTable;
    oauth_tokens: OauthTokensTable;
  }
}
