#!/usr/bin/env node
// The roster command: serve | worker | migrate | agents | keys.
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { allMigrations, createContainer } from './container.js';
import { migrateToLatest } from './db/migrate.js';
import { createDb } from './db/dialect.js';
import { AgentAdminError } from './modules/agents/agents.service.js';
import { toWireTime } from './lib/time.js';

function fail(message: string): never {
  process.stderr.write(`roster: ${message}\n`);
  process.exit(1);
}

function config(): Readonly<Config> {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
}

/** Runs an admin action against the configured database and closes it afterwards. */
async function admin<T>(action: (c: Awaited<ReturnType<typeof createContainer>>) => Promise<T>): Promise<T> {
  const container = await createContainer(config(), { redis: false });
  try {
    return await action(container);
  } catch (error) {
    if (error instanceof AgentAdminError) fail(error.message);
    throw error;
  } finally {
    await container.close();
  }
}

const program = new Command()
  .name('roster')
  .description("Roster: a self-hostable server speaking Ada's End Users API v2.")
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('run the HTTP server (migrates the database first)')
  .action(async () => {
    // Loaded only here, so the admin commands start without the HTTP stack.
    const { serve } = await import('./server.js');
    await serve(config());
  });

program
  .command('worker')
  .description(
    "run only the background jobs (webhook deliveries, sweeps, the AI Agent's replies), no HTTP server; any number may run on one database",
  )
  .action(async () => {
    const { runWorker } = await import('./worker.js');
    await runWorker(config());
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const db = createDb(config());
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
    admin(async ({ modules }) => {
      for (const agent of await modules.agents.service.listAgents()) {
        process.stdout.write(`${agent.id}  ${agent.handle}  created ${toWireTime(agent.createdAt)}\n`);
      }
    }),
  );
agents
  .command('create <handle>')
  .description('create an AI Agent (lowercase letters, digits and hyphens)')
  .action((handle: string) =>
    admin(async ({ modules }) => {
      const { agent, created } = await modules.agents.service.ensureAgent(handle);
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
    admin(async ({ modules }) => {
      const created = await modules.agents.service.createKey(options.agent, options.name ?? null);
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
    admin(async ({ modules }) => {
      for (const key of await modules.agents.service.listKeys(options.agent)) {
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
    admin(async ({ modules }) => {
      await modules.agents.service.revokeKey(keyId);
      process.stdout.write(`revoked ${keyId}\n`);
    }),
  );

const jobs = program.command('jobs').description('inspect and manage background jobs');
jobs
  .command('list')
  .description('list jobs, oldest first, with a count per kind and state first')
  .option('--kind <kind>', 'only jobs of this kind')
  .option('--state <state>', 'only jobs in this state: queued, running, paused or dead')
  .option('--limit <n>', 'at most this many jobs (default 50)', '50')
  .action((options: { kind?: string; state?: string; limit: string }) =>
    admin(async ({ jobs: { store }, clock }) => {
      const states = ['queued', 'running', 'paused', 'dead'] as const;
      const state = states.find((s) => s === options.state);
      if (options.state !== undefined && state === undefined) {
        fail(`--state must be one of ${states.join(', ')}, not "${options.state}"`);
      }
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        fail('--limit must be a whole number from 1 to 10000');
      const now = clock.now();
      for (const c of await store.counts(now)) {
        process.stdout.write(
          `${c.kind}: ${c.queued} queued, ${c.running} running, ${c.paused} paused, ${c.dead} dead\n`,
        );
      }
      for (const job of await store.list({ kind: options.kind, state, limit }, now)) {
        const running = job.state === 'queued' && job.lease_until !== null && Number(job.lease_until) > now;
        const shown = running ? 'running' : job.state;
        const error = job.last_error === null ? '' : `  last error: ${job.last_error.slice(0, 200)}`;
        process.stdout.write(
          `${job.id}  ${job.kind}  ${shown}  attempts ${job.attempts}  due ${toWireTime(Number(job.run_at))}${error}\n`,
        );
      }
    }),
  );
jobs
  .command('retry <job-id>')
  .description('queue a dead or paused job again, due now, from its first attempt')
  .action((id: string) =>
    admin(async ({ jobs: { store }, clock }) => {
      if (!(await store.retry(id, clock.now()))) fail(`no dead or paused job with id "${id}"`);
      process.stdout.write(`queued ${id}\n`);
    }),
  );
jobs
  .command('cancel <job-id>')
  .description('remove a job that is not running now')
  .action((id: string) =>
    admin(async ({ jobs: { store }, clock }) => {
      if (!(await store.cancel(id, clock.now()))) fail(`no job with id "${id}" that is not running now`);
      process.stdout.write(`cancelled ${id}\n`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
