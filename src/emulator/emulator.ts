// The test-double mode: Roster as a stand-in for Ada in development and CI. Off unless
// ROSTER_EMULATOR=on (or roster/testing's startRoster); when on, the container holds an Emulator
// and the app mounts the control API (emulator.routes.ts) under CONTROL_PREFIX, a path Ada does
// not use, behind a token of its own. The controls (reset, seed) are the same functions whether
// a test calls them in-process or over HTTP.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Container } from '../container.js';
import type { ControllableClock } from '../lib/clock.js';
import type { TestDoubleHooks } from '../platform/manifest.js';
import { createFaults, type FaultAction, type Faults } from './faults.js';
import { createInbox, inboxNameOf, type Inbox } from './inbox.js';
import { clockControls, type ClockControls } from './clock.js';
import { createResetter } from './reset.js';
import { createSeeder } from './seed.js';

export const CONTROL_PREFIX = '/_emulator';

/** The header Roster's own calls (seeding) carry, with the token, to skip rate limits and faults. */
export const INTERNAL_HEADER = 'x-roster-emulator';

export interface Emulator {
  /** The control API's bearer token. */
  readonly token: string;
  /** The clock every time rule reads. */
  readonly clock: ControllableClock;
  /** True when the request carries the token (the control API, or Roster's own calls). */
  authorized(value: string | undefined): boolean;
  /** Webhook deliveries to roster-inbox:// endpoints. */
  readonly inbox: Inbox;
  /** Injected failures of API requests and webhook deliveries. */
  readonly faults: Faults;
  /** What modules see of the emulator. */
  readonly hooks: TestDoubleHooks;
}

export function createEmulator(config: Pick<Config, 'emulator'>, clock: ControllableClock): Emulator {
  const token = config.emulator.token ?? `emu_${randomBytes(24).toString('base64url')}`;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = digest(token);
  const inbox = createInbox(() => clock.now());
  const faults = createFaults();
  const hooks: TestDoubleHooks = {
    acceptsUrl: (url) => inboxNameOf(url) !== null,
    async interceptWebhook(request) {
      const fault = faults.forWebhook(request.url);
      if (fault) {
        const failed = await webhookFault(fault);
        if (failed) return failed;
      }
      const name = inboxNameOf(request.url);
      if (name === null) return null;
      inbox.receive(name, request.headers, request.body);
      return { succeeded: true, statusCode: 204, durationMs: 0, error: null, responseBody: null };
    },
  };
  return {
    token,
    clock,
    inbox,
    faults,
    hooks,
    authorized(value) {
      return value !== undefined && timingSafeEqual(digest(value), expected);
    },
  };
}

/** A webhook attempt as a fault rule makes it fail; null when the rule only delays it. */
async function webhookFault(fault: FaultAction) {
  const started = performance.now();
  if (fault.delay !== null) await sleep(fault.delay);
  const durationMs = Math.round(performance.now() - started);
  if (fault.drop)
    return {
      succeeded: false,
      statusCode: null,
      durationMs,
      error: 'the connection closed without an answer (an emulator fault rule)',
      responseBody: null,
    };
  if (fault.status !== null)
    return { succeeded: false, statusCode: fault.status, durationMs, error: null, responseBody: null };
  return null;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface EmulatorControls {
  /** Removes all data, or one agent's (by handle), keeping agents and API keys. */
  reset(agent?: string): Promise<void>;
  /** Loads a fixture document (an object, or JSON or YAML text). */
  seed(fixture: unknown): Promise<Record<string, number>>;
  /** A key of the agent, for Roster's own calls (created once). */
  keyOf(handle: string): Promise<string>;
  /** Reads and moves the clock every time rule follows. */
  clock: ClockControls;
}

const controls = new WeakMap<Container, EmulatorControls>();

/** The controls of a container's emulator (one set per container, shared by the routes and startRoster). */
export function emulatorControls(container: Container, app: FastifyInstance): EmulatorControls {
  const existing = controls.get(container);
  if (existing) return existing;
  const emulator = container.emulator;
  if (!emulator) throw new Error('the emulator is off: set ROSTER_EMULATOR=on');
  const resetter = createResetter(container);
  const seeder = createSeeder(container, app, emulator.token);
  const made: EmulatorControls = {
    async reset(agent) {
      if (agent === undefined) {
        await resetter.reset(null);
        emulator.inbox.clear();
        emulator.faults.clear();
        return;
      }
      const found = await container.modules.agents.store.findAgentByHandle(agent);
      if (!found) throw new UnknownAgent(agent);
      await resetter.reset(found.id);
    },
    seed: (fixture) => seeder.seed(fixture),
    keyOf: (handle) => seeder.keyOf(handle),
    clock: clockControls(container),
  };
  controls.set(container, made);
  return made;
}

export class UnknownAgent extends Error {
  constructor(readonly handle: string) {
    super(`there is no AI Agent with the handle "${handle}"`);
    this.name = 'UnknownAgent';
  }
}
