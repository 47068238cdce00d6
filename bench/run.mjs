#!/usr/bin/env node
// @ts-check
// `npm run bench`: builds Roster, then measures it against the bare-Node ceiling in one run
// (see bench/README.md). `--scale` measures how costs grow with a million end users instead,
// `--webhooks` how fast webhook deliveries reach a receiver, `--conversations` what the
// Conversations API costs next to the End Users API, `--knowledge` what filling and searching a
// knowledge base of 50,000 articles costs, `--export` what paging through a million messages costs.
// knowledge base of 50,000 articles costs, `--erasure` how long erasing 1,000 end users takes.
import { spawnSync } from 'node:child_process';
import { loadDist } from './lib/engines.mjs';
import { HELP, parseOptions } from './lib/options.mjs';
import { ROOT, stopAll } from './lib/processes.mjs';
import { runScale } from './lib/scale/run.mjs';
import { runStandard } from './lib/standard.mjs';
import { runWebhooks } from './lib/webhooks/run.mjs';
import { runConversations } from './lib/conversations/run.mjs';
import { runKnowledge } from './lib/knowledge/run.mjs';
import { runExport } from './lib/export/run.mjs';
import { runEmulator } from './lib/emulator/run.mjs';
import { runErasure } from './lib/erasure/run.mjs';

/** @type {Array<() => unknown>} */
const cleanups = [];

async function cleanUp() {
  await stopAll();
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()?.();
    } catch (error) {
      process.stderr.write(`bench: cleanup failed: ${/** @type {Error} */ (error).message}\n`);
    }
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2), ROOT);
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  if (options.build) {
    process.stderr.write('bench: npm run build\n');
    const build = spawnSync('npm', ['run', '--silent', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  }
  const dist = await loadDist();
  /** @type {import('./lib/engines.mjs').OnCleanup} */
  const onCleanup = (fn) => {
    cleanups.push(fn);
  };
  if (options.scale) await runScale(options, dist, onCleanup);
  else if (options.webhooks) await runWebhooks(options, dist, onCleanup);
  else if (options.conversations) await runConversations(options, dist, onCleanup);
  else if (options.knowledge) await runKnowledge(options, dist, onCleanup);
  else if (options.export) await runExport(options, dist, onCleanup);
  else if (options.emulator) await runEmulator();
  else if (options.erasure) await runErasure(options, dist, onCleanup);
  else await runStandard(options, dist, onCleanup);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping servers and removing temporary databases\n`);
    cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then(cleanUp)
  .catch(async (error) => {
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    await cleanUp();
    process.exit(1);
  });
