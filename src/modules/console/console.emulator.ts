// The console's emulator panel: Roster's clock (read, advance, set), reset and seed, mounted only
// when the emulator is on. They run the emulator's own controls (the functions behind
// /_emulator), behind the console's session and CSRF token instead of the emulator's token.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { EmulatorSiteControls } from '../../platform/manifest.js';
import { emulatorSchemas } from './console.schemas.js';

/** A fixture of up to 5 MB of text, JSON-encoded. */
const SEED_BODY_LIMIT = 6 * 1024 * 1024;

export function consoleEmulator(controls: EmulatorSiteControls): FastifyPluginAsync {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/emulator/clock', { schema: emulatorSchemas.clock }, async () => controls.clock());
    app.post('/api/emulator/clock/advance', { schema: emulatorSchemas.advance }, async (request) =>
      controls.advance(request.body.by),
    );
    app.post('/api/emulator/clock/set', { schema: emulatorSchemas.set }, async (request) =>
      controls.set(request.body.time),
    );
    app.post('/api/emulator/reset', { schema: emulatorSchemas.reset }, async (request, reply) => {
      await controls.reset(request.body.agent);
      return reply.code(204).send(null);
    });
    app.post('/api/emulator/seed', { schema: emulatorSchemas.seed, bodyLimit: SEED_BODY_LIMIT }, async (request) => ({
      loaded: await controls.seed(request.body.fixture),
    }));
  };
}
