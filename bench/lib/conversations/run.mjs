// @ts-check
// Conversations mode (`--conversations`): what the Conversations API costs next to the End Users
// API in the same run, on each engine. A channel and a pool of conversations are made over HTTP,
// then each scenario runs under the usual load: end-user create (the reference), conversation
// create (which also creates and attaches an end user), message post, message log page and
// conversation get. Then message posts again with the script responder on, which adds an AI
// Agent reply (and its event) after every message; the run waits until every reply is stored.
import { setTimeout as sleep } from 'node:timers/promises';
import { fire, loadSettings, measure, probe } from '../drive.mjs';
import { prepareEngine, openContainer } from '../engines.mjs';
import { startRoster } from '../processes.mjs';
import { brief, log, machine, writeResults } from '../report.mjs';
import { printEngine } from './report.mjs';
import { CONVERSATION_SCENARIOS, POOL, makers, setUp, writeScript } from './setup.mjs';
/** @import { Measured } from '../drive.mjs' */
/** @import { Dist, EngineName, OnCleanup, RosterDb } from '../engines.mjs' */
/** @import { Options } from '../options.mjs' */

/**
 * A scenario's figures; the one with the script responder also has the replies and how long
 * they took after the load, and each its throughput relative to end-user create.
 * @typedef {Measured & { replyLagSeconds?: number, messagesByRole?: Record<string, number>, vsEndUserCreate?: number | null }} ConversationResult
 */

/**
 * Messages stored per author role.
 * @param {RosterDb} kysely
 * @returns {Promise<Record<string, number>>}
 */
async function countByRole(kysely) {
  const rows = await kysely
    .selectFrom('messages')
    .select(['author_role'])
    .select((eb) => eb.fn.countAll().as('n'))
    .groupBy('author_role')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.author_role, Number(r.n)]));
}

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {EngineName} name
 * @param {OnCleanup} onCleanup
 */
async function runEngine(options, dist, name, onCleanup) {
  /** @type {Record<string, ConversationResult>} */
  const results = {};
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
        /** @type {ConversationResult} */
        const r = await measure({
          ...loadSettings(options),
          url: server.url,
          apiKey: engine.apiKey,
          make: make[scenario],
          pid: server.pid,
        });
        if (reader && before) {
          // The bench script answers every end-user message with exactly one reply.
          const started = Date.now();
          let counts = await countByRole(reader.kysely);
          while ((counts.ai_agent ?? 0) < (counts.end_user ?? 0) && Date.now() - started < 120_000) {
            await sleep(200);
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

/**
 * @param {Options} options
 * @param {Dist} dist
 * @param {OnCleanup} onCleanup
 */
export async function runConversations(options, dist, onCleanup) {
  const startedAt = new Date().toISOString();
  log(
    `bench --conversations: ${options.connections} connections, ${options.warmupSec}s warm-up + ${options.durationSec}s measured per scenario`,
  );
  /** @type {Record<string, Record<string, ConversationResult>>} */
  const engines = {};
  for (const name of options.engines) engines[name] = await runEngine(options, dist, name, onCleanup);
  for (const [name, results] of Object.entries(engines)) printEngine(name, results);
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
