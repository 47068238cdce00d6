// HTTP routes of the Conversations API: conversations and their messages. Handlers read validated
// input, call one service method and return the presented resource.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { discardRest } from '../../http/lingering-close.js';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { absoluteUrl, cursorOf, nextPageUrl } from '../../http/pagination.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { ATTACHMENT_MAX_BYTES, type AttachmentsService } from './attachments.service.js';
import { presentConversation, presentMessage, presentMessageLog } from './conversations.presenter.js';
import { HANDOFF_ENDED } from './conversations.docs.js';
import { routeSchemas } from './conversations.schemas.js';
import type { ConversationsService } from './conversations.service.js';
import type { EmailService } from './email.service.js';
import type { MessagesService } from './messages.service.js';
import { presentAttempt, type ProactiveService } from './proactive.service.js';

const ENDED = { message: 'The conversation has ended.' };
const HANDOFF_ENDED_ANSWER = { message: HANDOFF_ENDED };
const NOT_MULTIPART = 'The request body must be multipart/form-data, with the file in the field "file".';

function unreadableUpload(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('bad_request', `The multipart/form-data body could not be read: ${reason}.`);
}

/** The file's bytes; a body that breaks off or is malformed midway is the client's error (400). */
async function* bytesOf(file: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of file) yield chunk;
  } catch (error) {
    throw unreadableUpload(error);
  }
}

export function conversationsRoutes(
  conversations: ConversationsService,
  messages: MessagesService,
  email: EmailService,
  proactive: ProactiveService,
  attachments: AttachmentsService,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Uploads: the one route that reads multipart/form-data, in a scope of its own, so every other
    // route stays JSON-only. The file streams to the blob store as it arrives.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // Any other body is left unread here and refused by the handler with the same 400.
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      await scope.register(multipart, {
        // One byte over the cap is read, so the upload can tell "exactly 50 MB" from "more".
        limits: { fileSize: ATTACHMENT_MAX_BYTES + 1, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 40 },
        throwFileSizeLimit: false,
      });
      scope
        .withTypeProvider<TypeBoxTypeProvider>()
        .post(
          '/conversations/:conversation_id/attachments/',
          { schema: routeSchemas.attachment },
          async (request, reply) => {
            try {
              if (!request.isMultipart()) throw new AppError('bad_request', NOT_MULTIPART);
              let part: Awaited<ReturnType<typeof request.file>>;
              try {
                part = await request.file();
              } catch (error) {
                throw unreadableUpload(error);
              }
              if (!part || part.fieldname !== 'file')
                throw fieldError('file', 'is required: send the file as the multipart/form-data field "file"');
              const attachment = await attachments.upload(request.agentId, request.params.conversation_id, {
                filename: part.filename,
                stream: bytesOf(part.file),
              });
              return reply.code(201).send({
                url: absoluteUrl(request, attachments.urlPath(attachment)),
                mime_type: attachment.mimeType,
                filename: attachment.filename,
              });
            } catch (error) {
              discardRest(request.raw);
              throw error;
            }
          },
        );
    });

    app.post('/conversations/proactive/', { schema: routeSchemas.proactive }, async (request, reply) => {
      const key = request.headers['idempotency-key'] ?? null;
      const { attempt, replayed } = await proactive.create(request.agentId, key, request.body);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(202).send(presentAttempt(attempt));
    });

    app.post('/conversations/email/', { schema: routeSchemas.email }, async (request) => {
      return { conversation_id: await email.start(request.agentId, request.body) };
    });

    app.post('/conversations/', { schema: routeSchemas.create }, async (request, reply) => {
      const conversation = await conversations.create(request.agentId, request.body);
      return reply.code(201).send(presentConversation(conversation));
    });

    app.get('/conversations/:conversation_id/', { schema: routeSchemas.get }, async (request) => {
      return presentConversation(await conversations.get(request.agentId, request.params.conversation_id));
    });

    app.patch('/conversations/:conversation_id/', { schema: routeSchemas.patch }, async (request) => {
      return presentConversation(
        await conversations.patch(request.agentId, request.params.conversation_id, request.body),
      );
    });

    app.post(
      '/conversations/:conversation_id/messages/',
      { schema: routeSchemas.postMessage },
      async (request, reply) => {
        const message = await messages.post(request.agentId, request.params.conversation_id, request.body);
        return reply.code(201).send(presentMessage(message));
      },
    );

    app.get('/conversations/:conversation_id/messages/', { schema: routeSchemas.listMessages }, async (request) => {
      const query = request.query;
      const page = await messages.list(
        request.agentId,
        request.params.conversation_id,
        cursorOf(query.cursor),
        query.limit ?? MAX_PAGE_SIZE,
      );
      return {
        data: page.items.map(presentMessageLog),
        meta: { next_page_url: nextPageUrl(request, page.nextCursor) },
      };
    });

    // Ending takes no body; clients send none, {} or an empty JSON body.
    await app.register(async (scope) => {
      acceptMissingBody(scope);
      scope
        .withTypeProvider<TypeBoxTypeProvider>()
        .post('/conversations/:conversation_id/end/', { schema: routeSchemas.end }, async (request) => {
          await conversations.end(request.agentId, request.params.conversation_id);
          return ENDED;
        });
      scope
        .withTypeProvider<TypeBoxTypeProvider>()
        .post('/conversations/:conversation_id/end-handoff/', { schema: routeSchemas.endHandoff }, async (request) => {
          await conversations.endHandoff(request.agentId, request.params.conversation_id);
          return HANDOFF_ENDED_ANSWER;
        });
    });
  };
}
