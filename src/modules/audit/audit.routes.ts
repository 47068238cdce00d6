// GET /api/v2/analytics/audit-log/events/: the window is checked, end_date resolved to now when
// left out (and written into next_page_url), and the cursor is an opaque base64url token that
// carries the window, so a cursor replayed with another window is a 400. The only route: the
// audit log is append-only through the API.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../../lib/clock.js';
import { fieldError } from '../../lib/errors.js';
import { presentAudit } from './audit.hook.js';
import { AUDIT_DEFAULT_LIMIT, AUDIT_WINDOW_MAX_MS, routeSchemas } from './audit.schemas.js';
import type { AuditPosition, AuditStore } from './audit.store.js';

interface Cursor extends AuditPosition {
  start: number;
  end: number;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify([c.createdAt, c.id, c.start, c.end])).toString('base64url');

function decode(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [createdAt, id, start, end] = value as unknown[];
    if (typeof createdAt !== 'number' || typeof id !== 'string' || typeof start !== 'number' || typeof end !== 'number')
      return null;
    return { createdAt, id, start, end };
  } catch {
    return null;
  }
}

export function auditRoutes(deps: { store: AuditStore; clock: Clock }): FastifyPluginAsyncTypebox {
  const { store, clock } = deps;
  return async (app) => {
    app.get('/analytics/audit-log/events/', { schema: routeSchemas.list }, async (request) => {
      const query = request.query;
      const start = Date.parse(query.start_date);
      const end = query.end_date === undefined ? clock.now() : Date.parse(query.end_date);
      if (end < start) throw fieldError('$.end_date', 'must not be before start_date', 'query');
      if (end - start > AUDIT_WINDOW_MAX_MS)
        throw fieldError('$.end_date', 'must be at most 30 days after start_date', 'query');
      let after: Cursor | null = null;
      if (query.cursor !== undefined) {
        after = decode(query.cursor);
        if (after === null) throw fieldError('$.cursor', 'is not a cursor this API gave', 'query');
        if (after.start !== start || after.end !== end)
          throw fieldError('$.cursor', 'belongs to another time window; replay next_page_url unchanged', 'query');
      }
      const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
      const rows = await store.window(request.agentId, start, end, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      let next: string | null = null;
      if (rows.length > limit && last) {
        const params = new URLSearchParams({
          start_date: query.start_date,
          end_date: query.end_date ?? new Date(end).toISOString(),
          ...(query.limit !== undefined ? { limit: String(query.limit) } : {}),
          cursor: encode({ createdAt: Number(last.created_at), id: last.id, start, end }),
        });
        next = `${request.protocol}://${request.host}${request.url.split('?')[0]}?${params}`;
      }
      return { data: page.map(presentAudit), meta: { next_page_url: next } };
    });
  };
}
