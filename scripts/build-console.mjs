// Bundles the admin console (console/src) into dist/console/app.js and app.css with esbuild:
// one script and one stylesheet, no CDN, so the page works offline under a strict CSP.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

await build({
  entryPoints: { app: path.join(root, 'console', 'src', 'main.tsx') },
  outdir: path.join(root, 'dist', 'console'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
