// Applies the emulator's fault rules to requests, before authentication and rate limits, as a
// failing Ada would answer. The control API and Roster's own calls (seeding) are never faulted.
import type { FastifyInstance } from 'fastify';
import { AppError, errorBody } from '../lib/errors.js';
import { CONTROL_PREFIX, INTERNAL_HEADER, sleep, type Emulator } from './emulator.js';

function faultError(status: number, retryAfter: number | null): AppError {
  const headers: Record<string, string> = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
  if (status === 429)
    return new AppError(
      'rate_limited',
      `Too many requests for this AI Agent; retry after ${retryAfter} s.`,
      null,
      headers,
    );
  if (status === 503)
    return new AppError('service_unavailable', 'The service is unavailable; retry later.', null, headers);
  if (status >= 500) return new AppError('internal_error', 'An internal error occurred.');
  return new AppError('bad_request', 'The request failed (an emulator fault rule).');
}

export function registerFaultHook(app: FastifyInstance, emulator: Emulator): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return;
    const internal = request.headers[INTERNAL_HEADER];
    if (typeof internal === 'string' && emulator.authorized(internal)) return;
    const fault = emulator.faults.forRequest(request.method, path);
    if (!fault) return;
    if (fault.delay !== null) await sleep(fault.delay);
    if (fault.drop) {
      reply.hijack();
      request.raw.socket?.destroy();
      return reply;
    }
    if (fault.status === null) return;
    const error = faultError(fault.status, fault.retryAfter);
    // The rule's status goes on the wire even where the error type has another (418, 502, ...).
    return reply
      .code(fault.status)
      .headers(error.headers)
      .type('application/json; charset=utf-8')
      .send(errorBody(error.type, error.message, error.details));
  });
}
