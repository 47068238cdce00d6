// buildApp(): the Fastify application with its plugins, the modules' routes and error handling;
// no listen().
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REDACT_PATHS, type Container } from './container.js';
import { actAsPrincipal, createAuthenticator, decoratePrincipal, enforceScope } from './http/auth.js';
import { ErrorEnvelope } from './http/common.schemas.js';
import { registerApiDocs } from './http/openapi.js';
import { clientErrorHandler, notFoundHandler, registerErrorHandling, sendError } from './http/errors.js';
import { createRateLimiter, rateFamilies } from './http/rate-limit.js';
import { addSharedSchema, validatorCompiler } from './http/validation.js';
import { AppError } from './lib/errors.js';
import { registerHealth } from './ops/health.js';
import { registerMetrics } from './ops/metrics.js';
import { registerRoot } from './ops/root.js';
import type { ModuleManifest } from './platform/manifest.js';

export { REDACT_PATHS };

export const BODY_LIMIT = 10 * 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'] | false;
  loggerInstance?: FastifyServerOptions['loggerInstance'];
}

export async function buildApp(container: Container, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : {
          logger: options.logger ?? {
            level: config.logLevel,
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          },
        }),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: 60_000,
    // Slow or idle clients must not hold sockets for long (slowloris). Node checks the headers
    // and request timeouts on an interval, 30 s by default, which would let them overstay.
    http: {
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    clientErrorHandler,
    // Errors raised by the router before any route runs (undecodable percent-encoding, an
    // over-long path parameter) leave in the envelope too; an over-long id is just an unknown id.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      return error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? notFoundHandler(request, reply)
        : sendError(
            reply,
            new AppError('bad_request', 'The request URL is not valid: it has malformed percent-encoding.'),
          );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Request bodies are JSON only; anything else is answered as a bad request.
  app.removeContentTypeParser(['text/plain']);
  decoratePrincipal(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  for (const schema of [ErrorEnvelope, ...container.schemas]) {
    app.addSchema(schema);
    addSharedSchema(schema);
  }

  await registerApiDocs(app, {
    modules: container.mounted.map(({ built }) => built.docs ?? {}),
    events: container.eventTypes,
  });
  registerRoot(app);

  registerMetrics(app, container.metrics);
  registerHealth(app, container.db);

  const credentials = container.mounted.flatMap(({ built }) => (built.credentials ? [built.credentials] : []));
  const authenticate = createAuthenticator(container.modules.agents.store, container.clock, credentials);
  // The families are checked even with limits off, so a misspelt ROSTER_RATE_LIMIT_* never passes.
  const families = rateFamilies(container.rateFamilies, config.rateLimits.overrides);
  const limit = config.rateLimits.enabled ? createRateLimiter(families, container.redis, container.clock) : null;
  /** A module's routes with its rate-limit family, unless a route names another. */
  const withFamily =
    (manifest: ModuleManifest, routes: FastifyPluginAsyncTypebox) => async (scope: FastifyInstance) => {
      const rateFamily = manifest.rateFamily?.name;
      if (rateFamily) {
        scope.addHook('onRoute', (route) => {
          route.config = { ...route.config, rateFamily: route.config?.rateFamily ?? rateFamily };
        });
      }
      await scope.register(routes);
    };
  await app.register(
    async (v2) => {
      v2.addHook('onRequest', authenticate);
      v2.addHook('onRequest', enforceScope);
      v2.addHook('onRequest', actAsPrincipal);
      if (limit) v2.addHook('onRequest', limit);
      // Unknown /api/v2 routes go through the hooks above too: 401 without a key, default-family limits.
      v2.setNotFoundHandler(notFoundHandler);
      for (const { manifest, built } of container.mounted) {
        if (built.routes) await v2.register(withFamily(manifest, built.routes));
      }
    },
    { prefix: '/api/v2' },
  );
  // Ada's legacy paths that modules still serve, behind the same authentication and limits.
  for (const { manifest, built } of container.mounted) {
    for (const mount of built.mounts ?? []) {
      await app.register(
        async (legacy) => {
          legacy.addHook('onRequest', authenticate);
          legacy.addHook('onRequest', enforceScope);
          legacy.addHook('onRequest', actAsPrincipal);
          if (limit) legacy.addHook('onRequest', limit);
          await legacy.register(withFamily(manifest, mount.routes));
        },
        { prefix: mount.prefix },
      );
    }
  }
  // Routes that authenticate their callers themselves (the OAuth endpoints).
  for (const { built } of container.mounted) {
    for (const mount of built.publicMounts ?? []) await app.register(mount.routes, { prefix: mount.prefix });
  }
  return app;
}
