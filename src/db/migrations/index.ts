// The platform's migrations: the tables the first modules were created with (before modules
// brought their own migrations), and the jobs table. Imported statically so the same list runs
// from dist/ and tests.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_webhooks.js';
import * as m0003 from './0003_conversations.js';
import * as m0004 from './0004_jobs.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_webhooks': m0002,
  '0003_conversations': m0003,
  '0004_jobs': m0004,
};
