// @ts-check
// Erasure mode (`--erasure`): how long a deletion job takes to erase 1,000 end users, each with 5
// conversations of 20 messages, and what it does to a steady `get` load meanwhile. The fixtures
// are written straight into the database through Roster's own container (100,000 messages through
// the API would take longer than the job); a `get` load of 200 requests a second from 10 clients
// on other end users runs once alone, then again while the job runs, until it completes.
import { api, fire, percentile, probe } from '../drive.mjs';
import { openContainer, prepareEngine } from '../engines.mjs';
import { startRoster } from '../processes.mjs';
import { log, machine, table, writeResults } from '../report.mjs';
/** @import { Dist, EngineName, OnCleanup } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */

export const USERS = 1_000;
export const CONVERSATIONS = 5;
export const MESSAGES = 20;
const READERS = 200;
const CLIENTS = 10;
const RATE = 200;

/**
 * Writes the fixtures; the ids of the end users the load reads.
 * @param {Dist} dist
 * @param {import('../engines.mjs').Engine} engine
 * @returns {Promise<string[]>}
 */
async function loadFixtures(dist, engine) {
  const { container, kysely, agentId } = await openContainer(dist, engine);
  try {
    const now = Date.now();
    const id = () => dist.newId(now);
    /** @param {import('../../../src/db/executor.js').Executor} ex @param {{ compile(): { sql: string, parameters: readonly unknown[] } }} query */
    const run = (ex, query) => ex.execute(query.compile());
    const channelId = id();
    /** @param {string} cohort */
    const user = (cohort) => ({
      id: id(),
      agent_id: agentId,
      external_id: null,
      external_id_lower: null,
      first_name: 'Bench',
      last_name: null,
      display_name: null,
      avatar: null,
      email: null,
      language: null,
      metadata: JSON.stringify({ cohort }),
      created_at: now,
      updated_at: now,
      attached_at: now,
    });
    const readers = Array.from({ length: READERS }, () => user('kept'));
    await container.db.transaction(async (ex) => {
      await run(
        ex,
        kysely.insertInto('channels').values({
          id: channelId,
          agent_id: agentId,
          type: 'custom',
          name: 'Bench',
          description: '',
          modality: 'messaging',
          markdown: 0,
          metadata: null,
          created_at: now,
        }),
      );
      await run(ex, kysely.insertInto('end_users').values(readers));
    });
    for (let first = 0; first < USERS; first += 100) {
      const users = Array.from({ length: 100 }, () => user('erased'));
      const conversations = users.flatMap((u) =>
        Array.from({ length: CONVERSATIONS }, () => ({
          id: id(),
          agent_id: agentId,
          channel_id: channelId,
          end_user_id: u.id,
          status: /** @type {const} */ ('active'),
          metadata: '{}',
          ended_by_role: null,
          ended_by_id: null,
          created_at: now,
          updated_at: now,
        })),
      );
      const messages = conversations.flatMap((c) =>
        Array.from({ length: MESSAGES }, () => ({
          id: id(),
          agent_id: agentId,
          conversation_id: c.id,
          author_role: /** @type {const} */ ('end_user'),
          author_id: c.end_user_id,
          author_display_name: null,
          author_avatar: null,
          content: JSON.stringify({ type: 'text', body: 'Where is my order?' }),
          created_at: now,
        })),
      );
      await container.db.transaction(async (ex) => {
        await run(ex, kysely.insertInto('end_users').values(users));
        await run(ex, kysely.insertInto('conversations').values(conversations));
        for (let i = 0; i < messages.length; i += 500) {
          await run(ex, kysely.insertInto('messages').values(messages.slice(i, i + 500)));
        }
      });
    }
    return readers.map((r) => r.id);
  } finally {
    await container.close();
  }
}

/**
 * A steady get load until `until` settles or `seconds` pass; its latencies.
 * @param {string} url
 * @param {string} apiKey
 * @param {string[]} ids
 * @param {number} seconds
 * @param {Promise<unknown>} [until]
 */
async function getLoad(url, apiKey, ids, seconds, until) {
  let next = 0;
  const make = () => ({ method: /** @type {const} */ ('GET'), path: `/api/v2/end-users/${ids[next++ % ids.length]}` });
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  await fire({
    url,
    apiKey,
    make,
    connections: CLIENTS,
    seconds,
    rate: RATE,
    until,
    onResponse: (status, ms) => {
      latencies.push(ms);
      if (status !== 200) errors++;
    },
  });
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), errors };
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 */
async function runEngine(options, dist, name, onCleanup) {
  const engine = await prepareEngine(name);
  onCleanup(engine.cleanup);
  log(
    `${name}: writing ${USERS} end users with ${USERS * CONVERSATIONS} conversations and ${USERS * CONVERSATIONS * MESSAGES} messages`,
  );
  const readers = await loadFixtures(dist, engine);
  const server = await startRoster(engine.env);
  try {
    await probe(server.url, engine.apiKey, () => ({ method: 'GET', path: `/api/v2/end-users/${readers[0]}` }));
    const alone = await getLoad(server.url, engine.apiKey, readers, options.durationSec);
    log(`  ${name} get alone: p99 ${alone.p99?.toFixed(2)} ms`);
    const started = performance.now();
    const submitted = /** @type {{ job_id: string }} */ (
      await api(server.url, engine.apiKey, 'POST', '/api/v2/end-users/delete', {
        identifiers: [{ type: 'variable_match', variable: 'cohort', value: 'erased' }],
      })
    );
    /** @type {Promise<{ status: string, identifiers: Array<{ matched_chatters: number }> }>} */
    const done = (async () => {
      for (;;) {
        const job = /** @type {{ status: string, identifiers: Array<{ matched_chatters: number }> }} */ (
          await api(server.url, engine.apiKey, 'GET', `/api/v2/jobs/${submitted.job_id}`)
        );
        if (!['queued', 'in_progress'].includes(job.status)) return job;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const during = await getLoad(server.url, engine.apiKey, readers, 300, done);
    const job = await done;
    const seconds = (performance.now() - started) / 1000;
    if (job.status !== 'completed' || job.identifiers[0]?.matched_chatters !== USERS)
      throw new Error(`the job ended ${job.status}: ${JSON.stringify(job).slice(0, 300)}`);
    log(`  ${name} erasure: ${seconds.toFixed(2)} s; get meanwhile: p99 ${during.p99?.toFixed(2)} ms`);
    return { erasureSeconds: seconds, alone, during };
  } finally {
    await server.stop();
  }
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runErasure(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --erasure: ${USERS} end users x ${CONVERSATIONS} conversations x ${MESSAGES} messages; get load ${RATE}/s from ${CLIENTS} clients`,
  );
  /** @type {Record<string, Awaited<ReturnType<typeof runEngine>>>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await runEngine(options, dist, name, onCleanup);
  const rows = Object.entries(engines).map(([name, r]) => [
    name,
    r.erasureSeconds.toFixed(2),
    r.alone.p99?.toFixed(2),
    r.during.p99?.toFixed(2),
    r.alone.p99 && r.during.p99 ? (r.during.p99 / r.alone.p99).toFixed(2) : '-',
    String(r.alone.errors + r.during.errors),
  ]);
  process.stdout.write(
    `\n${table(['engine', 'erasure s', 'get p99 alone ms', 'get p99 during ms', 'ratio', 'errors'], rows)}\n`,
  );
  const doc = {
    kind: 'roster-bench-erasure',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: {
      users: USERS,
      conversations: CONVERSATIONS,
      messages: MESSAGES,
      clients: CLIENTS,
      rate: RATE,
      seconds: options.durationSec,
    },
    engines,
  };
  const files = writeResults(doc, { save: options.save, suffix: '-erasure' });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => e.alone.errors + e.during.errors > 0)) process.exitCode = 2;
}
