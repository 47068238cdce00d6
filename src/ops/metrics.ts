// Prometheus metrics: request counts and latency by method, route pattern and status, beside
// what the jobs runner and the modules register in the same registry.
//
// /metrics shows per-route counts for every tenant together, so an operator chooses who may read
// it (ROSTER_METRICS): on (anyone who can reach the port), token (a bearer token of its own,
// ROSTER_METRICS_TOKEN, compared in constant time) or off (404, as for any unknown path).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';
import type { Config } from '../config.js';
import { AppError } from '../lib/errors.js';
import { notFoundHandler } from '../http/errors.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function registerMetrics(
  app: FastifyInstance,
  registry: Registry,
  access: Config['metrics'] = { mode: 'on', token: null },
): Registry {
  collectDefaultMetrics({ register: registry, prefix: 'roster_' });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'roster_http_requests_total',
    help: 'HTTP requests answered.',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'Time from request received to response sent.',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // One pair of labelled children per (method, route, status), looked up by a plain string key,
  // so a request does not pay for prom-client hashing its label set.
  const children = new Map<string, { count: ReturnType<Counter['labels']>; time: ReturnType<Histogram['labels']> }>();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = children.get(key);
    if (!child) {
      const labels = { method: request.method, route, status_code: String(reply.statusCode) };
      child = { count: requests.labels(labels), time: latency.labels(labels) };
      children.set(key, child);
    }
    child.count.inc();
    child.time.observe(reply.elapsedTime / 1000);
  });

  const expected = access.token === null ? null : digest(access.token);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (access.mode === 'off') return notFoundHandler(request, reply);
    if (access.mode === 'token') {
      const header = request.headers.authorization ?? '';
      const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
      if (expected === null || !timingSafeEqual(digest(presented), expected)) {
        throw new AppError(
          'unauthorized',
          'GET /metrics needs the metrics token: Authorization: Bearer <ROSTER_METRICS_TOKEN>.',
          null,
          {
            'www-authenticate': 'Bearer',
          },
        );
      }
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
