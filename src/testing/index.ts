// roster/testing: a whole Roster inside the test process, on an ephemeral port, with an
// in-memory SQLite database and the test-double mode on. Works with any test runner (vitest,
// jest, node:test): start one per suite, reset between tests, close at the end.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { MEMORY } from '../db/dialect.js';
import { toEpoch, toMilliseconds } from '../emulator/clock.js';
import { emulatorControls, type EmulatorControls } from '../emulator/emulator.js';
import type { FaultInput, FaultRule } from '../emulator/faults.js';
import type { InboxDelivery } from '../emulator/inbox.js';
import { DEFAULT_AGENT } from '../emulator/seed.js';
import { controllableClock } from '../lib/clock.js';

export interface StartRosterOptions {
  /**
   * Further settings, as the environment variables of the README's settings table
   * (ROSTER_WEBHOOK_RETRY_SCHEDULE, ROSTER_RATE_LIMITS=on, ...). The process environment is not read.
   */
  env?: Record<string, string>;
  /** The API key of the agent "default" (20 to 256 characters); one is generated when left out. */
  apiKey?: string;
  /** A fixture loaded before startRoster resolves (the same document as POST /_emulator/seed). */
  seed?: unknown;
  /** The port to listen on (default 0: any free port). */
  port?: number;
}

/** Roster's clock, which every time rule follows (sweeps, expiry, webhook retries, rate windows...). */
export interface TestClock {
  now(): Date;
  /** Jumps to a time; forward, runs the work that becomes due before resolving. */
  set(time: Date | number | string): Promise<void>;
  /** Moves forward by milliseconds or a duration ('90s', '25h', '7d') and runs what became due. */
  advance(by: number | string): Promise<void>;
  /** Stops the clock: it moves only when told. */
  freeze(): void;
  /** Lets a stopped clock run again. */
  resume(): void;
}

export type { InboxDelivery, FaultInput, FaultRule };

/** Injected failures: the next matching API requests or webhook deliveries fail as told. */
export interface TestFaults {
  /** Adds a rule, such as { method: 'POST', path: '/api/v2/end-users/*', status: 429, times: 2 }. */
  add(rule: FaultInput): FaultRule;
  list(): FaultRule[];
  /** Removes every rule (reset() does too). */
  clear(): void;
}

/** Webhook endpoints without a receiver: register inbox.url(name) as an endpoint's URL. */
export interface TestInbox {
  /** The endpoint URL of the inbox `name`: roster-inbox://name. */
  url(name: string): string;
  /** What the inbox received, oldest first. */
  list(name: string): InboxDelivery[];
  /** The first delivery (received or to come) that matches; rejects after timeoutMs (default 5000). */
  wait(name: string, predicate?: (delivery: InboxDelivery) => boolean, timeoutMs?: number): Promise<InboxDelivery>;
  /** Empties one inbox, or all (reset() empties all too). */
  clear(name?: string): void;
}

export interface RosterTestServer {
  /** Where Roster listens, such as http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** An API key of the AI Agent "default"; it keeps working across reset(). */
  apiKey: string;
  clock: TestClock;
  inbox: TestInbox;
  faults: TestFaults;
  /** The emulator control API's token (for calls to /_emulator/... over HTTP). */
  controlToken: string;
  /** Removes all data, or one agent's (by handle), keeping AI Agents and API keys. */
  reset(agent?: string): Promise<void>;
  /** Loads a fixture; resolves to how many items of each key were created. */
  seed(fixture: unknown): Promise<Record<string, number>>;
  /** An API key of another agent (created with the agent when missing), for tenant tests. */
  keyFor(agent: string): Promise<string>;
  /** Stops the server and frees the database. */
  close(): Promise<void>;
  /** The server's internals, for tests of Roster itself. */
  readonly internals: { app: FastifyInstance; container: Container };
}

export async function startRoster(options: StartRosterOptions = {}): Promise<RosterTestServer> {
  const settings = loadConfig({
    LOG_LEVEL: 'silent',
    // Tests create data faster than Ada's limits allow; ROSTER_RATE_LIMITS=on brings them back.
    ROSTER_RATE_LIMITS: 'off',
    // Local receivers (http://127.0.0.1:...) are what tests use.
    ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
    ROSTER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
    ROSTER_EMULATOR: 'on',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
  });
  const config = Object.freeze({ ...settings, databaseUrl: null, sqlitePath: MEMORY });
  const clock = controllableClock();
  const container = await createContainer(config, { clock });
  let app: FastifyInstance | null = null;
  try {
    app = await buildApp(container, { logger: false });
    const controls: EmulatorControls = emulatorControls(container, app);
    const emulator = container.emulator;
    if (!emulator) throw new Error('the emulator did not start');
    const agents = container.modules.agents.service;
    const apiKey = options.apiKey ?? (await agents.createKey(DEFAULT_AGENT, 'startRoster')).secret;
    if (options.apiKey !== undefined) await agents.ensureKey(DEFAULT_AGENT, options.apiKey, 'startRoster');
    const address = await app.listen({ port: config.port, host: config.host });
    if (config.worker) await container.jobs.start();
    if (options.seed !== undefined) await controls.seed(options.seed);
    const started = app;
    let closing: Promise<void> | null = null;
    return {
      baseUrl: address.replace(/\/$/, ''),
      apiKey,
      controlToken: emulator.token,
      clock: {
        now: () => new Date(controls.clock.now()),
        set: async (time) => controls.clock.set(toEpoch(time)),
        advance: async (by) => controls.clock.advance(toMilliseconds(by)),
        freeze: () => controls.clock.freeze(),
        resume: () => controls.clock.resume(),
      },
      inbox: {
        url: (name) => emulator.inbox.url(name),
        list: (name) => emulator.inbox.list(name),
        wait: async (name, predicate, timeoutMs) => emulator.inbox.wait(name, predicate, timeoutMs),
        clear: (name) => emulator.inbox.clear(name),
      },
      faults: {
        add: (rule) => emulator.faults.add(rule),
        list: () => emulator.faults.list(),
        clear: () => emulator.faults.clear(),
      },
      reset: (agent) => controls.reset(agent),
      seed: (fixture) => controls.seed(fixture),
      keyFor: (agent) => controls.keyOf(agent),
      close() {
        closing ??= (async () => {
          await started.close();
          await container.close();
        })();
        return closing;
      },
      internals: { app: started, container },
    };
  } catch (error) {
    await app?.close();
    await container.close();
    throw error;
  }
}
