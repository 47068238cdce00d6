// Conversations mode (`--conversations`): what the Conversations API costs next to the End Users
// API in the same run, on each engine. A channel and a pool of conversations are made over HTTP,
// then each scenario runs under the usual load: end-user create (the reference), conversation
// create (which also creates and attaches an end user), message post, message log page and
// conversation get. Then message posts again with the script responder on, which adds an AI
// Agent reply (and its event) after every message; the run waits until every reply is stored.
import { api, fire, loadSettings, measure, probe } from './drive.mjs';
import { prepareEngine, openContainer } from './engines.mjs';
import { createBody } from './fixtures.mjs';
import { startRoster } from './processes.mjs';
import { machine, table, writeResults } from './report.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const log = (text) => process.stderr.write(`${text}\n`);
const POOL = 200;

/** A script that answers every end-user message with exactly one reply, so replies can be counted. */
function writeScript() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-script-'));
  const file = path.join(dir, 'script.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ rules: [{ pattern: 'order #(\\d+)', reply: 'Order $1 is on its way.' }], fallback: 'Noted.' }),
  );
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const CONVERSATION_SCENARIOS = [
  { name: 'end-user create', describe: 'POST /end-users/, unique external_id (the reference)' },
  {
    name: 'conversation create',
    describe: 'POST /conversations/ without end_user_id: a new end user, attached, and the conversation',
  },
  {
    name: 'message post',
    describe: 'POST /conversations/{id}/messages/, an end-user text message to one of 200 conversations',
  },
  { name: 'message list', describe: 'GET /conversations/{id}/messages/, a page of 100' },
  { name: 'conversation get', describe: 'GET /conversations/{id}/ of one of 200 conversations' },
  {
    name: 'message post + reply',
    describe: 'message post with ROSTER_RESPONDER=script: every message also gets an AI Agent reply',
  },
];

/** A channel, POOL conversations with their end users, and one conversation holding 100 messages. */
async function setUp(url, apiKey) {
  const channel = await api(url, apiKey, 'POST', '/api/v2/channels/', {
    name: 'Bench',
    description: 'bench',
    modality: 'messaging',
  });
  const pool = [];
  for (let i = 0; i < POOL; i++) {
    const c = await api(url, apiKey, 'POST', '/api/v2/conversations/', { channel_id: channel.id });
    pool.push({ id: c.id, endUserId: c.end_user_id });
  }
  const long = pool[0];
  for (let i = 0; i < 100; i++) {
    await api(url, apiKey, 'POST', `/api/v2/conversations/${long.id}/messages/`, {
      author: { role: 'end_user', id: long.endUserId },
      content: { type: 'text', body: `message ${i}` },
    });
  }
  return { channelId: channel.id, pool, long };
}

function makers(fixture) {
  const pick = () => fixture.pool[Math.floor(Math.random() * fixture.pool.length)];
  let creates = 0;
  let posts = 0;
  const tag = Date.now().toString(36);
  const post = () => {
    const c = pick();
    const body = {
      author: { role: 'end_user', id: c.endUserId },
      content: { type: 'text', body: `Where is order #${posts++}?` },
    };
    return { method: 'POST', path: `/api/v2/conversations/${c.id}/messages/`, body: JSON.stringify(body) };
  };
  return {
    'end-user create': () => {
      const n = creates++;
      return { method: 'POST', path: '/api/v2/end-users/', body: createBody(`conv-bench-${tag}-${n}`, n) };
    },
    'conversation create': () => ({
      method: 'POST',
      path: '/api/v2/conversations/',
      body: JSON.stringify({ channel_id: fixture.channelId, metadata: { source: 'bench' } }),
    }),
    'message post': post,
    'message list': () => ({ method: 'GET', path: `/api/v2/conversations/${fixture.long.id}/messages/?limit=100` }),
    'conversation get': () => ({ method: 'GET', path: `/api/v2/conversations/${pick().id}/` }),
    'message post + reply': post,
  };
}

async function countByRole(kysely) {
  const rows = await kysely
    .selectFrom('messages')
    .select(['author_role'])
    .select((eb) => eb.fn.countAll().as('n'))
    .groupBy('author_role')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.author_role, Number(r.n)]));
}

async function runEngine(options, dist, name, onCleanup) {
  const results = {};
  const brief = (r) =>
    `${Math.round(r.rps).toLocaleString('en-US')} req/s, p99 ${r.p99?.toFixed(2)} ms, ${r.errors} errors`;
  for (const responder of ['none', 'script']) {
    const engine = await prepareEngine(name);
    onCleanup(engine.cleanup);
    let env = engine.env;
    if (responder === 'script') {
      const script = writeScript();
      onCleanup(async () => script.remove());
      env = { ...engine.env, ROSTER_RESPONDER: 'script', ROSTER_RESPONDER_SCRIPT: script.file };
    }
    const server = await startRoster(env, { cpuProfDir: options.cpuProfDir });
    // Opened once, after the server: reads only, so it never competes with the server's writes.
    const reader = responder === 'script' ? await openContainer(dist, engine) : null;
    try {
      log(`${name}: setting up ${POOL} conversations (responder ${responder})`);
      const fixture = await setUp(server.url, engine.apiKey);
      const make = makers(fixture);
      const scenarios = CONVERSATION_SCENARIOS.map((s) => s.name).filter(
        (s) => (responder === 'script') === (s === 'message post + reply'),
      );
      await fire({
        url: server.url,
        apiKey: engine.apiKey,
        make: make['message post'],
        connections: options.connections,
        seconds: Math.max(2, options.warmupSec),
      });
      for (const scenario of scenarios) {
        await probe(server.url, engine.apiKey, make[scenario]);
        const before = reader ? await countByRole(reader.kysely) : null;
        const r = await measure({
          ...loadSettings(options),
          url: server.url,
          apiKey: engine.apiKey,
          make: make[scenario],
          pid: server.pid,
        });
        if (before) {
          // The bench script answers every end-user message with exactly one reply.
          const started = Date.now();
          let counts = await countByRole(reader.kysely);
          while ((counts.ai_agent ?? 0) < (counts.end_user ?? 0) && Date.now() - started < 120_000) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            counts = await countByRole(reader.kysely);
          }
          if ((counts.ai_agent ?? 0) !== (counts.end_user ?? 0))
            r.errors += Math.abs((counts.end_user ?? 0) - (counts.ai_agent ?? 0));
          r.replyLagSeconds = (Date.now() - started) / 1000;
          r.messagesByRole = counts;
        }
        results[scenario] = r;
        log(`  ${name} ${scenario.padEnd(21)} ${brief(r)}`);
      }
    } finally {
      await reader?.container.close();
      await server.stop();
    }
  }
  const reference = results['end-user create']?.rps ?? null;
  for (const r of Object.values(results)) r.vsEndUserCreate = reference ? r.rps / reference : null;
  return results;
}

function engineTable(name, results) {
  const rows = Object.entries(results).map(([scenario, r]) => [
    scenario,
    Math.round(r.rps).toLocaleString('en-US'),
    r.p50?.toFixed(1),
    r.p99?.toFixed(1),
    r.cpuUsPerRequest === null ? '' : Math.round(r.cpuUsPerRequest).toLocaleString('en-US'),
    r.vsEndUserCreate?.toFixed(2) ?? '',
    String(r.errors),
  ]);
  return `${name}\n${table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'x end-user create', 'errors'], rows)}`;
}

export async function runConversations(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --conversations: ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured per scenario`,
  );
  const engines = {};
  for (const name of options.engines) engines[name] = await runEngine(options, dist, name, onCleanup);
  for (const [name, results] of Object.entries(engines)) {
    process.stdout.write(`\n${engineTable(name, results)}\n`);
    const replies = results['message post + reply'];
    if (replies?.messagesByRole) {
      process.stdout.write(
        `with the script responder: ${replies.messagesByRole.end_user} end-user messages, ${replies.messagesByRole.ai_agent} AI Agent replies; the last reply was stored ${replies.replyLagSeconds.toFixed(1)} s after the load ended\n`,
      );
    }
  }
  const doc = {
    kind: 'roster-bench-conversations',
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    settings: { ...loadSettings(options), conversations: POOL },
    scenarios: Object.fromEntries(CONVERSATION_SCENARIOS.map((s) => [s.name, s.describe])),
    engines,
  };
  const files = writeResults(doc, { save: options.save, suffix: '-conversations' });
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
  if (Object.values(engines).some((e) => Object.values(e).some((r) => r.errors > 0))) process.exitCode = 2;
}
