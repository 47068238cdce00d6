// Runs once per `vitest run`, in vitest's own process, before any test file: picks the PostgreSQL
// and the Redis of the run (starting them when needed and possible), prints one line about each,
// and hands them to every test file (harness.ts reads them with inject). The time spent here counts
// against no test's timeout. Stops what it started when the run ends.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { choosePostgres } from './helpers/postgres-server.js';
import { chooseRedis } from './helpers/redis-server.js';
import { enginesUnderTest } from './helpers/test-env.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The unit tests need neither server.
  if (!project.vitest.projects.some((p) => p.name !== 'unit')) return async () => undefined;

  const postgres = enginesUnderTest().includes('postgres')
    ? await choosePostgres(process.env)
    : {
        url: null,
        missing: 'ROSTER_TEST_ENGINES leaves PostgreSQL out',
        line: `PostgreSQL: not used (ROSTER_TEST_ENGINES=${process.env.ROSTER_TEST_ENGINES})`,
        stop: async () => undefined,
      };
  console.log(postgres.line);
  project.provide('rosterTestPostgres', { url: postgres.url, missing: postgres.missing });

  // The admin console's bundle (dist/console), which the console suites serve; built once here so
  // parallel suites never write it at the same time.
  execFileSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'inherit' });

  const redis = await chooseRedis(process.env);
  console.log(redis.line);
  project.provide('rosterTestRedis', { url: redis.url, missing: redis.missing });

  return async () => {
    await Promise.allSettled([redis.stop(), postgres.stop()]);
  };
}
