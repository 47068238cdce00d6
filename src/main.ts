#!/usr/bin/env node
// The roster command: serve | worker | migrate | agents | keys | admin | jobs.
import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config, type LoadOptions } from './config.js';
import { allMigrations } from './container.js';
import { createDb } from './db/dialect.js';
import { checkDatabase, describeDatabase } from './db/inspect.js';
import { migrateToLatest } from './db/migrate.js';
import { createJobsStore, type JobsStore } from './jobs/jobs.store.js';
import { systemClock } from './lib/clock.js';
import { toWireTime } from './lib/time.js';
import { AgentAdminError, createAgentsService, type AgentsService } from './modules/agents/agents.service.js';
import { createAgentsStore } from './modules/agents/agents.store.js';
import { ConsoleAdminError, createConsoleService, type ConsoleService } from './modules/console/console.service.js';
import { createConsoleStore } from './modules/console/console.store.js';
import { ERASURE_KIND } from './modules/compliance/compliance.service.js';
import { createComplianceStore, type ComplianceStore } from './modules/compliance/compliance.store.js';
import { IntegrationAdminError, setIntegrationStatus } from './modules/integrations/integrations.service.js';
import { createIntegrationsStore } from './modules/integrations/integrations.store.js';
import { auditHook } from './modules/audit/audit.hook.js';
import { createAuditStore } from './modules/audit/audit.store.js';
import { runAs, type Actor } from './platform/actor.js';
import { createUnitOfWork, type JobQueue } from './platform/unit-of-work.js';

const VERSION = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function fail(message: string): never {
  process.stderr.write(`roster: ${message}\n`);
  process.exit(1);
}

function config(overrides: Record<string, string> = {}, options: LoadOptions = {}): Readonly<Config> {
  try {
    return loadConfig({ ...process.env, ...overrides }, options);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
}

/**
 * Checks the database a command is about to open and names it on stderr (stdout stays the
 * command's own output: `keys create` ends with the key alone). Only serve and migrate create one.
 */
async function database(settings: Readonly<Config>, command: string, mayCreate: boolean): Promise<void> {
  await checkDatabase(settings, command, mayCreate);
  process.stderr.write(`roster: using the ${describeDatabase(settings)}\n`);
}

/** The admin commands queue no background work. */
const NO_JOBS: JobQueue = {
  accepts: () => false,
  insert: async () => {},
  resumeGroup: async () => 0,
  deleteGroup: async () => 0,
  committed: () => {},
};
const CLI_ACTOR: Actor = { type: 'system', id: '', via: 'cli' };

/**
 * Runs an admin action against the configured database and closes it afterwards. Admin commands
 * handle agents, API keys (stored as hashes) and the jobs table only, so they open the database
 * alone, without the encryption key the rest of Roster needs.
 */
async function admin<T>(
  command: string,
  action: (services: {
    agents: AgentsService;
    jobs: JobsStore;
    console: ConsoleService;
    erasures: ComplianceStore;
    setIntegrationStatus: (id: string, status: 'approved' | 'archived') => Promise<void>;
  }) => Promise<T>,
): Promise<T> {
  const settings = config({}, { requireEncryptionKey: false });
  await database(settings, command, false);
  const db = createDb(settings);
  try {
    await migrateToLatest(db, allMigrations());
    // The CLI's changes go into the audit log like the API's, as the system acting from the CLI.
    // No job is queued and no webhook is sent from here: the records are the trail.
    const units = createUnitOfWork({ db, clock: systemClock, queue: NO_JOBS });
    units.addChangeHook(auditHook({ store: createAuditStore(db), clock: systemClock }));
    return await runAs(CLI_ACTOR, () =>
      action({
        agents: createAgentsService({ store: createAgentsStore(db), clock: systemClock, units }),
        jobs: createJobsStore(db),
        console: createConsoleService({ store: createConsoleStore(db), clock: systemClock }),
        erasures: createComplianceStore(db),
        setIntegrationStatus: (id, status) =>
          setIntegrationStatus({ store: createIntegrationsStore(db), units, clock: systemClock }, id, status),
      }),
    );
  } catch (error) {
    if (
      error instanceof AgentAdminError ||
      error instanceof ConsoleAdminError ||
      error instanceof IntegrationAdminError
    )
      fail(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

function port(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('use a port number from 0 to 65535.');
  return value;
}

const SETTINGS_HELP = `
Settings are environment variables; the most used:
  PORT                   port to listen on (default 8080; serve --port overrides it)
  HOST                   address to listen on (default 127.0.0.1; serve --host overrides it)
  ROSTER_DATA_DIR        directory of the embedded SQLite database (default ./data, relative to
                         the current directory): give every command the same one as the server
  DATABASE_URL           postgres://... to use PostgreSQL instead of SQLite
  ROSTER_ENCRYPTION_KEY  base64 of 32 bytes; required with PostgreSQL by serve, worker and migrate
  LOG_LEVEL              fatal, error, warn, info (default), debug, trace or silent
The README's Configuration section lists every setting.`;

const program = new Command()
  .name('roster')
  .description("Roster: a self-hostable server speaking Ada's End Users API v2.")
  .version(VERSION, '-V, --version', 'print the version of Roster')
  .showHelpAfterError()
  .addHelpText('after', SETTINGS_HELP);

program
  .command('serve')
  .description('run the HTTP server (the default command; migrates the database first)')
  .option('--port <port>', 'port to listen on, instead of PORT (default 8080)', port)
  .option('--host <address>', 'address to listen on, instead of HOST (default 127.0.0.1)')
  .option('--console', 'serve the admin console at /console, as ROSTER_CONSOLE=on does')
  .option('--emulator', 'run as a test double for Ada, with the control API under /_emulator (ROSTER_EMULATOR=on)')
  .option('--seed <file>', 'with --emulator: load this fixture file (JSON or YAML) at start')
  .addHelpText('after', SETTINGS_HELP)
  .action(async (options: { port?: string; host?: string; console?: boolean; emulator?: boolean; seed?: string }) => {
    const settings = config({
      ...(options.port !== undefined ? { PORT: options.port } : {}),
      ...(options.host !== undefined ? { HOST: options.host } : {}),
      ...(options.console ? { ROSTER_CONSOLE: 'on' } : {}),
      ...(options.emulator ? { ROSTER_EMULATOR: 'on' } : {}),
      ...(options.seed !== undefined ? { ROSTER_EMULATOR_SEED: options.seed } : {}),
    });
    await database(settings, 'serve', true);
    // Loaded only here, so the admin commands start without the HTTP stack.
    const { serve } = await import('./server.js');
    await serve(settings);
  });

program
  .command('worker')
  .description(
    "run only the background jobs (webhook deliveries, sweeps, the AI Agent's replies), no HTTP server; any number may run on one database",
  )
  .action(async () => {
    const settings = config();
    await database(settings, 'worker', false);
    const { runWorker } = await import('./worker.js');
    await runWorker(settings);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const settings = config();
    await database(settings, 'migrate', true);
    const db = createDb(settings);
    try {
      const results = await migrateToLatest(db, allMigrations());
      for (const r of results)
        process.stdout.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
      if (results.length === 0) process.stdout.write('the database is up to date\n');
    } finally {
      await db.close();
    }
  });

const agents = program.command('agents').description('manage AI Agents (tenants)');
agents
  .command('list')
  .description('list AI Agents')
  .action(() =>
    admin('agents list', async (services) => {
      for (const agent of await services.agents.listAgents()) {
        process.stdout.write(`${agent.id}  ${agent.handle}  created ${toWireTime(agent.createdAt)}\n`);
      }
    }),
  );
agents
  .command('create <handle>')
  .description('create an AI Agent (lowercase letters, digits and hyphens)')
  .action((handle: string) =>
    admin('agents create', async (services) => {
      const { agent, created } = await services.agents.ensureAgent(handle);
      process.stdout.write(`${created ? 'created' : 'exists'}: ${agent.id}  ${agent.handle}\n`);
    }),
  );

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create an API key; the key alone is the last line of output and is shown only once')
  .requiredOption('--agent <handle>', 'the AI Agent the key belongs to (created if missing)')
  .option('--name <name>', 'a label for the key')
  .action((options: { agent: string; name?: string }) =>
    admin('keys create', async (services) => {
      const created = await services.agents.createKey(options.agent, options.name ?? null);
      if (created.agentCreated)
        process.stdout.write(`created AI Agent ${created.agent.handle} (${created.agent.id})\n`);
      process.stdout.write(`created key ${created.key.id} (${created.key.prefix}...) for ${created.agent.handle}\n`);
      process.stdout.write(`${created.secret}\n`);
    }),
  );
keys
  .command('list')
  .description('list the keys of an AI Agent (prefixes only)')
  .requiredOption('--agent <handle>', 'the AI Agent')
  .action((options: { agent: string }) =>
    admin('keys list', async (services) => {
      for (const key of await services.agents.listKeys(options.agent)) {
        const state = key.revokedAt === null ? 'active' : `revoked ${toWireTime(key.revokedAt)}`;
        process.stdout.write(
          `${key.id}  ${key.prefix}...  ${key.name ?? '-'}  created ${toWireTime(key.createdAt)}  ${state}\n`,
        );
      }
    }),
  );
keys
  .command('revoke <key-id>')
  .description('revoke an API key (takes effect within one second)')
  .action((keyId: string) =>
    admin('keys revoke', async (services) => {
      await services.agents.revokeKey(keyId);
      process.stdout.write(`revoked ${keyId}\n`);
    }),
  );

const admins = program.command('admin').description('manage the operators who may sign in to the console');
admins
  .command('create <name>')
  .description('create an admin and print their sign-in token (shown once, stored only as a hash)')
  .action((name: string) =>
    admin('admin create', async ({ console: service }) => {
      const { token } = await service.createAdmin(name);
      process.stderr.write(`roster: created admin "${name}"; keep this token, it is not shown again\n`);
      process.stdout.write(`${token}\n`);
    }),
  );
admins
  .command('list')
  .description('list the admins')
  .action(() =>
    admin('admin list', async ({ console: service }) => {
      for (const a of await service.listAdmins()) {
        const state = a.revokedAt === null ? 'active' : `revoked ${toWireTime(a.revokedAt)}`;
        process.stdout.write(`${a.name}  created ${toWireTime(a.createdAt)}  ${state}\n`);
      }
    }),
  );
admins
  .command('revoke <name>')
  .description("revoke an admin's token and end their console sessions")
  .action((name: string) =>
    admin('admin revoke', async ({ console: service }) => {
      await service.revokeAdmin(name);
      process.stdout.write(`revoked ${name}\n`);
    }),
  );

const jobs = program.command('jobs').description('inspect and manage background jobs');
jobs
  .command('list')
  .description('list jobs, oldest first, after a count per kind and state')
  .option('--kind <kind>', 'only jobs of this kind')
  .option('--state <state>', 'only jobs in this state: queued, running, paused or dead')
  .option('--limit <n>', 'at most this many jobs (default 50)', '50')
  .action((options: { kind?: string; state?: string; limit: string }) =>
    admin('jobs list', async ({ jobs: store, erasures }) => {
      const states = ['queued', 'running', 'paused', 'dead'] as const;
      const state = states.find((s) => s === options.state);
      if (options.state !== undefined && state === undefined) {
        fail(`--state must be one of ${states.join(', ')}, not "${options.state}"`);
      }
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        fail('--limit must be a whole number from 1 to 10000');
      const now = systemClock.now();
      // An erasure's progress: its deletion job's status and the end users erased so far.
      const progress = async (job: { kind: string; payload: string }) => {
        if (job.kind !== ERASURE_KIND) return '';
        const { job_id: id } = JSON.parse(job.payload) as { job_id: string };
        const erasure = await erasures.findJobById(id);
        if (!erasure) return '';
        const matched = erasure.status === 'queued' ? 'not yet matched' : `of ${erasure.matchedCount}`;
        return `  erasure ${id} ${erasure.status}: ${erasure.erasedCount} end users erased ${matched}`;
      };
      for (const c of await store.counts(now)) {
        process.stdout.write(
          `${c.kind}: ${c.queued} queued, ${c.running} running, ${c.paused} paused, ${c.dead} dead\n`,
        );
      }
      for (const job of await store.list({ kind: options.kind, state, limit }, now)) {
        const running = job.state === 'queued' && job.lease_until !== null && Number(job.lease_until) > now;
        const error = job.last_error === null ? '' : `  last error: ${job.last_error.slice(0, 200)}`;
        process.stdout.write(
          `${job.id}  ${job.kind}  ${running ? 'running' : job.state}  attempts ${job.attempts}  due ${toWireTime(Number(job.run_at))}${await progress(job)}${error}\n`,
        );
      }
    }),
  );
jobs
  .command('retry <job-id>')
  .description('queue a dead or paused job again, due now, from its first attempt')
  .action((id: string) =>
    admin('jobs retry', async ({ jobs: store }) => {
      if (!(await store.retry(id, systemClock.now()))) fail(`no dead or paused job with id "${id}"`);
      process.stdout.write(`queued ${id}\n`);
    }),
  );
jobs
  .command('cancel <job-id>')
  .description('remove a job that is not running now')
  .action((id: string) =>
    admin('jobs cancel', async ({ jobs: store }) => {
      if (!(await store.cancel(id, systemClock.now()))) fail(`no job with id "${id}" that is not running now`);
      process.stdout.write(`cancelled ${id}\n`);
    }),
  );

const integrations = program
  .command('integrations')
  .description('review platform integrations (standing in for a publication review)');
integrations
  .command('approve <integration-id>')
  .description(
    'approve an integration in development: any AI Agent may then install it, and it can no longer be changed',
  )
  .action((id: string) =>
    admin('integrations approve', async (services) => {
      await services.setIntegrationStatus(id, 'approved');
      process.stdout.write(`approved ${id}\n`);
    }),
  );
integrations
  .command('archive <integration-id>')
  .description('archive an integration: it can no longer be installed, and its access tokens stop working')
  .action((id: string) =>
    admin('integrations archive', async (services) => {
      await services.setIntegrationStatus(id, 'archived');
      process.stdout.write(`archived ${id}\n`);
    }),
  );

// `roster` alone runs the server. Made explicit here rather than with commander's isDefault,
// which would hand any unknown command to serve ("too many arguments for 'serve'") instead of
// reporting it as unknown.
const args = process.argv.slice(2);
program.parseAsync(args.length === 0 ? ['serve'] : args, { from: 'user' }).catch((error: unknown) => {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  fail(error instanceof Error ? error.message : String(error));
});
