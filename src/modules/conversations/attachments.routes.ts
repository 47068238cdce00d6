// GET /api/v2/attachments/<id>/<filename>?expires=&signature=: the URL an upload answered. It is a
// presigned URL, so it needs no API key (the site is mounted outside the key check): Roster's own
// signature and its expiry are the credential. The file is streamed, always as a download.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AttachmentsService } from './attachments.service.js';
import { routeSchemas } from './conversations.schemas.js';

/** Content-Disposition for a download: an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function attachmentSite(attachments: AttachmentsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/:attachment_id/:filename', { schema: routeSchemas.download }, async (request, reply) => {
      const { attachment_id: id, filename } = request.params;
      const { attachment, stream } = await attachments.open(
        id,
        filename,
        request.query.expires,
        request.query.signature,
      );
      return (
        reply
          .header('content-type', attachment.mimeType)
          .header('content-length', String(attachment.size))
          .header('content-disposition', contentDisposition(attachment.filename))
          .header('x-content-type-options', 'nosniff')
          // Never rendered as a page of Roster's origin, even if a browser ignores the disposition.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, max-age=0, no-store')
          .send(stream)
      );
    });
  };
}
