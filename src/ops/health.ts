// Liveness (/healthz: the process answers) and readiness (/readyz: the database answers).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/dialect.js';
import { errorBody } from '../lib/errors.js';

export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (await db.ping(2_000)) return { status: 'ok', database: db.engine };
    return reply.code(503).send(errorBody('service_unavailable', 'The database is not reachable.'));
  });
}
