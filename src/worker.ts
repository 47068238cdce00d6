// `roster worker`: the jobs runner alone, with no HTTP server. Any number may run beside any
// number of `roster serve` (started with ROSTER_WORKER=off or not) on one database.
import { createProcessLogger } from './ops/logger.js';
import { REDACT_PATHS } from './app.js';
import type { Config } from './config.js';
import { createContainer } from './container.js';

export async function runWorker(config: Readonly<Config>): Promise<void> {
  const { log, flush } = createProcessLogger(config, REDACT_PATHS, { asynchronous: false });
  const container = await createContainer(config, { redis: false, log, runnerConnections: true });
  log.info(
    { database: container.db.describe(), kinds: container.jobs.runner.definitions().map((d) => d.kind) },
    'roster worker is running',
  );
  await container.jobs.start();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ reason: signal }, 'worker shutting down');
      container.jobs
        .stop(config.shutdownTimeoutMs)
        .then(() => container.close())
        .then(
          () => {
            log.info({ reason: signal }, 'roster worker stopped');
            return flush().then(() => process.exit(0));
          },
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}
