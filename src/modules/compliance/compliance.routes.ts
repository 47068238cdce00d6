// HTTP routes of erasure: Ada's bulk end-user deletion and job status under /api/v2, and the
// legacy data-subject request under /api/v1. Handlers read validated input, call one service
// method and return what the declared response schema allows.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toWireTime } from '../../lib/time.js';
import { ERASURE_BODY_LIMIT, routeSchemas } from './compliance.schemas.js';
import type { ComplianceService } from './compliance.service.js';

export function complianceRoutes(service: ComplianceService): FastifyPluginAsyncTypebox {
  return async (app) => {
    // /v2/end-users* counts against the end users' limits; Ada documents X-RateLimit-* here.
    app.post(
      '/end-users/delete',
      {
        schema: routeSchemas.submit,
        bodyLimit: ERASURE_BODY_LIMIT,
        config: { rateFamily: 'end_users', xRateLimit: true },
      },
      async (request, reply) => {
        const job = await service.submit(request.agentId, request.body);
        return reply.code(202).send({
          job_id: job.id,
          status: job.status,
          submitted_count: job.submittedCount,
          created_at: toWireTime(job.createdAt),
        });
      },
    );

    app.get('/jobs/:job_id', { schema: routeSchemas.job }, async (request) => {
      const { job, identifiers } = await service.get(request.agentId, request.params.job_id);
      return {
        job_id: job.id,
        type: job.type,
        client_reference: job.clientReference,
        status: job.status,
        identifiers: identifiers.map((i) => ({
          type: i.type,
          value: i.value,
          variable: i.variable,
          disposition: i.disposition,
          matched_chatters: i.matchedChatters,
          reason: i.reason,
        })),
        created_at: toWireTime(job.createdAt),
        completed_at: job.completedAt === null ? null : toWireTime(job.completedAt),
        failure_reason: job.failureReason,
      };
    });
  };
}

export function legacyRoutes(service: ComplianceService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/data-subject-request',
      { schema: routeSchemas.legacy, bodyLimit: ERASURE_BODY_LIMIT },
      async (request) => {
        await service.legacy(request.agentId, request.body);
        return { email: request.body.email ?? null };
      },
    );
  };
}
