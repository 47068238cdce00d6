// One log line per request, written when the response is sent: method, the matched route's
// pattern (never the raw path, whose ids and segments may be personal data), the query's keys with
// their values redacted (?external_id= carries personal data, and people paste anything into a
// query string), status and duration. Fastify's own two lines per request print the full URL, so
// they are turned off (disableRequestLogging in app.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';

const REDACTED = '[redacted]';

/** The route pattern and the query with every value redacted: "/api/v2/end-users/?external_id=[redacted]". */
export function loggedTarget(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string {
  const route = request.routeOptions?.url ?? '(no route)';
  const at = request.url.indexOf('?');
  if (at === -1) return route;
  const keys = [...new URLSearchParams(request.url.slice(at + 1)).keys()];
  if (keys.length === 0) return route;
  const query = keys.map((key) => `${encodeURIComponent(key).slice(0, 64)}=${REDACTED}`).join('&');
  return `${route}?${query}`;
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: loggedTarget(request),
        status_code: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
}
