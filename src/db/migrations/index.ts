// The ordered list of migrations. Imported statically so the same list runs from dist/ and tests.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_webhooks.js';
import * as m0003 from './0003_conversations.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_webhooks': m0002,
  '0003_conversations': m0003,
};
