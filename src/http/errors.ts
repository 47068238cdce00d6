// One error handler for the whole server: every failure, ours or Fastify's, leaves as
// {"errors":[{"type","message","details"}]} with the status of its type. Internal errors are
// logged in full and answered with a message that carries no SQL, stack or secret.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { DatabaseUnavailable } from '../db/errors.js';
import { AppError, ERROR_STATUS, errorBody, type ErrorType } from '../lib/errors.js';
import { toValidationError } from './validation.js';

function fromFastify(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than 10 MiB (10,485,760 bytes).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('bad_request', 'The request body must be JSON, sent with Content-Type: application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(
        'bad_request',
        'The request has no body; send a JSON object with Content-Type: application/json.',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'The Content-Length header does not match the body.');
    default:
      break;
  }
  // Body parse failures carry status 400; a server-side SyntaxError must stay a 500.
  if (
    error.statusCode === 400 &&
    (error instanceof SyntaxError || /JSON|forbidden prototype property/i.test(error.message ?? ''))
  ) {
    return new AppError('bad_request', 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  if (status === 413)
    return new AppError('payload_too_large', 'The request body is larger than 10 MiB (10,485,760 bytes).');
  if (status === 404) return new AppError('not_found', 'Not found.');
  if (status >= 400 && status < 500) return new AppError('bad_request', 'The request could not be read.');
  return null;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError & { validation?: unknown; validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    return toValidationError(fastifyError.validation, fastifyError.validationContext ?? 'body');
  }
  // A 4xx from Fastify is about the request itself: a client that hangs up mid-body surfaces as
  // ECONNRESET with status 400, which must not pass for a database outage.
  const fromRequest = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500;
  if (!fromRequest && error instanceof DatabaseUnavailable) {
    return new AppError('service_unavailable', 'The database is unavailable right now; retry shortly.', null, {
      'retry-after': '1',
    });
  }
  return (
    fromFastify(fastifyError) ??
    new AppError('internal_error', 'Something went wrong on our side; the error was logged.')
  );
}

/**
 * A route that needs a body got none at all (no Content-Type, no bytes). Answered with the same
 * type as an empty body sent as application/json, which the JSON parser refuses: both are an
 * unreadable request, not a field that breaks a rule.
 */
function isMissingBody(error: unknown, request: FastifyRequest): boolean {
  const validation = error as { validation?: unknown; validationContext?: string };
  return Array.isArray(validation.validation) && validation.validationContext === 'body' && request.body === undefined;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  reply.code(error.status).headers(error.headers);
  if (error.type === 'unauthorized') reply.header('www-authenticate', 'Bearer');
  return reply.type('application/json; charset=utf-8').send(errorBody(error.type, error.message, error.details));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = isMissingBody(error, request)
      ? new AppError('bad_request', 'The request has no body; send a JSON object with Content-Type: application/json.')
      : toAppError(error);
    if (appError.type === 'internal_error') request.log.error({ err: error }, 'request failed');
    else if (appError.type === 'service_unavailable') request.log.warn({ err: error }, 'database unavailable');
    return sendError(reply, appError);
  });

  app.setNotFoundHandler(notFoundHandler);
}

/** Answers a request no route matches. Also set inside /api/v2 so unknown routes there pass auth and rate limits. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(
    reply,
    new AppError('not_found', `No route matches ${request.method} ${request.url.split('?')[0]}.`),
  );
}

/** Malformed HTTP never reaches Fastify's router; answer it in the same envelope and close. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const type: ErrorType = 'bad_request';
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : ERROR_STATUS[type];
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request headers are too large.'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'The request took too long to arrive.'
        : 'The request is not valid HTTP.';
  const body = JSON.stringify(errorBody(type, message));
  socket.end(
    `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
