#!/usr/bin/env node
// The roster command runs the compiled code in dist/. Before the first build there is none:
// say so, and how to make it, rather than fail with a module-not-found stack.
import fs from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'roster: the command is not built yet (dist/main.js is missing).\n' +
      'Run `npm run build` once in the Roster directory (`npm start` builds it too), then run this again.\n',
  );
  process.exit(1);
}
await import(entry.href);
