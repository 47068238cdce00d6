// Prometheus metrics of the jobs runner, per kind: how many jobs are queued, running, paused and
// dead (read from the jobs table at scrape time, so they cover every runner sharing the
// database), how many ran in this process and how each ended, and how long they took.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../lib/clock.js';
import type { JobsStore } from './jobs.store.js';

export function registerJobMetrics(registry: Registry, store: JobsStore, clock: Clock) {
  new Gauge({
    name: 'roster_jobs',
    help: 'Jobs in the jobs table by kind and state (running: queued under a live lease).',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const counts of await store.counts(clock.now())) {
        for (const state of ['queued', 'running', 'paused', 'dead'] as const) {
          this.set({ kind: counts.kind, state }, counts[state]);
        }
      }
    },
  });
  const settled = new Counter({
    name: 'roster_jobs_settled_total',
    help: 'Job runs in this process by kind and outcome (done, retry, dead, paused, lease-lost).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'roster_job_duration_seconds',
    help: 'Time from claiming a job to settling it, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  });
  return {
    settled(kind: string, outcome: string, seconds: number): void {
      settled.inc({ kind, outcome });
      duration.observe({ kind, outcome }, seconds);
    },
  };
}
