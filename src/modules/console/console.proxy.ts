// The console's gateway to the public API: /console/api/agents/{agent_id}/v2/<path> runs
// /api/v2/<path> as that AI Agent, in this process (app.inject), with a key that exists only for
// that one request (createInProcessKeys). So every console action goes through the API's own
// routes: the same validation, the same tenant isolation, the same rate limits, the same
// response allowlists, and the same events and webhooks. The answer is passed on unchanged,
// already shaped by the API route's response schema.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { InProcessKeys } from '../../http/auth.js';
import { notFound } from '../../lib/errors.js';
import type { AgentsService } from '../agents/agents.service.js';
import { routeSchemas } from './console.schemas.js';

// The console never shows a webhook's signing secret: the page holds nothing secret.
const REFUSED = [/^webhooks\/[^/]+\/secret\/?$/];
const PASSED_HEADERS = ['content-type', 'retry-after', 'ratelimit', 'ratelimit-policy', 'location'];

export function consoleProxy(deps: { agents: AgentsService; inProcessKeys: InProcessKeys }): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.route({
      method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      url: '/api/agents/:agent_id/v2/*',
      schema: routeSchemas.proxy,
      handler: async (request, reply) => {
        const { agent_id: agentId, '*': rest } = request.params;
        if (REFUSED.some((pattern) => pattern.test(rest))) throw notFound('This page of the console');
        const agents = await deps.agents.listAgents();
        if (!agents.some((agent) => agent.id === agentId)) throw notFound('The AI Agent');
        const url = request.raw.url ?? '';
        const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
        const { key, release } = deps.inProcessKeys.issue({ agentId, keyId: 'console' });
        try {
          const res = await app.inject({
            method: request.method as 'GET',
            url: `/api/v2/${rest}${query}`,
            headers: {
              authorization: `Bearer ${key}`,
              'x-request-id': request.id,
              ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
          });
          for (const name of PASSED_HEADERS) {
            const value = res.headers[name];
            if (value !== undefined) reply.header(name, value);
          }
          return reply.code(res.statusCode).send(res.rawPayload);
        } finally {
          release();
        }
      },
    });
  };
}
