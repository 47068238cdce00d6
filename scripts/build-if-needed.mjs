// Builds dist/ when it is missing or older than any source file, so `npm start` always runs
// the current code without paying for a compile on every start.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const entry = path.join(root, 'dist', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const consoleEntry = path.join(root, 'dist', 'console', 'app.js');
const built = Math.min(...[entry, consoleEntry].map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)));
if (built === 0 || Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'console'))) > built) {
  process.stderr.write('roster: building dist/ ...\n');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
