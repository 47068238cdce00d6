// HTTP routes of the Channels part of the Conversations API. Handlers read validated input, call
// one service method and return the presented channel; every response goes through its schema.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentChannel, presentCustomChannel } from './channels.presenter.js';
import { routeSchemas } from './channels.schemas.js';
import type { ChannelsService } from './channels.service.js';

export function channelsRoutes(service: ChannelsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/channels/', { schema: routeSchemas.list }, async (request) => {
      const query = request.query;
      const filter = { type: query.type, modality: query.modality ?? null };
      const page = await service.list(request.agentId, filter, cursorOf(query.cursor), query.limit ?? MAX_PAGE_SIZE);
      return { data: page.items.map(presentChannel), meta: { next_page_url: nextPageUrl(request, page.nextCursor) } };
    });

    app.post('/channels/', { schema: routeSchemas.create }, async (request, reply) => {
      const channel = await service.create(request.agentId, request.body);
      return reply.code(201).send(presentCustomChannel(channel));
    });

    app.patch('/channels/:channel_id', { schema: routeSchemas.patch }, async (request) => {
      return presentCustomChannel(await service.update(request.agentId, request.params.channel_id, request.body));
    });
  };
}
