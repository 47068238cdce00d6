// The emulator's controls as the app hands them to sites (the admin console): the very functions
// the control API runs (emulatorControls), with its refusals turned into the same AppErrors the
// control API answers with. Only the app builds them, and only when the emulator is on.
import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import type { EmulatorSiteControls } from '../platform/manifest.js';
import { toEpoch, toMilliseconds } from './clock.js';
import { emulatorControls } from './emulator.js';
import { toControlError } from './emulator.routes.js';
import { parseFixture } from './seed.js';

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toControlError(error);
  }
}

export function siteControls(container: Container, app: FastifyInstance): EmulatorSiteControls {
  const controls = emulatorControls(container, app);
  const { clock } = controls;
  const state = () => ({ now: new Date(clock.now()).toISOString(), frozen: clock.frozen });
  return {
    clock: state,
    advance: (by) =>
      mapped(async () => {
        await clock.advance(toMilliseconds(by));
        return state();
      }),
    set: (time) =>
      mapped(async () => {
        await clock.set(toEpoch(time));
        return state();
      }),
    reset: (agent) => mapped(() => controls.reset(agent)),
    seed: (text) => mapped(() => controls.seed(parseFixture(text))),
  };
}
