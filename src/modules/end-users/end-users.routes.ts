// HTTP routes of the End Users API. Handlers read validated input, call one service method and
// return the resource; every response goes through its declared schema.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastJson from 'fast-json-stringify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { validationError } from '../../lib/errors.js';
import { presentEndUser } from './end-users.presenter.js';
import { EndUserSchema, routeSchemas } from './end-users.schemas.js';
import { endUserPageJson } from './end-users.wire.js';
import type { EndUsersService } from './end-users.service.js';

// The list route answers either a page or a single end user. A page is written from the stored
// rows (end-users.wire.ts); a single end user has its own compiled serializer, so it does not pay
// for the union of the two at serialization time.
const serializeEndUser = fastJson(EndUserSchema as fastJson.Schema);
const JSON_TYPE = 'application/json; charset=utf-8';

export function endUsersRoutes(service: EndUsersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/end-users/', { schema: routeSchemas.create }, async (request, reply) => {
      const { endUser, created } = await service.create(request.agentId, request.body);
      return reply.code(created ? 201 : 200).send(presentEndUser(endUser));
    });

    app.get('/end-users/', { schema: routeSchemas.list }, async (request, reply) => {
      const query = request.query;
      if (query.external_id !== undefined) {
        const extra = (['cursor', 'limit'] as const).filter((p) => query[p] !== undefined);
        if (extra.length > 0) {
          throw validationError(
            extra.map((p) => ({
              parameter: `$.${p}`,
              location: 'query' as const,
              message: 'cannot be combined with external_id',
            })),
          );
        }
        const endUser = await service.lookup(request.agentId, query.external_id);
        return reply.type(JSON_TYPE).serializer(serializeEndUser).send(presentEndUser(endUser));
      }
      const page = await service.list(request.agentId, cursorOf(query.cursor), query.limit ?? MAX_PAGE_SIZE);
      return reply.type(JSON_TYPE).send(endUserPageJson(page.items, nextPageUrl(request, page.nextCursor)));
    });

    app.get('/end-users/:end_user_id', { schema: routeSchemas.get }, async (request) => {
      return presentEndUser(await service.get(request.agentId, request.params.end_user_id));
    });

    app.patch('/end-users/:end_user_id', { schema: routeSchemas.patch }, async (request) => {
      return presentEndUser(await service.update(request.agentId, request.params.end_user_id, request.body));
    });
  };
}
