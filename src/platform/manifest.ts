// A module is a folder with one manifest: everything the platform needs to know about it. The
// container reads the list of manifests (src/modules/index.ts) in order and builds each module
// with what the platform offers and what the modules before it exported; the app mounts their
// routes under /api/v2 with their rate-limit family; the jobs runner takes their job kinds; the
// migrator runs their migrations; the webhooks module lists their event types.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from 'kysely';
import type { Registry } from 'prom-client';
import type { TSchema } from 'typebox';
import type { Config, RateWindow } from '../config.js';
import type { CredentialResolver } from '../http/auth.js';
import type { OperationExamples } from '../http/openapi.examples.js';
import type { Db, Executor } from '../db/executor.js';
import type { JobDefinition } from '../jobs/jobs.runner.js';
import type { JobsStore } from '../jobs/jobs.store.js';
import type { Clock } from '../lib/clock.js';
import type { Keyring } from '../lib/crypto.js';
import type { EventDefinition, EventSink } from './events.js';
import type { ChangeHook, UnitOfWork, Work } from './unit-of-work.js';

/** What modules export to the modules after them, by manifest name. Modules add their entry. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' manifests
export interface ModuleRegistry {}

export type ModuleName = keyof ModuleRegistry & string;

export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** How one webhook attempt went (the webhooks module's sender reports the same). */
export interface OutgoingOutcome {
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

/** What the test-double mode (ROSTER_EMULATOR=on) lets modules hand it; null outside that mode. */
export interface TestDoubleHooks {
  /** True for an endpoint URL the emulator receives itself (roster-inbox://name). */
  acceptsUrl(url: string): boolean;
  /**
   * Takes an outgoing webhook request before it leaves: answers it (an inbox delivery, an
   * injected fault) or returns null to let it go out.
   */
  interceptWebhook(request: {
    url: string;
    body: string;
    headers: Record<string, string>;
  }): Promise<OutgoingOutcome | null>;
}

/** The emulator's clock as the control API shows it. */
export interface EmulatorClockState {
  /** Roster's time now, ISO 8601. */
  now: string;
  frozen: boolean;
}

/**
 * The emulator's controls offered to sites (the admin console) when the test-double mode is on:
 * the same functions the control API under /_emulator runs. Their refusals are AppErrors
 * (bad_request, not_found), as the control API answers them.
 */
export interface EmulatorSiteControls {
  clock(): EmulatorClockState;
  /** Moves the clock forward (whole milliseconds, or a duration such as 90s or 25h) and runs what came due. */
  advance(by: number | string): Promise<EmulatorClockState>;
  /** Jumps to an ISO 8601 time; forward, runs what came due. */
  set(time: string): Promise<EmulatorClockState>;
  /** Removes all data, or one agent's (by handle), keeping agents and API keys. */
  reset(agent?: string): Promise<void>;
  /** Loads a fixture written as JSON or YAML text. */
  seed(text: string): Promise<Record<string, number>>;
}

/** What the app hands every site when it mounts it. */
export interface SiteOptions {
  /** The emulator's controls, or null when the emulator is off (the default). */
  emulator: EmulatorSiteControls | null;
}

/** What the platform gives every module. */
export interface Platform {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  keyring: Keyring;
  /** The unit of work for the API's writes. */
  units: UnitOfWork;
  /** The jobs table (for the few group operations a module needs: pausing, resuming, dropping). */
  jobs: JobsStore;
  log: Logger;
  /** Where modules register their Prometheus metrics (served on /metrics). */
  metrics: Registry;
  /** Every event type of every module (the webhooks module lists and checks them). */
  eventTypes(): readonly EventDefinition[];
  /** Every job kind of every module, after all modules are built. */
  jobKinds(): readonly string[];
  /** The test-double mode's hooks, or null (the default). */
  testDouble: TestDoubleHooks | null;
  /** Calls every module's `forget` for these end users, inside the unit (all modules, once built). */
  forget(unit: Work, agentId: string, endUserIds: readonly string[]): Promise<void>;
}

export interface ModuleContext extends Platform {
  /** The exports of a module listed earlier. */
  use<K extends ModuleName>(name: K): ModuleRegistry[K];
}

/** What building a module gives the platform. */
export interface BuiltModule<E> {
  /** What later modules may `use`. */
  exports: E;
  /**
   * Routes, mounted under /api/v2 behind authentication and the module's rate-limit family (a
   * route may name another family of the module in its config: `config: { rateFamily }`).
   */
  routes?: FastifyPluginAsyncTypebox;
  /** Routes outside /api/v2 (Ada's legacy paths), mounted at their prefix behind the same guards. */
  mounts?: Array<{ prefix: string; routes: FastifyPluginAsyncTypebox }>;
  /**
   * Routes that authenticate their callers themselves (the admin console's pages and session, an
   * OAuth token endpoint and consent page), mounted at their prefix without the API's key check
   * or rate limits.
   */
  sites?: Array<{ prefix: string; routes: FastifyPluginAsync<SiteOptions> | FastifyPluginAsyncTypebox<SiteOptions> }>;
  /** Bearer credentials other than API keys that this module issues (an integration's access tokens). */
  credentials?: CredentialResolver;
  /** Background work; handlers run with the runner's database executor. */
  jobs?: JobDefinition[];
  /** Where the events of every unit of work go. */
  sinks?: EventSink[];
  /** What sees every unit's configuration changes (`unit.change`), inside its transaction: the audit log. */
  changeHooks?: ChangeHook[];
  /** What the OpenAPI document adds for this module beyond its route schemas. */
  docs?: ModuleDocs;
  /**
   * Removes everything the module keeps about these end users of the agent, inside the caller's
   * unit of work (erasure, and the deletion of end users never attached). Work that cannot be
   * undone with a rollback, such as deleting files, is queued as a job in the same unit.
   */
  forget?(unit: Work, agentId: string, endUserIds: readonly string[]): Promise<void>;
  /**
   * In the test-double mode, called before a reset empties the tables (`testDouble.tables`), for
   * what lives outside the database: one agent's (by id) or every agent's (null).
   */
  beforeReset?(agentId: string | null): Promise<void>;
  /** Closes what the module opened (after the server and the runner stopped). */
  close?(): Promise<void>;
}

/** A module's part of the OpenAPI document. */
export interface ModuleDocs {
  /** Schemas listed under components.schemas, by name (event bodies, wire objects). */
  components?: Record<string, object>;
  /** Examples by operation, "METHOD /api/v2/path/{param}" as the document writes it. */
  examples?: Record<string, OperationExamples>;
  /** Examples of the shared ($id) schemas the module registers, by schema name. */
  schemaExamples?: Record<string, unknown>;
  /**
   * What route schemas cannot say, by operation ("METHOD /api/v2/path/{param}"): a request body
   * that is not JSON (multipart uploads) and answers that are not JSON (file downloads), merged
   * into the generated operation.
   */
  operations?: Record<string, { requestBody?: object; responses?: Record<string, object> }>;
}

export interface RateFamily {
  /** Names the limits (ROSTER_RATE_LIMIT_<NAME> overrides them) and the RateLimit-Policy header. */
  name: string;
  /** Per second, per minute and per day by default. */
  windows: RateWindow[];
}

/** Why a fixture cannot be loaded; `path` points into the document ("end_users[2].profile"). */
export class FixtureError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || 'the fixture'}: ${message}`);
    this.name = 'FixtureError';
  }
}

/**
 * Calls Roster's own API while a fixture loads, as the item's AI Agent, so a seeded item is
 * exactly what the API would have created. A refusal stops the seed with `at`, the item's path in
 * the fixture, in the message.
 */
export interface FixtureApi {
  post(url: string, body: unknown, at?: string): Promise<{ id?: unknown } & Record<string, unknown>>;
  patch(url: string, body: unknown, at?: string): Promise<{ id?: unknown } & Record<string, unknown>>;
}

/**
 * Loads one item of a fixture's top-level list; the item's `agent` and `ref` fields are already
 * taken off, and `ref:<name>` values of its `*_id` fields replaced by the ids they name. Returns
 * the created resource, so that later items may refer to its id.
 */
export type FixtureLoader = (
  item: Record<string, unknown>,
  api: FixtureApi,
  at: string,
) => Promise<{ id?: unknown } | void>;

/** What the test-double mode (roster/testing, ROSTER_EMULATOR) needs to know of a module's data. */
export interface TestDoubleSupport {
  /**
   * The module's tables of AI Agents' data, each with an agent_id column, in the order a reset
   * deletes them (rows that refer to others first). A reset walks the modules in reverse.
   */
  tables?: readonly string[];
  /** The top-level fixture keys the module loads (seed), with the loader of one item. */
  fixtures?: Record<string, FixtureLoader>;
}

export interface ModuleManifest<K extends ModuleName = ModuleName> {
  name: K;
  /** The module's routes count against this family; without one, the default family. */
  rateFamily?: RateFamily;
  /** Further families some of its routes name in their config (`config: { rateFamily: name }`). */
  rateFamilies?: RateFamily[];
  events?: EventDefinition[];
  /** Schemas with an $id that routes refer to ({ $ref: 'Name#' }); listed in the OpenAPI document. */
  schemas?: TSchema[];
  /** Migrations by name; names sort across all modules into one order (0005_..., 0006_...). */
  migrations?: Record<string, Migration>;
  /** Reset and seed in the test-double mode. */
  testDouble?: TestDoubleSupport;
  build(ctx: ModuleContext): BuiltModule<ModuleRegistry[K]>;
}

/** Identity, for type inference: `export const manifest = defineModule({ ... })`. */
export function defineModule<K extends ModuleName>(manifest: ModuleManifest<K>): ModuleManifest<K> {
  return manifest;
}

export type { Executor };
