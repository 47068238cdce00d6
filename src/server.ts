// `roster serve`: migrate, make sure there is a key to use, listen, run background jobs (unless
// ROSTER_WORKER=off), and shut down gracefully on SIGTERM/SIGINT (stop accepting, finish requests
// and jobs in flight, close the database).
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, REDACT_PATHS } from './app.js';
import type { Config } from './config.js';
import { createContainer, type Container } from './container.js';
import { CONTROL_PREFIX, emulatorControls } from './emulator/emulator.js';
import { parseFixture } from './emulator/seed.js';
import { createProcessLogger } from './ops/logger.js';

export const DEFAULT_AGENT = 'default';

/**
 * The end user the first-start banner's curl creates. Not the README's first example (crm-123),
 * so that a newcomer who runs both sees that example answer 201 as the README shows.
 */
export const BANNER_EXTERNAL_ID = 'hello-roster';

/** Makes ROSTER_API_KEY, when set, a key of the agent "default". Runs before listening, so it works from the first request. */
export async function bootstrapConfiguredKey(container: Container): Promise<void> {
  const { config } = container;
  if (config.bootstrapApiKey) {
    await container.modules.agents.service.ensureKey(DEFAULT_AGENT, config.bootstrapApiKey, 'ROSTER_API_KEY');
  }
}

/**
 * Without ROSTER_API_KEY, gives a newcomer a key on the first start and prints it with an example.
 * Runs once the server listens: `base` is its URL, and a server that could not start shows no key
 * (a later start would not show it again).
 */
export async function bootstrapFirstKey(
  container: Container,
  print: (text: string) => void,
  base: string,
): Promise<void> {
  const { config } = container;
  const agents = container.modules.agents.service;
  if (config.bootstrapApiKey || (await agents.countAgents()) > 0) return;
  const created = await agents.createKey(DEFAULT_AGENT, 'first start');
  print(
    [
      '',
      '  Roster created the AI Agent "default" and an API key for it.',
      '  This is the only time the key is shown; keep it somewhere safe:',
      '',
      `      ${created.secret}`,
      '',
      '  Try it:',
      '',
      `      curl -s -X POST ${base}/api/v2/end-users/ \\`,
      `        -H "Authorization: Bearer ${created.secret}" \\`,
      `        -H "Content-Type: application/json" \\`,
      `        -d '{"external_id":"${BANNER_EXTERNAL_ID}","profile":{"first_name":"Ada","language":"en"}}'`,
      '',
      `  API docs, with "Try it out": ${base}/docs`,
      '  More keys: npx roster keys create --agent default',
      '',
    ].join('\n'),
  );
}

/** A listen failure explained in terms of the settings that cause it. */
export function listenError(error: unknown, config: Pick<Config, 'port' | 'host'>): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${config.port} on ${config.host}`;
  if (code === 'EADDRINUSE')
    return new Error(
      `PORT ${config.port} is in use (EADDRINUSE): another program, perhaps another Roster, listens on ${where}. ` +
        'Stop it, or choose another port: PORT=9000 npm start, or roster serve --port 9000.',
    );
  if (code === 'EACCES')
    return new Error(
      `PORT ${config.port} needs privileges this process lacks (${where}); choose a port above 1023: PORT=9000 npm start.`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new Error(`HOST ${config.host} is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for all.`);
  return error instanceof Error ? error : new Error(String(error));
}

export interface RunningServer {
  app: FastifyInstance;
  container: Container;
  url: string;
  shutdown(reason?: string): Promise<void>;
}

export async function startServer(
  config: Readonly<Config>,
  print: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
): Promise<RunningServer> {
  const { log, flush } = createProcessLogger(config, REDACT_PATHS);
  const container = await createContainer(config, { log, runnerConnections: config.worker });
  await bootstrapConfiguredKey(container);
  const app = await buildApp(container, { loggerInstance: log });
  // Listen before anything is printed: with the port taken, the first-start banner would hand
  // out a key and a curl command that reach the other program.
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await container.close();
    throw listenError(error, config);
  }
  await bootstrapFirstKey(container, print, url);
  if (container.emulator) {
    // The token is shown only when Roster made it; one given in ROSTER_EMULATOR_TOKEN is known.
    print(
      `roster: emulator mode: control API at ${url}${CONTROL_PREFIX}/` +
        (config.emulator.token ? '' : `, token ${container.emulator.token}`),
    );
    if (config.emulator.seedFile) {
      const loaded = await emulatorControls(container, app).seed(
        parseFixture(fs.readFileSync(config.emulator.seedFile, 'utf8')),
      );
      print(`roster: loaded ${config.emulator.seedFile}: ${JSON.stringify(loaded)}`);
    }
  }
  if (config.worker) await container.jobs.start();
  app.log.info(
    { database: container.db.describe(), url, responder: config.responder.kind, jobs: config.worker ? 'on' : 'off' },
    'roster is listening',
  );
  await flush();

  let closing: Promise<void> | null = null;
  const shutdown = (reason = 'shutdown') => {
    closing ??= (async () => {
      app.log.info({ reason }, 'shutting down: no new connections, finishing requests and jobs in flight');
      const force = setTimeout(() => {
        app.log.warn('shutdown timeout reached; closing remaining connections');
        app.server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      force.unref();
      await app.close();
      // Jobs in flight (replies being prepared, deliveries being sent) finish or are handed back.
      await container.jobs.stop(config.shutdownTimeoutMs);
      await container.close();
      clearTimeout(force);
      app.log.info({ reason }, 'roster stopped');
      await flush();
    })();
    return closing;
  };
  return { app, container, url, shutdown };
}

export async function serve(config: Readonly<Config>): Promise<void> {
  const server = await startServer(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.shutdown(signal).then(
        () => process.exit(0),
        (error) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
