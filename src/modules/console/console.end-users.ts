// What the end users pages show beyond the public API: a search by exact email (the API filters
// by external_id only), the names and expiry of an end user's sensitive metadata (never the
// values, which stay encrypted), and their newest conversations (the API has no such list). Scoped to the agent like the API: an end user of
// another agent is the same 404 as an unknown one.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { toWireTime } from '../../lib/time.js';
import type { ConversationsStore } from '../conversations/conversations.store.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import type { EndUsersStore } from '../end-users/end-users.store.js';
import { endUserSchemas } from './console.schemas.js';

const CONVERSATIONS_SHOWN = 50;
const EMAIL_MATCHES_SHOWN = 50;

export function consoleEndUsers(deps: {
  endUsers: EndUsersStore;
  conversations: ConversationsStore;
  clock: Clock;
}): FastifyPluginAsync {
  const { endUsers, conversations, clock } = deps;
  async function mustExist(agentId: string, endUserId: string) {
    if (!(await endUsers.findById(agentId, endUserId))) throw notFound('The end user');
  }
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/agents/:agent_id/end-users/by-email', { schema: endUserSchemas.byEmail }, async (request) => {
      const found = await endUsers.findByEmail(request.params.agent_id, request.query.email, EMAIL_MATCHES_SHOWN);
      return { data: found.map(presentEndUser) };
    });
    app.get(
      '/api/agents/:agent_id/end-users/:end_user_id/sensitive-keys',
      { schema: endUserSchemas.sensitiveKeys },
      async (request) => {
        const { agent_id: agentId, end_user_id: endUserId } = request.params;
        await mustExist(agentId, endUserId);
        const rows = await endUsers.activeSensitiveRows(agentId, endUserId, clock.now());
        return { data: rows.map((row) => ({ key: row.key, expires_at: toWireTime(row.expiresAt) })) };
      },
    );
    app.get(
      '/api/agents/:agent_id/end-users/:end_user_id/conversations',
      { schema: endUserSchemas.conversations },
      async (request) => {
        const { agent_id: agentId, end_user_id: endUserId } = request.params;
        await mustExist(agentId, endUserId);
        const list = await conversations.listByEndUser(agentId, endUserId, CONVERSATIONS_SHOWN);
        return {
          data: list.map((c) => ({
            id: c.id,
            channel_id: c.channelId,
            status: c.status,
            created_at: toWireTime(c.createdAt),
            updated_at: toWireTime(c.updatedAt),
          })),
        };
      },
    );
  };
}
