// The integrations module's background work: an hourly sweep of expired authorization codes and
// tokens. A refresh token is kept until its own expiry even once used, so a replay within its
// life is still recognised (and revokes its family).
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../platform/manifest.js';
import type { IntegrationsStore } from './integrations.store.js';

export const OAUTH_SWEEP_KIND = 'integrations.oauth_sweep';
const HOUR_MS = 3_600_000;

export function integrationsJobs(deps: { store: IntegrationsStore; clock: Clock; log: Logger }): JobDefinition[] {
  return [
    {
      kind: OAUTH_SWEEP_KIND,
      concurrency: 1,
      leaseMs: 30_000,
      every: HOUR_MS,
      backoff: () => 60_000,
      async run(_job, ctx) {
        const deleted = await deps.store.deleteExpired(deps.clock.now(), ctx.ex);
        if (deleted > 0) deps.log.info({ oauth_rows_deleted: deleted }, 'expired OAuth codes and tokens deleted');
      },
    },
  ];
}
