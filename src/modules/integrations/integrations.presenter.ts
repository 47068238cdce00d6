// The wire form of integrations and installations (Ada's names: created, updated).
import { toWireTime } from '../../lib/time.js';
import type { CreatedIntegrationWire, InstallationWire, IntegrationWire } from './integrations.schemas.js';
import type { Installation, Integration } from './integrations.store.js';

export function presentIntegration(i: Integration): IntegrationWire {
  return {
    id: i.id,
    status: i.status,
    created: toWireTime(i.createdAt),
    updated: toWireTime(i.updatedAt),
    identifier_field_path: i.identifierFieldPath,
    icon_url: i.iconUrl,
    call_to_action: i.callToAction,
    name: i.name,
    description: i.description,
    author: i.author,
    contact: i.contact,
    uninstallation_url: i.uninstallationUrl,
    oauth_callback_url: i.oauthCallbackUrl,
    tags: i.tags,
    error_codes: i.errorCodes,
    scopes: i.scopes,
    configuration_fields: i.configurationFields,
  };
}

export function presentCreated(i: Integration, secret: string): CreatedIntegrationWire {
  return { ...presentIntegration(i), client_secret: secret };
}

export function presentInstallation(i: Installation): InstallationWire {
  return {
    id: i.id,
    platform_integration_id: i.integrationId,
    created: toWireTime(i.createdAt),
    updated: toWireTime(i.updatedAt),
    configuration: i.configuration,
    status: i.status,
  };
}
