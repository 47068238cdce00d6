// HTTP routes of the Webhook management API and of Roster's delivery log and replay extensions.
// Handlers read validated input, call one service method and return the presented resource.
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentAttempt, presentWebhook } from './webhooks.presenter.js';
import {
  routeSchemas,
  type CreateWebhookBody,
  type ListQuery,
  type PatchWebhookBody,
  type ReplayBody,
  type RotateSecretBody,
} from './webhooks.schemas.js';
import type { WebhooksService } from './webhooks.service.js';

type WebhookParams = { webhook_id: string };

export function webhooksRoutes(service: WebhooksService) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.post('/webhooks/', { schema: routeSchemas.create }, async (request, reply) => {
      const webhook = await service.create(request.principal!.agentId, request.body as CreateWebhookBody);
      return reply.code(201).send(presentWebhook(webhook));
    });

    app.get('/webhooks/', { schema: routeSchemas.list }, async (request) => {
      const query = request.query as ListQuery;
      const page = await service.list(request.principal!.agentId, cursorOf(query.cursor), query.limit ?? MAX_PAGE_SIZE);
      return { data: page.items.map(presentWebhook), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    // Registered before the :webhook_id routes for readability; the router prefers the static segment anyway.
    app.get('/webhooks/event-types/', { schema: routeSchemas.eventTypes }, async () => ({
      data: service.eventTypes(),
    }));

    app.get('/webhooks/:webhook_id', { schema: routeSchemas.get }, async (request) => {
      const { webhook_id } = request.params as WebhookParams;
      return presentWebhook(await service.get(request.principal!.agentId, webhook_id));
    });

    app.patch('/webhooks/:webhook_id', { schema: routeSchemas.patch }, async (request) => {
      const { webhook_id } = request.params as WebhookParams;
      return presentWebhook(
        await service.update(request.principal!.agentId, webhook_id, request.body as PatchWebhookBody),
      );
    });

    app.get('/webhooks/:webhook_id/secret/', { schema: routeSchemas.getSecret }, async (request) => {
      const { webhook_id } = request.params as WebhookParams;
      return { key: await service.secret(request.principal!.agentId, webhook_id) };
    });

    app.get('/webhooks/:webhook_id/attempts/', { schema: routeSchemas.attempts }, async (request) => {
      const { webhook_id } = request.params as WebhookParams;
      const query = request.query as ListQuery;
      const page = await service.attempts(
        request.principal!.agentId,
        webhook_id,
        cursorOf(query.cursor),
        query.limit ?? MAX_PAGE_SIZE,
      );
      return { data: page.items.map(presentAttempt), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    app.post('/webhooks/:webhook_id/replay/', { schema: routeSchemas.replay }, async (request, reply) => {
      const { webhook_id } = request.params as WebhookParams;
      const replayed = await service.replay(request.principal!.agentId, webhook_id, request.body as ReplayBody);
      return reply.code(202).send({ replayed });
    });

    await app.register(async (optional) => {
      acceptMissingBody(optional);

      optional.delete('/webhooks/:webhook_id', { schema: routeSchemas.delete }, async (request, reply) => {
        const { webhook_id } = request.params as WebhookParams;
        await service.delete(request.principal!.agentId, webhook_id);
        return reply.code(204).send();
      });

      optional.post('/webhooks/:webhook_id/secret/rotate/', { schema: routeSchemas.rotateSecret }, async (request) => {
        const { webhook_id } = request.params as WebhookParams;
        await service.rotateSecret(request.principal!.agentId, webhook_id, request.body as RotateSecretBody);
        return {};
      });
    });
  };
}
