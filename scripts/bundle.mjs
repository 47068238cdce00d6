// Bundles the roster command into one file, dist/main.js, after tsc has compiled src/ into dist/.
// Node.js resolves, opens and compiles every module of an import graph one file at a time; with
// Roster's modules and libraries that was most of the time `roster serve` took to start. One
// bundled file is read and compiled at once. The other files tsc wrote stay in dist/ for the
// benchmarks, which import Roster's modules directly.
//
// Left outside the bundle: packages that load files of their own at run time (a native addon,
// static assets, worker threads), which must stay where npm put them.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

await build({
  entryPoints: [path.join(root, 'dist', 'main.js')],
  outfile: path.join(root, 'dist', 'main.js'),
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS libraries inside an ES module bundle call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __rosterRequire } from 'node:module'; const require = __rosterRequire(import.meta.url);",
  },
  external: ['better-sqlite3', '@fastify/swagger-ui', 'pino', 'thread-stream', 'pg-native'],
  logLevel: 'warning',
});
