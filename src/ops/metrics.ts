// Prometheus metrics: request counts and latency by method, route pattern and status, beside
// what the jobs runner and the modules register in the same registry.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';

export function registerMetrics(app: FastifyInstance, registry: Registry): Registry {
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

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
