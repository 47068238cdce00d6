// The console's page and its bundle. `npm run build` bundles the front end (console/) into
// dist/console/ with esbuild; the server reads those few files once and serves them itself
// (a static-file plugin would add a dependency for two fixed names). Nothing is fetched from
// anywhere else, so the console works offline, and the Content-Security-Policy allows this
// origin only: no inline script or style, no frames, no other hosts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roster console</title>
<link rel="stylesheet" href="/console/assets/app.css">
</head>
<body>
<div id="app"><p>Loading the Roster console…</p></div>
<noscript>The Roster console needs JavaScript.</noscript>
<script type="module" src="/console/assets/app.js"></script>
</body>
</html>
`;

export interface Asset {
  type: string;
  body: Buffer;
}

/** The repository's root: the nearest folder up from here with a package.json (src/ or dist/ alike). */
function rootDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('the console cannot find the package root');
    dir = up;
  }
  return dir;
}

export const ASSETS_DIR = path.join(rootDir(), 'dist', 'console');

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The built bundle, or null when it was not built (the page then says how to build it). */
export function loadAssets(dir = ASSETS_DIR): Map<string, Asset> | null {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(TYPES)) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) return null;
    assets.set(name, { type, body: fs.readFileSync(file) });
  }
  return assets;
}
