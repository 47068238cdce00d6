// The Platform Integrations rules: an AI Agent develops integrations (created in development,
// changed only while in development), the operator approves and archives them from the CLI
// (standing in for a publication review), and an installation's own access token reads and
// updates that installation. The client secret is shown once and kept only as a digest.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/executor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { configurationSchemaProblem, identifierPathProblem } from './configuration.js';
import { presentIntegration } from './integrations.presenter.js';
import { JSON_MAX_BYTES, type CreateIntegrationBody, type PatchIntegrationBody } from './integrations.schemas.js';
import type { Installation, Integration, IntegrationsStore } from './integrations.store.js';
import type { InstallationStatus, IntegrationStatus } from './integrations.tables.js';

const SECRET_PREFIX = 'roster_cs_';

export const digest = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether `presented` hashes to `storedDigest`, compared in constant time. */
export function matchesDigest(presented: string, storedDigest: string): boolean {
  const a = Buffer.from(digest(presented), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who calls an installation route: an access token granted to one installation. */
export interface InstallationCaller {
  agentId: string;
  installationId?: string | undefined;
}

export class IntegrationAdminError extends Error {}

/**
 * The operator's review, from the CLI: development → approved → archived; an integration in
 * development may also be archived directly. Archived is final.
 */
export async function setIntegrationStatus(
  deps: { store: Pick<IntegrationsStore, 'setStatus' | 'findById'>; units: UnitOfWork; clock: Clock },
  rawId: string,
  status: Exclude<IntegrationStatus, 'development'>,
): Promise<void> {
  const { store, units, clock } = deps;
  const id = normalizeId(rawId);
  const from: IntegrationStatus[] = status === 'approved' ? ['development'] : ['development', 'approved'];
  const current = id === null ? null : await store.findById(id);
  if (!current) throw new IntegrationAdminError(`no platform integration with id "${rawId}"`);
  const moved = await units.transaction(async (unit) => {
    if (!(await store.setStatus(current.id, status, from, clock.now(), unit.ex))) return false;
    unit.change({
      agentId: current.agentId,
      entityType: 'platform_integration',
      entityId: current.id,
      entityName: current.name,
      activity: status === 'approved' ? 'activated' : 'deactivated',
      before: { status: current.status },
      after: { status },
    });
    return true;
  });
  if (moved) return;
  const now = (await store.findById(current.id)) ?? current;
  throw new IntegrationAdminError(`platform integration ${now.id} is ${now.status}; it cannot become ${status}`);
}

function checkDeclarations(body: PatchIntegrationBody): void {
  if (body.identifier_field_path !== undefined) {
    const problem = identifierPathProblem(body.identifier_field_path);
    if (problem) throw fieldError('$.identifier_field_path', problem);
  }
  if (body.configuration_fields !== undefined) {
    if (Buffer.byteLength(JSON.stringify(body.configuration_fields)) > JSON_MAX_BYTES)
      throw fieldError('$.configuration_fields', `is larger than ${JSON_MAX_BYTES} bytes as compact JSON`);
    const problem = configurationSchemaProblem(body.configuration_fields);
    if (problem) throw fieldError('$.configuration_fields', problem);
  }
  if (body.error_codes && Buffer.byteLength(JSON.stringify(body.error_codes)) > JSON_MAX_BYTES)
    throw fieldError('$.error_codes', `is larger than ${JSON_MAX_BYTES} bytes as compact JSON`);
}

export function createIntegrationsService(deps: { store: IntegrationsStore; units: UnitOfWork; clock: Clock }) {
  const { store, units, clock } = deps;

  async function installationFor(
    caller: InstallationCaller,
    rawIntegrationId: string,
    installationId: string,
    ex?: Executor,
  ) {
    const integrationId = normalizeId(rawIntegrationId);
    const installation = await store.findInstallation(installationId, ex);
    // Another installation's id, or an integration id that is not this installation's, is simply not found.
    if (!installation || installation.integrationId !== integrationId || installation.agentId !== caller.agentId)
      throw notFound(`Installation "${installationId}" of platform integration "${rawIntegrationId}"`);
    return installation;
  }

  function requireToken(caller: InstallationCaller): string {
    if (caller.installationId === undefined)
      throw new AppError(
        'forbidden',
        "This route takes the installation's OAuth access token, not an API key: the token names the installation.",
      );
    return caller.installationId;
  }

  return {
    async create(agentId: string, body: CreateIntegrationBody): Promise<{ integration: Integration; secret: string }> {
      checkDeclarations(body);
      const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
      const now = clock.now();
      const integration: Integration = {
        id: newId(now, agentId),
        agentId,
        status: 'development',
        name: body.name,
        description: body.description,
        author: body.author,
        contact: body.contact,
        uninstallationUrl: body.uninstallation_url,
        oauthCallbackUrl: body.oauth_callback_url,
        iconUrl: body.icon_url ?? null,
        callToAction: body.call_to_action ?? null,
        identifierFieldPath: body.identifier_field_path,
        tags: body.tags,
        scopes: body.scopes,
        configurationFields: body.configuration_fields,
        errorCodes: body.error_codes ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await units.transaction(async (unit) => {
        await store.insertIntegration(integration, digest(secret), unit.ex);
        unit.change({
          agentId,
          entityType: 'platform_integration',
          entityId: integration.id,
          entityName: integration.name,
          activity: 'created',
          before: null,
          after: { ...presentIntegration(integration), client_secret: true },
          sensitive: ['client_secret'],
        });
      });
      return { integration, secret };
    },

    async list(agentId: string, cursor: string | null, limit: number): Promise<Page<Integration>> {
      return pageOf(await store.listOwned(agentId, cursor, limit + 1), limit);
    },

    async update(agentId: string, rawId: string, body: PatchIntegrationBody): Promise<Integration> {
      const id = normalizeId(rawId);
      checkDeclarations(body);
      return units.transaction(async (unit) => {
        const current = id === null ? null : await store.findOwned(agentId, id, unit.ex);
        if (!current) throw notFound(`Platform integration "${rawId}"`);
        if (current.status !== 'development')
          throw new AppError(
            'forbidden',
            `Platform integration "${current.id}" is ${current.status}; only an integration in development can be updated.`,
          );
        const next: Integration = {
          ...current,
          name: body.name ?? current.name,
          description: body.description ?? current.description,
          author: body.author ?? current.author,
          contact: body.contact ?? current.contact,
          uninstallationUrl: body.uninstallation_url ?? current.uninstallationUrl,
          oauthCallbackUrl: body.oauth_callback_url ?? current.oauthCallbackUrl,
          iconUrl: body.icon_url === undefined ? current.iconUrl : body.icon_url,
          callToAction: body.call_to_action === undefined ? current.callToAction : body.call_to_action,
          identifierFieldPath: body.identifier_field_path ?? current.identifierFieldPath,
          tags: body.tags ?? current.tags,
          scopes: body.scopes ?? current.scopes,
          configurationFields: body.configuration_fields ?? current.configurationFields,
          errorCodes: body.error_codes === undefined ? current.errorCodes : body.error_codes,
          updatedAt: clock.now(),
        };
        await store.updateIntegration(next, unit.ex);
        unit.change({
          agentId,
          entityType: 'platform_integration',
          entityId: next.id,
          entityName: next.name,
          activity: 'updated',
          before: presentIntegration(current),
          after: presentIntegration(next),
        });
        return next;
      });
    },

    async installationSelf(caller: InstallationCaller, rawIntegrationId: string): Promise<Installation> {
      return installationFor(caller, rawIntegrationId, requireToken(caller));
    },

    async updateInstallation(
      caller: InstallationCaller,
      rawIntegrationId: string,
      installationId: string,
      status: InstallationStatus,
    ): Promise<Installation> {
      const own = requireToken(caller);
      if (installationId.toLowerCase() !== own)
        throw notFound(`Installation "${installationId}" of platform integration "${rawIntegrationId}"`);
      return units.transaction(async (unit) => {
        const installation = await installationFor(caller, rawIntegrationId, own, unit.ex);
        if (installation.status === status) return installation;
        const next = { ...installation, status, updatedAt: clock.now() };
        await store.updateInstallation(next, unit.ex);
        unit.change({
          agentId: caller.agentId,
          entityType: 'platform_integration_installation',
          entityId: next.id,
          activity: 'updated',
          before: { status: installation.status },
          after: { status },
        });
        return next;
      });
    },
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
