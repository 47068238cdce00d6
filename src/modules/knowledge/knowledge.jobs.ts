// The knowledge module's background work: deleting a source with its articles, in batches, and
// recording a source's sync. Both are written to be run twice: a deletion deletes what is still
// there, a sync records its end again. After large article imports, the search's index is readied
// (planner statistics on PostgreSQL, merged index segments on SQLite; run twice, it costs time,
// nothing else).
import type { JobDefinition } from '../../jobs/jobs.runner.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../platform/manifest.js';
import type { ArticlesStore } from './articles.store.js';
import type { KnowledgeStore } from './knowledge.store.js';
import { ARTICLE_STATISTICS_KIND } from './articles.service.js';
import { SOURCE_DELETE_KIND, SOURCE_SYNC_KIND, type SourcePayload } from './sources.service.js';

/** Articles deleted per statement: each batch is short, so API writes interleave. */
const DELETE_BATCH = 500;
/** Waits before the tries after a failed deletion; after the last, the source is delete_failed. */
const DELETE_RETRIES_MS = [1_000, 10_000, 60_000, 300_000];

export interface KnowledgeJobDeps {
  store: KnowledgeStore;
  articles: ArticlesStore;
  clock: Clock;
  log: Logger;
}

export function knowledgeJobs(deps: KnowledgeJobDeps): JobDefinition[] {
  const { store, articles, clock, log } = deps;

  const deleteSource: JobDefinition<SourcePayload> = {
    kind: SOURCE_DELETE_KIND,
    concurrency: 2,
    leaseMs: 60_000,
    backoff: (attempt) => DELETE_RETRIES_MS[attempt - 1] ?? null,
    async run(job, ctx) {
      const agentId = job.agentId as string;
      const sourceId = job.payload.source_id;
      const source = await store.source(agentId, sourceId, ctx.ex);
      if (!source || source.status !== 'deleting') return;
      try {
        while ((await articles.deleteBatchOfSource(agentId, sourceId, DELETE_BATCH, ctx.ex)) > 0) {
          if (ctx.signal.aborted || !(await ctx.heartbeat())) return;
        }
      } catch (error) {
        const message = (error as Error).message;
        log.warn({ agent_id: agentId, source_id: sourceId, error: message }, 'deleting a knowledge source failed');
        await ctx.fail(message, async (unit, failure) => {
          if (failure.outcome !== 'dead') return;
          const current = await store.source(agentId, sourceId, unit.ex);
          if (current?.status === 'deleting')
            await store.updateSource({ ...current, status: 'delete_failed', updatedAt: clock.now() }, unit.ex);
        });
        return;
      }
      await ctx.succeed(async (unit) => {
        await store.deleteSource(agentId, sourceId, unit.ex);
      });
    },
  };

  const syncSource: JobDefinition<SourcePayload> = {
    kind: SOURCE_SYNC_KIND,
    concurrency: 2,
    leaseMs: 30_000,
    backoff: (attempt) => (attempt < 3 ? attempt * 5_000 : null),
    async run(job, ctx) {
      const agentId = job.agentId as string;
      const sourceId = job.payload.source_id;
      // Roster fetches from no website: the sync is its record in last_sync.
      await ctx.succeed(async (unit) => {
        const source = await store.source(agentId, sourceId, unit.ex);
        if (!source || !source.syncing) return;
        const now = clock.now();
        await store.updateSource(
          { ...source, syncing: false, ...(source.status === null ? { lastSync: now, updatedAt: now } : {}) },
          unit.ex,
        );
      });
    },
  };

  const optimizeSearch: JobDefinition = {
    kind: ARTICLE_STATISTICS_KIND,
    concurrency: 1,
    leaseMs: 120_000,
    backoff: (attempt) => (attempt < 3 ? attempt * 10_000 : null),
    async run() {
      await articles.optimizeSearch();
    },
  };

  return [deleteSource, syncSource, optimizeSearch];
}
