// HTTP routes of the Webhook management API and of Roster's delivery log and replay extensions.
// Handlers read validated input, call one service method and return the presented resource.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentAttempt, presentWebhook } from './webhooks.presenter.js';
import { routeSchemas } from './webhooks.schemas.js';
import type { WebhooksService } from './webhooks.service.js';

export function webhooksRoutes(service: WebhooksService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/webhooks/', { schema: routeSchemas.create }, async (request, reply) => {
      const webhook = await service.create(request.agentId, request.body);
      return reply.code(201).send(presentWebhook(webhook));
    });

    app.get('/webhooks/', { schema: routeSchemas.list }, async (request) => {
      const query = request.query;
      const page = await service.list(request.agentId, cursorOf(query.cursor), query.limit ?? MAX_PAGE_SIZE);
      return { data: page.items.map(presentWebhook), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    // Registered before the :webhook_id routes for readability; the router prefers the static segment anyway.
    app.get('/webhooks/event-types/', { schema: routeSchemas.eventTypes }, async (request) => ({
      data: service
        .eventTypes(request.query.include === 'extensions')
        .map(({ name, description }) => ({ name, description })),
    }));

    app.get('/webhooks/:webhook_id', { schema: routeSchemas.get }, async (request) => {
      return presentWebhook(await service.get(request.agentId, request.params.webhook_id));
    });

    app.patch('/webhooks/:webhook_id', { schema: routeSchemas.patch }, async (request) => {
      return presentWebhook(await service.update(request.agentId, request.params.webhook_id, request.body));
    });

    app.get('/webhooks/:webhook_id/secret/', { schema: routeSchemas.getSecret }, async (request) => {
      return { key: await service.secret(request.agentId, request.params.webhook_id) };
    });

    app.get('/webhooks/:webhook_id/attempts/', { schema: routeSchemas.attempts }, async (request) => {
      const query = request.query;
      const page = await service.attempts(
        request.agentId,
        request.params.webhook_id,
        cursorOf(query.cursor),
        query.limit ?? MAX_PAGE_SIZE,
      );
      return { data: page.items.map(presentAttempt), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    app.post('/webhooks/:webhook_id/replay/', { schema: routeSchemas.replay }, async (request, reply) => {
      const replayed = await service.replay(request.agentId, request.params.webhook_id, request.body);
      return reply.code(202).send({ replayed });
    });

    await app.register(async (scope) => {
      acceptMissingBody(scope);
      const optional = scope.withTypeProvider<TypeBoxTypeProvider>();

      optional.delete('/webhooks/:webhook_id', { schema: routeSchemas.delete }, async (request, reply) => {
        await service.delete(request.agentId, request.params.webhook_id);
        return reply.code(204).send(null);
      });

      optional.post('/webhooks/:webhook_id/secret/rotate/', { schema: routeSchemas.rotateSecret }, async (request) => {
        await service.rotateSecret(request.agentId, request.params.webhook_id, request.body);
        return {};
      });
    });
  };
}
