// buildApp(): the Fastify application with its plugins, the modules' routes and error handling;
// no listen().
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REDACT_PATHS, type Container } from './container.js';
import { CONTROL_PREFIX, INTERNAL_HEADER } from './emulator/emulator.js';
import { emulatorRoutes } from './emulator/emulator.routes.js';
import { registerFaultHook } from './emulator/fault-hook.js';
import { siteControls } from './emulator/site-controls.js';
import { actAsPrincipal, createAuthenticator, decoratePrincipal, enforceScope } from './http/auth.js';
import { ErrorEnvelope } from './http/common.schemas.js';
import { registerApiDocs } from './http/openapi.js';
import { clientErrorHandler, notFoundHandler, registerErrorHandling, sendError } from './http/errors.js';
import { registerJsonBody } from './http/json-body.js';
import { registerPublicUrl } from './http/pagination.js';
import { registerRequestLog } from './http/request-log.js';
import { lazyValidatorCompiler } from './http/lazy-compilers.js';
import { createAuthFailureLimiter, createRateLimiter, rateFamilies } from './http/rate-limit.js';
import { registerLingeringClose } from './http/lingering-close.js';
import { addSharedSchema, validatorCompiler } from './http/validation.js';
import { sharedSerializerCompiler } from './http/serialization.js';
import { AppError } from './lib/errors.js';
import { registerHealth } from './ops/health.js';
import { registerMetrics } from './ops/metrics.js';
import { registerRoot } from './ops/root.js';
import type { ModuleManifest, SiteOptions } from './platform/manifest.js';

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
    // Fastify's own request lines print the full URL; registerRequestLog writes one line instead.
    logController: new LogController({ disableRequestLogging: true }),
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
  app.setValidatorCompiler(lazyValidatorCompiler(validatorCompiler));
  app.setSerializerCompiler(sharedSerializerCompiler([ErrorEnvelope, ...container.schemas]));
  // Request bodies are JSON only; anything else is answered as a bad request.
  app.removeContentTypeParser(['text/plain']);
  registerJsonBody(app);
  registerPublicUrl(app, config.publicUrl);
  registerRequestLog(app);
  decoratePrincipal(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  if (container.emulator) registerFaultHook(app, container.emulator);
  registerErrorHandling(app);
  registerLingeringClose(app);
  for (const schema of [ErrorEnvelope, ...container.schemas]) {
    app.addSchema(schema);
    addSharedSchema(schema);
  }

  await registerApiDocs(app, {
    modules: container.mounted.map(({ built }) => built.docs ?? {}),
    events: container.eventTypes,
  });
  registerRoot(app);

  registerMetrics(app, container.metrics, config.metrics);
  registerHealth(app, container.db);

  const authFailures = config.rateLimits.enabled
    ? createAuthFailureLimiter(config.authFailureLimit, container.redis, container.clock)
    : null;
  const credentials = container.mounted.flatMap(({ built }) => (built.credentials ? [built.credentials] : []));
  const authenticate = createAuthenticator(container.modules.agents.store, container.clock, {
    resolvers: credentials,
    inProcess: container.modules.console.inProcessKeys,
    failures: authFailures,
  });
  // The families are checked even with limits off, so a misspelt ROSTER_RATE_LIMIT_* never passes.
  const families = rateFamilies(container.rateFamilies, config.rateLimits.overrides);
  const limiter = config.rateLimits.enabled ? createRateLimiter(families, container.redis, container.clock) : null;
  // In the emulator mode, Roster's own calls (seeding) carry the emulator token and skip the limits.
  const emulator = container.emulator;
  const limit: typeof limiter =
    limiter && emulator
      ? async (request, reply) => {
          const internal = request.headers[INTERNAL_HEADER];
          if (typeof internal === 'string' && emulator.authorized(internal)) return;
          return limiter(request, reply);
        }
      : limiter;
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
  if (emulator) await app.register(emulatorRoutes(container, app, emulator), { prefix: CONTROL_PREFIX });
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
  // Routes that authenticate their callers themselves (the admin console's pages and session, the
  // OAuth endpoints), outside the API's key check and rate limits. In the emulator mode they get
  // its controls (the console's emulator panel).
  const siteOptions: SiteOptions = { emulator: emulator ? siteControls(container, app) : null };
  for (const { built } of container.mounted) {
    for (const site of built.sites ?? []) await app.register(site.routes, { prefix: site.prefix, ...siteOptions });
  }
  return app;
}
