// The embedded database's directory and generated key are private to the server's user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { KEY_FILE_NAME, createContainer } from '../src/container.js';

describe('SQLite data directory', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-datadir-'));
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('is created readable by its owner only, with the generated key at mode 0600 and stable across starts', async () => {
    const dataDir = path.join(parent, 'nested', 'data');
    const config = loadConfig({ ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const first = await createContainer(config);
    await first.close();
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    const keyFile = path.join(dataDir, KEY_FILE_NAME);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);

    const second = await createContainer(config);
    await second.close();
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
  });

  it('creates roster.db and its -wal and -shm files at mode 0600, and narrows files left wider', async () => {
    const dataDir = path.join(parent, 'files');
    const config = loadConfig({ ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const container = await createContainer(config);
    try {
      for (const name of ['roster.db', 'roster.db-wal', 'roster.db-shm']) {
        expect((fs.statSync(path.join(dataDir, name)).mode & 0o777).toString(8), name).toBe('600');
      }
    } finally {
      await container.close();
    }
    fs.chmodSync(path.join(dataDir, 'roster.db'), 0o644);
    await (await createContainer(config)).close();
    expect(fs.statSync(path.join(dataDir, 'roster.db')).mode & 0o777).toBe(0o600);
  });
});
