// `roster serve`: migrate, make sure there is a key to use, listen, run background jobs (unless
// ROSTER_WORKER=off), and shut down gracefully on SIGTERM/SIGINT (stop accepting, finish requests
// and jobs in flight, close the database).
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp, REDACT_PATHS } from './app.js';
import type { Config } from './config.js';
import { createContainer, type Container } from './container.js';

export const DEFAULT_AGENT = 'default';

/** Makes sure a newcomer has a key: ROSTER_API_KEY if given, otherwise one made on first start. */
export async function bootstrapKeys(container: Container, print: (text: string) => void): Promise<void> {
  const { config } = container;
  const agents = container.modules.agents.service;
  if (config.bootstrapApiKey) {
    await agents.ensureKey(DEFAULT_AGENT, config.bootstrapApiKey, 'ROSTER_API_KEY');
    return;
  }
  if ((await agents.countAgents()) > 0) return;
  const created = await agents.createKey(DEFAULT_AGENT, 'first start');
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
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
      `        -d '{"external_id":"crm-123","profile":{"first_name":"Maria","language":"pt-BR"}}'`,
      '',
      '  More keys: npx roster keys create --agent default',
      '',
    ].join('\n'),
  );
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
  const log = pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  const container = await createContainer(config, { log, runnerConnections: config.worker });
  await bootstrapKeys(container, print);
  const app = await buildApp(container, { loggerInstance: log });

  const url = await app.listen({ port: config.port, host: config.host });
  if (config.worker) await container.jobs.start();
  app.log.info(
    { database: container.db.describe(), url, responder: config.responder.kind, jobs: config.worker ? 'on' : 'off' },
    'roster is listening',
  );

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
