// HTTP routes of the Data Export API: GET /api/v2/export/{conversations,messages}, and Ada's
// legacy v1.4 paths /data_api/v1.4/{conversations,messages} with their own body and errors. The
// pages stream: the body leaves a chunk at a time as the service reads it.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../../http/errors.js';
import { toWireTime } from '../../lib/time.js';
import { routeSchemas } from './export.schemas.js';
import type { ExportPage, ExportService, PageShape } from './export.service.js';

export const V2_PREFIX = '/api/v2/export';
export const LEGACY_PREFIX = '/data_api/v1.4';

const JSON_TYPE = 'application/json; charset=utf-8';

function v2Shape(path: string): PageShape {
  return {
    path,
    open: '{"data":[',
    close: (next) => `],"meta":{"next_page_uri":${JSON.stringify(next)}}}`,
  };
}

function legacyShape(path: string): PageShape {
  return {
    path,
    open: '{"message":"OK","data":[',
    close: (next) => `],"next_page_uri":${JSON.stringify(next)}}`,
  };
}

function send(reply: FastifyReply, page: ExportPage): FastifyReply {
  // Where this window stops, so that the next export can start exactly there (a Roster header).
  reply.header('roster-export-until', toWireTime(page.until));
  return reply.type(JSON_TYPE).send(Readable.from(page.body, { objectMode: false }));
}

export function exportRoutes(service: ExportService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/export/conversations', { schema: routeSchemas.conversations }, async (request, reply) =>
      send(
        reply,
        await service.page(request.agentId, 'conversations', request.query, v2Shape(`${V2_PREFIX}/conversations`)),
      ),
    );
    app.get('/export/messages', { schema: routeSchemas.messages }, async (request, reply) =>
      send(reply, await service.page(request.agentId, 'messages', request.query, v2Shape(`${V2_PREFIX}/messages`))),
    );
  };
}

/**
 * The legacy paths answer errors as {"message": "..."}: the v1.4 API had no error envelope. Every
 * rejected query is a 400 (v1.4 also listed 422 for invalid arguments; Roster does not split them).
 */
function legacyErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.type === 'internal_error') request.log.error({ err: error }, 'request failed');
  reply.code(appError.status).headers(appError.headers);
  if (appError.type === 'unauthorized') reply.header('www-authenticate', 'Bearer');
  return reply.type(JSON_TYPE).send({ message: appError.message });
}

export function legacyExportRoutes(service: ExportService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.setErrorHandler(legacyErrors);
    const hidden = { hide: true };
    app.get(
      '/conversations',
      { schema: { ...hidden, querystring: routeSchemas.conversations.querystring } },
      async (request, reply) =>
        send(
          reply,
          await service.page(
            request.agentId,
            'conversations',
            request.query,
            legacyShape(`${LEGACY_PREFIX}/conversations`),
          ),
        ),
    );
    app.get(
      '/messages',
      { schema: { ...hidden, querystring: routeSchemas.messages.querystring } },
      async (request, reply) =>
        send(
          reply,
          await service.page(request.agentId, 'messages', request.query, legacyShape(`${LEGACY_PREFIX}/messages`)),
        ),
    );
  };
}
