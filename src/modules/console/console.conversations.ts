// What the conversations page shows beyond the public API: whether a conversation is in an active
// human handoff, and with which integration (the API's conversation has no such field; its
// messages' events carry it). Scoped to the agent like the API: another agent's conversation is
// the same 404 as an unknown one. Ending the handoff goes through the API itself (the proxy).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFound } from '../../lib/errors.js';
import type { ConversationsStore } from '../conversations/conversations.store.js';
import { conversationSchemas } from './console.schemas.js';

export function consoleConversations(deps: { conversations: ConversationsStore }): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/agents/:agent_id/conversations/:conversation_id/handoff',
      { schema: conversationSchemas.handoff },
      async (request) => {
        const { agent_id: agentId, conversation_id: id } = request.params;
        const conversation = await deps.conversations.findById(agentId, id);
        if (!conversation) throw notFound('The conversation');
        return { status: conversation.status, handoff_integration: conversation.handoffIntegration };
      },
    );
  };
}
