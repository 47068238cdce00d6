// HTTP routes of the Channels part of the Conversations API. Handlers read validated input, call
// one service method and return the presented channel; every response goes through its schema.
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentChannel } from './channels.presenter.js';
import { routeSchemas, type CreateChannelBody, type ListQuery, type PatchChannelBody } from './channels.schemas.js';
import type { ChannelsService } from './channels.service.js';

export function channelsRoutes(service: ChannelsService) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/channels/', { schema: routeSchemas.list }, async (request) => {
      const query = request.query as ListQuery;
      const filter = { type: query.type, modality: query.modality ?? null };
      const page = await service.list(
        request.principal!.agentId,
        filter,
        cursorOf(query.cursor),
        query.limit ?? MAX_PAGE_SIZE,
      );
      return { data: page.items.map(presentChannel), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    app.post('/channels/', { schema: routeSchemas.create }, async (request, reply) => {
      const channel = await service.create(request.principal!.agentId, request.body as CreateChannelBody);
      return reply.code(201).send(presentChannel(channel));
    });

    app.patch('/channels/:channel_id', { schema: routeSchemas.patch }, async (request) => {
      const { channel_id } = request.params as { channel_id: string };
      return presentChannel(
        await service.update(request.principal!.agentId, channel_id, request.body as PatchChannelBody),
      );
    });
  };
}
