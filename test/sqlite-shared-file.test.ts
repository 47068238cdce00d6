// Another process writing to the same database at the same time (a `roster worker` beside
// `roster serve`, or an operator's script) must not make requests fail. On SQLite a transaction
// that reads before it writes cannot upgrade a stale snapshot, so Roster begins its transactions
// with BEGIN IMMEDIATE; on PostgreSQL row locks already cover it. A writer thread with its own
// connection inserts rows without pause while PATCH, conversation and message requests run.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { newUser } from './helpers/end-users.js';
import { endUserText, newChannel, newConversation, postMessage } from './helpers/conversations.js';

const WRITER = `
const { workerData, parentPort } = require('node:worker_threads');
async function main() {
  const until = Date.now() + workerData.ms;
  let n = 0;
  if (workerData.engine === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(workerData.location);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('insert into scratch (v) values (?)');
    while (Date.now() < until) { insert.run(n++); if (n % 50 === 0) await new Promise((r) => setImmediate(r)); }
    db.close();
  } else {
    const { Client } = require('pg');
    const client = new Client({ connectionString: workerData.location });
    await client.connect();
    while (Date.now() < until) await client.query('insert into scratch (v) values ($1)', [n++]);
    await client.end();
  }
  parentPort.postMessage(n);
}
main().catch((error) => { parentPort.postMessage('error: ' + error.message); });
`;

describe.each(ENGINES)('requests while another process writes to the database (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(engine);
    await ctx.container.db.kysely.schema.createTable('scratch').addColumn('v', 'integer').execute();
  });
  afterAll(async () => ctx?.close());

  it('answers every request', async () => {
    const user = await newUser(ctx);
    const channel = await newChannel(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id, end_user_id: user.end_user_id });
    const writer = new Worker(WRITER, {
      eval: true,
      workerData: { engine, location: ctx.database.location, ms: 3_000 },
    });
    const written = new Promise((resolve, reject) => {
      writer.once('message', resolve);
      writer.once('error', reject);
    });
    const statuses: number[] = [];
    const started = Date.now();
    let i = 0;
    while (Date.now() - started < 2_500) {
      const batch = await Promise.all([
        ctx.request('PATCH', `/api/v2/end-users/${user.end_user_id}`, { body: { profile: { metadata: { n: i++ } } } }),
        postMessage(ctx, conversation.id, endUserText(user.end_user_id, `m${i}`)),
        ctx.request('PATCH', `/api/v2/conversations/${conversation.id}/`, { body: { metadata: { n: i } } }),
      ]);
      statuses.push(...batch.map((r) => r.status));
    }
    const rows = await written;
    expect(typeof rows, String(rows)).toBe('number');
    expect(rows as number).toBeGreaterThan(100);
    const failed = statuses.filter((s) => s !== 200 && s !== 201);
    expect(failed, `${failed.length} of ${statuses.length} requests failed while ${rows} rows were written`).toEqual(
      [],
    );
    expect(statuses.length).toBeGreaterThan(30);
  });
});
