// GET /: a pointer for whoever opens the server's address in a browser or with curl, instead of
// a 404: where the API, its description and the health check are.
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH, OPENAPI_PATH } from '../http/openapi.js';

export function registerRoot(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, async () => ({
    name: 'Roster',
    description: "A self-hostable server speaking Ada's public REST API v2.",
    api: '/api/v2',
    docs: DOCS_PATH,
    openapi: OPENAPI_PATH,
    health: '/healthz',
    ready: '/readyz',
  }));
}
