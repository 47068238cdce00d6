// Cursor pagination links. The cursor is the id of the first record of the next page; the link
// keeps the request's path and other query parameters (limit, filters), so following it verbatim
// gives the next page. A client follows the link with its Bearer key, so the origin must never be
// one a caller chose: it is ROSTER_PUBLIC_URL when set; otherwise the request's Host (and, with
// trust-proxy, X-Forwarded-Host and -Proto) only when it is a plain host[:port] and http or https.
// A Host that is not gives a link without origin (path and query), which a client resolves
// against the URL it called.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError } from '../lib/errors.js';
import { normalizeId } from '../lib/ids.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** ROSTER_PUBLIC_URL without a trailing slash, or null. */
    publicUrl: string | null;
  }
}

export function registerPublicUrl(app: FastifyInstance, publicUrl: string | null): void {
  app.decorate('publicUrl', publicUrl);
}

// A DNS name or IPv4 address, or a bracketed IPv6 literal, then an optional port.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

function originOf(request: FastifyRequest): string | null {
  const configured = request.server?.publicUrl;
  if (configured) return configured;
  const host = request.host;
  if (typeof host !== 'string' || host.length > 260 || !HOST.test(host)) return null;
  const protocol = request.protocol === 'https' || request.protocol === 'http' ? request.protocol : null;
  // A forwarded protocol that is neither (X-Forwarded-Proto: javascript) is ignored.
  const scheme =
    protocol ?? ((request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http');
  return `${scheme}://${host}`;
}

/**
 * An absolute URL of this server for `target` (a path and query), on the same origin as
 * next_page_url links; the bare target when the request's Host cannot be trusted to build one.
 */
export function absoluteUrl(request: FastifyRequest, target: string): string {
  return `${originOf(request) ?? ''}${target}`;
}

/** The path and query of the request, also when it came in absolute form (GET http://host/path). */
function targetOf(url: string): string {
  if (url.startsWith('/')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/';
  }
}

export function nextPageUrl(request: FastifyRequest, cursor: string | null): string | null {
  if (cursor === null) return null;
  const [path = '/', query = ''] = targetOf(request.url).split('?', 2);
  const params = new URLSearchParams(query);
  params.delete('cursor');
  const rest = params.toString();
  return `${originOf(request) ?? ''}${path}?cursor=${cursor}${rest ? `&${rest}` : ''}`;
}

/** The validated cursor as a canonical id (schema already checked its form). */
export function cursorOf(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = normalizeId(cursor);
  if (id === null) throw fieldError('$.cursor', 'must be a record id of 24 hexadecimal characters', 'query');
  return id;
}
