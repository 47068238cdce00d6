// HTTP routes of the Conversations API: conversations and their messages. Handlers read validated
// input, call one service method and return the presented resource.
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { cursorOf, nextPageUrl } from '../../http/pagination.js';
import { presentConversation, presentMessage, presentMessageLog } from './conversations.presenter.js';
import {
  routeSchemas,
  type CreateConversationBody,
  type CreateMessageBody,
  type PatchConversationBody,
} from './conversations.schemas.js';
import type { ConversationsService } from './conversations.service.js';
import type { MessagesService } from './messages.service.js';

type Params = { conversation_id: string };

const ENDED = { message: 'The conversation has ended.' };

export function conversationsRoutes(conversations: ConversationsService, messages: MessagesService) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.post('/conversations/', { schema: routeSchemas.create }, async (request, reply) => {
      const conversation = await conversations.create(
        request.principal!.agentId,
        request.body as CreateConversationBody,
      );
      return reply.code(201).send(presentConversation(conversation));
    });

    app.get('/conversations/:conversation_id/', { schema: routeSchemas.get }, async (request) => {
      const { conversation_id } = request.params as Params;
      return presentConversation(await conversations.get(request.principal!.agentId, conversation_id));
    });

    app.patch('/conversations/:conversation_id/', { schema: routeSchemas.patch }, async (request) => {
      const { conversation_id } = request.params as Params;
      return presentConversation(
        await conversations.patch(request.principal!.agentId, conversation_id, request.body as PatchConversationBody),
      );
    });

    app.post(
      '/conversations/:conversation_id/messages/',
      { schema: routeSchemas.postMessage },
      async (request, reply) => {
        const { conversation_id } = request.params as Params;
        const message = await messages.post(
          request.principal!.agentId,
          conversation_id,
          request.body as CreateMessageBody,
        );
        return reply.code(201).send(presentMessage(message));
      },
    );

    app.get('/conversations/:conversation_id/messages/', { schema: routeSchemas.listMessages }, async (request) => {
      const { conversation_id } = request.params as Params;
      const query = request.query as { cursor?: string; limit?: number };
      const page = await messages.list(
        request.principal!.agentId,
        conversation_id,
        cursorOf(query.cursor),
        query.limit ?? MAX_PAGE_SIZE,
      );
      return {
        data: page.items.map(presentMessageLog),
        meta: { next_page_url: nextPageUrl(request, page.nextCursor) },
      };
    });

    // Ending takes no body; clients send none, {} or an empty JSON body.
    await app.register(async (bare) => {
      acceptMissingBody(bare);
      bare.post('/conversations/:conversation_id/end/', { schema: routeSchemas.end }, async (request) => {
        const { conversation_id } = request.params as Params;
        await conversations.end(request.principal!.agentId, conversation_id);
        return ENDED;
      });
    });
  };
}
