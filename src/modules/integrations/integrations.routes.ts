// HTTP routes of the Platform Integrations API. The management routes take an API key (a token
// gets 403: they name no OAuth scope); the installation routes take the installation's token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentCreated, presentInstallation, presentIntegration } from './integrations.presenter.js';
import { routeSchemas } from './integrations.schemas.js';
import type { InstallationCaller, IntegrationsService } from './integrations.service.js';

const callerOf = (request: FastifyRequest): InstallationCaller => ({
  agentId: request.agentId,
  installationId: request.principal?.installationId,
});

export function integrationsRoutes(service: IntegrationsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/platform-integrations/', { schema: routeSchemas.list }, async (request) => {
      const { cursor, limit } = request.query;
      const page = await service.list(request.agentId, cursorOf(cursor), limit ?? MAX_PAGE_SIZE);
      return {
        data: page.items.map(presentIntegration),
        meta: { next_page_url: nextPageUrl(request, page.nextCursor) },
      };
    });

    app.post('/platform-integrations/', { schema: routeSchemas.create }, async (request) => {
      const { integration, secret } = await service.create(request.agentId, request.body);
      return presentCreated(integration, secret);
    });

    app.patch('/platform-integrations/:platform_integration_id', { schema: routeSchemas.patch }, async (request) => {
      const { platform_integration_id: id } = request.params;
      return presentIntegration(await service.update(request.agentId, id, request.body));
    });

    app.get(
      '/platform-integrations/:platform_integration_id/installations/self',
      { schema: routeSchemas.installationSelf, config: { oauthScope: 'platform_integration_installations:read' } },
      async (request) => {
        const { platform_integration_id: id } = request.params;
        return presentInstallation(await service.installationSelf(callerOf(request), id));
      },
    );

    app.patch(
      '/platform-integrations/:platform_integration_id/installations/:installation_id',
      { schema: routeSchemas.patchInstallation, config: { oauthScope: 'platform_integration_installations:write' } },
      async (request) => {
        const { platform_integration_id: id, installation_id: installationId } = request.params;
        const installation = await service.updateInstallation(
          callerOf(request),
          id,
          installationId,
          request.body.status,
        );
        return presentInstallation(installation);
      },
    );
  };
}
