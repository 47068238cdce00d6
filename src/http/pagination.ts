// Cursor pagination links. The cursor is the id of the first record of the next page; the link
// keeps the request's scheme, host, path and other query parameters (limit, filters), so
// following it verbatim gives the next page. X-Forwarded-* are honoured only with trust-proxy.
import type { FastifyRequest } from 'fastify';
import { fieldError } from '../lib/errors.js';
import { normalizeId } from '../lib/ids.js';

export function nextPageUrl(request: FastifyRequest, cursor: string | null): string | null {
  if (cursor === null) return null;
  const [path = '/', query = ''] = request.url.split('?', 2);
  const params = new URLSearchParams(query);
  params.delete('cursor');
  const rest = params.toString();
  return `${request.protocol}://${request.host}${path}?cursor=${cursor}${rest ? `&${rest}` : ''}`;
}

/** The validated cursor as a canonical id (schema already checked its form). */
export function cursorOf(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = normalizeId(cursor);
  if (id === null) throw fieldError('$.cursor', 'must be a record id of 24 hexadecimal characters', 'query');
  return id;
}
