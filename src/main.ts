#!/usr/bin/env node
// The roster command: serve | worker | migrate | agents | keys.
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createContainer } from './container.js';
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
  .description('run only the webhook delivery worker (no HTTP server); any number may run on one PostgreSQL database')
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
      const results = await migrateToLatest(db);
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
    admin(async ({ services }) => {
      for (const agent of await services.agents.listAgents()) {
        process.stdout.write(`${agent.id}  ${agent.handle}  created ${toWireTime(agent.createdAt)}\n`);
      }
    }),
  );
agents
  .command('create <handle>')
  .description('create an AI Agent (lowercase letters, digits and hyphens)')
  .action((handle: string) =>
    admin(async ({ services }) => {
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
    admin(async ({ services }) => {
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
    admin(async ({ services }) => {
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
    admin(async ({ services }) => {
      await services.agents.revokeKey(keyId);
      process.stdout.write(`revoked ${keyId}\n`);
    }),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
