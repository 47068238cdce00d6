// The embedded database's directory (ROSTER_DATA_DIR): created on demand, readable by its owner
// only, and checked so that a path that cannot hold it stops start-up with a message naming the
// setting instead of a bare errno.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the parent directory cannot hold new entries',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOSPC: 'no space left on the device',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ? `${code}, ${REASONS[code]}` : code || String(error);
}

/**
 * Makes sure `dir` is a directory, creating it and any missing parents with mode 0700.
 * Written out one level at a time because fs.mkdirSync(dir, { recursive: true }) never returns
 * on some file systems: on /proc (ROSTER_DATA_DIR=/proc/nope) it retries ENOENT forever.
 */
export function ensureDataDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new ConfigError('ROSTER_DATA_DIR', `cannot use ${dir}: ${reason(error)}`);
    }
    if (stat) {
      if (!stat.isDirectory()) {
        throw new ConfigError(
          'ROSTER_DATA_DIR',
          current === path.resolve(dir)
            ? `${dir} is a file, not a directory; point ROSTER_DATA_DIR at a directory (it is created if missing)`
            : `cannot create ${dir}: ${current} is a file, not a directory`,
        );
      }
      break;
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const item of missing) {
    try {
      fs.mkdirSync(item, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(item).isDirectory()) continue;
      throw new ConfigError('ROSTER_DATA_DIR', `cannot create ${dir}: ${reason(error)}`);
    }
  }
}
