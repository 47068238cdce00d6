// @ts-check
// Command-line options of `npm run bench -- ...`.
import path from 'node:path';
import { SCENARIOS, isScenarioName } from './scenarios.mjs';
/** @import { EngineName } from './engines.mjs' */
/** @import { ScenarioName } from './scenarios.mjs' */

/** @typedef {ReturnType<typeof parseOptions>} Options */

export const HELP = `usage: npm run bench -- [options]

  --quick               about a minute: 1 s warm-up and 3 s measured per scenario
  --save                also write bench/results/<date>.json (kept in git)
  --engines=LIST        sqlite,postgres (postgres needs DATABASE_URL; default: sqlite, plus
                        postgres when DATABASE_URL is set)
  --scenarios=LIST      any of ${SCENARIOS.map((s) => s.name).join(',')} (default: all)
  --log-levels=LIST     Roster's LOG_LEVEL, one server per level (default info,warn: one request
                        line per request, then none; the targets are checked at info)
  --connections=N       concurrent connections (default 50)
  --warmup=S            warm-up seconds per scenario (default 3; 1 with --quick)
  --duration=S          measured seconds per scenario (default 10; 3 with --quick)
  --no-build            skip npm run build (dist/ must be current)
  --cpu-prof[=DIR]      run Roster under --cpu-prof; profiles go to DIR (default bench/results/profiles)
  --scale               scale mode: 10,000 vs --scale-count users, and a sweep under load
  --scale-count=N       users loaded in scale mode (default 1000000; env BENCH_SCALE_COUNT)
  --sweep-count=N       expired users the timed sweep deletes (default 100000)
  --webhooks            webhook delivery mode: create load with one endpoint registered, delivered
                        events/s and commit-to-delivery delay, then a backlog drained by
                        \`roster worker\` (see bench/README.md, "Webhook delivery")
  --drain-count=N       events in the drain backlog (default 5000; 1000 with --quick)
  --webhook-rate=N      creates per second in the paced webhook phase (default 200)
  --webhook-concurrency=N
                        ROSTER_WEBHOOK_CONCURRENCY for Roster in --webhooks (default: Roster's, 16)
  --conversations       conversations mode: conversation create, message post, message log and
                        conversation get next to end-user create, then message posts answered
                        by the script responder (see bench/README.md, "Conversations")
  --knowledge           knowledge mode: bulk upsert of --knowledge-count articles of about 2 KB in
                        batches of 1,000, then search from 20 clients (see bench/README.md, "Knowledge")
  --knowledge-count=N   articles loaded in knowledge mode (default 50000; 5000 with --quick)
  --export              export mode: page through --export-count stored messages 10,000 a page,
                        from one client and from 4 at once (see bench/README.md, "Data export")
  --export-count=N      messages stored in export mode (default 1000000; 100000 with --quick)
  --emulator            emulator mode: startRoster() (median of 20), a seed of 1,000 end users,
                        reset() with 10,000 stored, and roster serve spawned as a process
  --erasure             erasure mode: a deletion job erasing 1,000 end users with 5 conversations
                        of 20 messages each, timed, with a get load alongside (see bench/README.md)
`;

/**
 * @param {string} name
 * @param {string | number | boolean} raw
 */
function positive(name, raw) {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, not "${raw}"`);
  return value;
}

/** @param {string} name @returns {name is EngineName} */
const isEngineName = (name) => name === 'sqlite' || name === 'postgres';

/**
 * @param {string[]} argv
 * @param {string} root
 */
export function parseOptions(argv, root) {
  /** @type {Map<string, string | true>} */
  const flags = new Map();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unknown argument "${arg}"\n\n${HELP}`);
    flags.set(match[1], match[2] ?? true);
  }
  const known = new Set([
    'quick',
    'save',
    'engines',
    'scenarios',
    'connections',
    'warmup',
    'duration',
    'no-build',
    'cpu-prof',
    'scale',
    'scale-count',
    'sweep-count',
    'webhooks',
    'drain-count',
    'webhook-concurrency',
    'webhook-rate',
    'conversations',
    'knowledge',
    'knowledge-count',
    'export',
    'export-count',
    'emulator',
    'erasure',
    'log-levels',
    'help',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}\n\n${HELP}`);

  const quick = flags.has('quick');
  const scale = flags.has('scale');
  const webhooks = flags.has('webhooks');
  const conversations = flags.has('conversations');
  const knowledge = flags.has('knowledge');
  const exportMode = flags.has('export');
  const emulator = flags.has('emulator');
  const erasure = flags.has('erasure');
  if ([scale, webhooks, conversations, knowledge, exportMode, emulator, erasure].filter(Boolean).length > 1) {
    throw new Error(
      '--scale, --webhooks, --conversations, --knowledge, --export, --emulator and --erasure are separate modes; run them one at a time',
    );
  }
  const engineNames = flags.has('engines')
    ? String(flags.get('engines'))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : ['sqlite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];
  /** @type {EngineName[]} */
  const engines = [];
  for (const e of engineNames) {
    if (!isEngineName(e)) throw new Error(`unknown engine "${e}"`);
    engines.push(e);
  }
  if (engines.includes('postgres') && !process.env.DATABASE_URL)
    throw new Error('--engines=postgres needs DATABASE_URL');

  const scenarioNames = flags.has('scenarios')
    ? String(flags.get('scenarios'))
        .split(',')
        .map((s) => s.trim())
    : SCENARIOS.map((s) => s.name);
  /** @type {ScenarioName[]} */
  const scenarios = [];
  for (const s of scenarioNames) {
    if (!isScenarioName(s)) throw new Error(`unknown scenario "${s}"`);
    scenarios.push(s);
  }

  const logLevels = String(flags.get('log-levels') ?? 'info,warn')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const level of logLevels) {
    if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level))
      throw new Error(`unknown log level "${level}"`);
  }

  const cpuProf = flags.get('cpu-prof');
  const webhookConcurrency = flags.get('webhook-concurrency');
  const scaleCount = flags.get('scale-count') ?? process.env.BENCH_SCALE_COUNT ?? 1_000_000;
  return {
    help: flags.has('help'),
    quick,
    save: flags.has('save'),
    build: !flags.has('no-build'),
    scale,
    webhooks,
    conversations,
    knowledge,
    export: exportMode,
    exportCount: Math.round(positive('export-count', flags.get('export-count') ?? (quick ? 100_000 : 1_000_000))),
    emulator,
    erasure,
    knowledgeCount: Math.round(positive('knowledge-count', flags.get('knowledge-count') ?? (quick ? 5_000 : 50_000))),
    engines,
    scenarios,
    logLevels,
    connections: Math.round(positive('connections', flags.get('connections') ?? 50)),
    warmupSec: flags.has('warmup') ? Number(flags.get('warmup')) : quick ? 1 : scale ? 2 : 3,
    durationSec: positive('duration', flags.get('duration') ?? (quick ? 3 : scale ? 8 : 10)),
    cpuProfDir:
      cpuProf === undefined
        ? null
        : path.resolve(cpuProf === true ? path.join(root, 'bench', 'results', 'profiles') : cpuProf),
    seedCount: 10_000,
    scaleCount: Math.round(positive('scale-count', scaleCount)),
    sweepCount: Math.round(positive('sweep-count', flags.get('sweep-count') ?? 100_000)),
    drainCount: Math.round(positive('drain-count', flags.get('drain-count') ?? (quick ? 1_000 : 5_000))),
    webhookRate: Math.round(positive('webhook-rate', flags.get('webhook-rate') ?? 200)),
    webhookConcurrency:
      webhookConcurrency === undefined ? null : Math.round(positive('webhook-concurrency', webhookConcurrency)),
  };
}
