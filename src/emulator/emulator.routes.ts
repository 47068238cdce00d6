// The emulator's control API: mounted only in the test-double mode, under CONTROL_PREFIX, and
// answering only requests that carry the emulator's own token (never an API key).
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../container.js';
import { sendError } from '../http/errors.js';
import { acceptMissingBody } from '../http/optional-body.js';
import { AppError } from '../lib/errors.js';
import { FixtureError } from '../platform/manifest.js';
import { ClockError, toEpoch, toMilliseconds } from './clock.js';
import { emulatorControls, UnknownAgent, type Emulator } from './emulator.js';
import { FaultError } from './faults.js';
import { InboxError } from './inbox.js';
import { controlSchemas } from './emulator.schemas.js';
import { parseFixture } from './seed.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Errors of the controls, answered in Roster's error envelope. */
export function toControlError(error: unknown): unknown {
  if (error instanceof FixtureError)
    return new AppError('bad_request', `The fixture cannot be loaded: ${error.message}`, { path: error.path });
  if (error instanceof ClockError) return new AppError('bad_request', `The clock cannot move: ${error.message}.`);
  if (error instanceof FaultError) return new AppError('bad_request', `The fault rule is not valid: ${error.message}.`);
  if (error instanceof InboxError) return new AppError('not_found', `Not found: ${error.message}.`);
  if (error instanceof UnknownAgent) return new AppError('not_found', `Not found: ${error.message}.`);
  return error;
}

export function emulatorRoutes(
  container: Container,
  app: FastifyInstance,
  emulator: Emulator,
): FastifyPluginAsyncTypebox {
  const controls = emulatorControls(container, app);
  return async (scope) => {
    // Bare POSTs (reset, clock moves) are the usual call.
    acceptMissingBody(scope);
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
      if (!emulator.authorized(token)) {
        return sendError(
          reply,
          new AppError(
            'unauthorized',
            'The emulator control API needs the emulator token (ROSTER_EMULATOR_TOKEN) as a Bearer token; API keys are not accepted here.',
          ),
        );
      }
    });
    scope.setErrorHandler(async (error, _request, reply) => {
      const mapped = toControlError(error);
      if (mapped instanceof AppError) return sendError(reply, mapped);
      throw error;
    });

    scope.post('/reset', { schema: controlSchemas.reset }, async (request, reply) => {
      await controls.reset(request.body.agent);
      return reply.code(204).send(null);
    });

    const clock = controls.clock;
    const clockState = () => ({ now: new Date(clock.now()).toISOString(), frozen: clock.frozen });
    scope.get('/clock', { schema: controlSchemas.getClock }, async () => clockState());
    scope.post('/clock/advance', { schema: controlSchemas.advanceClock }, async (request) => {
      await clock.advance(toMilliseconds(request.body.by));
      return clockState();
    });
    scope.post('/clock/set', { schema: controlSchemas.setClock }, async (request) => {
      await clock.set(toEpoch(request.body.time));
      return clockState();
    });
    scope.post('/clock/freeze', { schema: controlSchemas.freezeClock }, async () => {
      clock.freeze();
      return clockState();
    });
    scope.post('/clock/resume', { schema: controlSchemas.resumeClock }, async () => {
      clock.resume();
      return clockState();
    });

    const inbox = emulator.inbox;
    scope.get('/inbox/:name', { schema: controlSchemas.listInbox }, async (request) => ({
      data: inbox.list(request.params.name),
    }));
    scope.get('/inbox/:name/wait', { schema: controlSchemas.waitInbox }, async (request) => {
      const { type, timeout_ms: timeoutMs = 5_000 } = request.query;
      return inbox.wait(request.params.name, (d) => type === undefined || d.type === type, timeoutMs);
    });
    scope.delete('/inbox/:name', { schema: controlSchemas.clearInbox }, async (request, reply) => {
      inbox.clear(request.params.name);
      return reply.code(204).send(null);
    });

    const faults = emulator.faults;
    scope.get('/faults', { schema: controlSchemas.listFaults }, async () => ({ data: faults.list() }));
    scope.post('/faults', { schema: controlSchemas.addFault }, async (request, reply) =>
      reply.code(201).send(faults.add(request.body)),
    );
    scope.delete('/faults', { schema: controlSchemas.clearFaults }, async (_request, reply) => {
      faults.clear();
      return reply.code(204).send(null);
    });
    scope.delete('/faults/:id', { schema: controlSchemas.removeFault }, async (request, reply) => {
      if (!faults.remove(request.params.id))
        throw new AppError('not_found', `Not found: there is no fault rule "${request.params.id}".`);
      return reply.code(204).send(null);
    });

    scope.post('/seed', { schema: controlSchemas.seed }, async (request) => {
      const fixture = typeof request.body === 'string' ? parseFixture(request.body) : request.body;
      return { loaded: await controls.seed(fixture) };
    });
  };
}
