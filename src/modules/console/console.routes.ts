// The console's routes under /console: the page and its bundle, sign-in and sign-out, the
// operator's views over AI Agents, API keys, jobs and erasures, the per-agent gateway to the public
// API (console.proxy.ts), and the emulator's controls when it is on (console.emulator.ts).
// Everything but the page, its bundle and sign-in needs a session.
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFoundHandler } from '../../http/errors.js';
import type { InProcessKeys } from '../../http/auth.js';
import type { JobsStore } from '../../jobs/jobs.store.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { toWireTime } from '../../lib/time.js';
import { AgentAdminError, type AgentsService } from '../agents/agents.service.js';
import type { SiteOptions } from '../../platform/manifest.js';
import type { ComplianceStore } from '../compliance/compliance.store.js';
import { ERASURE_KIND } from '../compliance/compliance.service.js';
import type { ConversationsStore } from '../conversations/conversations.store.js';
import type { EndUsersStore } from '../end-users/end-users.store.js';
import { CONTENT_SECURITY_POLICY, PAGE, type Asset } from './console.assets.js';
import { SESSION_COOKIE, checkOrigin, createGuard } from './console.guard.js';
import { consoleConversations } from './console.conversations.js';
import { consoleEmulator } from './console.emulator.js';
import { consoleEndUsers } from './console.end-users.js';
import { consoleProxy } from './console.proxy.js';
import { AssetParams, routeSchemas } from './console.schemas.js';
import type { ConsoleService } from './console.service.js';

export interface ConsoleDeps {
  service: ConsoleService;
  agents: AgentsService;
  jobs: JobsStore;
  clock: Clock;
  inProcessKeys: InProcessKeys;
  assets: Map<string, Asset> | null;
  endUsers: EndUsersStore;
  conversations: ConversationsStore;
  erasures: ComplianceStore;
}

const ERASURES_SHOWN = 20;

/** The deletion job a compliance.erasure job works through, from its payload. */
function erasureIdOf(payload: string): string | null {
  const parsed: unknown = JSON.parse(payload);
  if (typeof parsed !== 'object' || parsed === null || !('job_id' in parsed)) return null;
  return typeof parsed.job_id === 'string' ? parsed.job_id : null;
}

const keyWire = (k: {
  id: string;
  name: string | null;
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  created_at: toWireTime(k.createdAt),
  revoked_at: k.revokedAt === null ? null : toWireTime(k.revokedAt),
});

export function consoleRoutes(deps: ConsoleDeps): FastifyPluginAsync<SiteOptions> {
  const { service, agents, jobs, clock, assets, erasures } = deps;
  return async (scope, options) => {
    const emulator = options.emulator;
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(cookie);
    app.decorateRequest('consoleSession', null);
    app.addHook('onSend', async (_request, reply: FastifyReply) => {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });
    app.setNotFoundHandler(notFoundHandler);

    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      if (!assets) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The console was not built: run `npm run build`, then start Roster again.\n');
      }
      return reply.type('text/html; charset=utf-8').send(PAGE);
    });

    app.get('/assets/:file', { schema: { hide: true, params: AssetParams } }, async (request, reply) => {
      const { file } = request.params;
      const asset = assets?.get(file);
      if (!asset) return notFoundHandler(request, reply);
      return reply.type(asset.type).header('cache-control', 'no-cache').send(asset.body);
    });

    app.post('/api/session', { schema: routeSchemas.signIn }, async (request, reply) => {
      checkOrigin(request);
      const { session, expiresAt } = await service.signIn(request.body.token);
      reply.setCookie(SESSION_COOKIE, session, {
        path: '/console',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(expiresAt),
      });
      return reply.code(204).send(null);
    });

    await app.register(async (guarded) => {
      const api = guarded.withTypeProvider<TypeBoxTypeProvider>();
      api.addHook('onRequest', createGuard(service));

      api.get('/api/session', { schema: routeSchemas.session }, async (request) => {
        const session = request.consoleSession!;
        return {
          admin: { name: session.adminName },
          csrf_token: service.csrfToken(session.value),
          expires_at: toWireTime(session.expiresAt),
          emulator: emulator !== null,
        };
      });

      api.delete('/api/session', { schema: routeSchemas.signOut }, async (request, reply) => {
        await service.signOut(request.consoleSession!.value);
        reply.clearCookie(SESSION_COOKIE, { path: '/console' });
        return reply.code(204).send(null);
      });

      api.get('/api/agents', { schema: routeSchemas.agents }, async () => {
        const list = await agents.listAgents();
        const data = [];
        for (const agent of list) {
          const keys = await agents.listKeys(agent.handle);
          data.push({
            id: agent.id,
            handle: agent.handle,
            created_at: toWireTime(agent.createdAt),
            keys: keys.map(keyWire),
          });
        }
        return { data };
      });

      api.post('/api/keys', { schema: routeSchemas.createKey }, async (request, reply) => {
        try {
          const created = await agents.createKey(request.body.agent, request.body.name ?? null);
          return reply
            .code(201)
            .send({ agent_id: created.agent.id, key: keyWire(created.key), secret: created.secret });
        } catch (error) {
          if (error instanceof AgentAdminError) throw new AppError('bad_request', error.message);
          throw error;
        }
      });

      api.post('/api/keys/:key_id/revoke', { schema: routeSchemas.revokeKey }, async (request, reply) => {
        try {
          await agents.revokeKey(request.params.key_id);
        } catch (error) {
          if (error instanceof AgentAdminError) throw new AppError('not_found', 'No active API key has this id.');
          throw error;
        }
        return reply.code(204).send(null);
      });

      api.get('/api/jobs', { schema: routeSchemas.jobs }, async (request) => {
        const now = clock.now();
        const { kind, state, limit } = request.query;
        const rows = await jobs.list({ kind, state, limit: limit ?? 50 }, now);
        // An erasure's progress, as `roster jobs list` prints it.
        const progress = async (job: { kind: string; payload: string }) => {
          const id = job.kind === ERASURE_KIND ? erasureIdOf(job.payload) : null;
          const erasure = id === null ? null : await erasures.findJobById(id);
          if (!erasure) return null;
          return {
            id: erasure.id,
            status: erasure.status,
            matched_count: erasure.status === 'queued' ? null : erasure.matchedCount,
            erased_count: erasure.erasedCount,
          };
        };
        const data = [];
        for (const job of rows) {
          data.push({
            id: job.id,
            kind: job.kind,
            agent_id: job.agent_id,
            state:
              job.state === 'queued' && job.lease_until !== null && Number(job.lease_until) > now
                ? 'running'
                : job.state,
            attempts: Number(job.attempts),
            run_at: toWireTime(Number(job.run_at)),
            last_error: job.last_error === null ? null : job.last_error.slice(0, 500),
            created_at: toWireTime(Number(job.created_at)),
            updated_at: toWireTime(Number(job.updated_at)),
            erasure: await progress(job),
          });
        }
        return { counts: await jobs.counts(now), data };
      });

      // Deletion jobs of every agent, newest first, with their progress; they outlive their runs.
      api.get('/api/erasures', { schema: routeSchemas.erasures }, async (request) => {
        const rows = await erasures.listRecent(request.query.limit ?? ERASURES_SHOWN);
        return {
          data: rows.map((e) => ({
            id: e.id,
            agent_id: e.agentId,
            type: e.type,
            status: e.status,
            submitted_count: e.submittedCount,
            matched_count: e.status === 'queued' ? null : e.matchedCount,
            erased_count: e.erasedCount,
            failure_reason: e.failureReason,
            created_at: toWireTime(e.createdAt),
            completed_at: e.completedAt === null ? null : toWireTime(e.completedAt),
          })),
        };
      });

      // As `roster jobs retry` and `roster jobs cancel` do.
      api.post('/api/jobs/:job_id/retry', { schema: routeSchemas.jobAction }, async (request, reply) => {
        if (!(await jobs.retry(request.params.job_id, clock.now())))
          throw new AppError('not_found', 'No dead or paused job has this id.');
        return reply.code(204).send(null);
      });

      api.post('/api/jobs/:job_id/cancel', { schema: routeSchemas.jobAction }, async (request, reply) => {
        if (!(await jobs.cancel(request.params.job_id, clock.now())))
          throw new AppError('not_found', 'No job that is not running now has this id.');
        return reply.code(204).send(null);
      });

      await api.register(consoleEndUsers({ endUsers: deps.endUsers, conversations: deps.conversations, clock }));
      await api.register(consoleConversations({ conversations: deps.conversations }));
      if (emulator) await api.register(consoleEmulator(emulator));
      await api.register(consoleProxy({ agents, inProcessKeys: deps.inProcessKeys }));
    });
  };
}
