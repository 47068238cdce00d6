// roster serve in the emulator mode, as a process: --emulator and --seed in the help, the control
// API's token printed when Roster made it, a fixture loaded before it listens, and nothing of the
// control API in the default configuration.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, killAll, roster, scratchDir, serve, type Server } from './helpers/cli.js';

describe('roster serve --emulator', () => {
  let dir: string;
  beforeAll(async () => {
    await build();
    dir = scratchDir();
  });
  afterAll(() => {
    killAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists --emulator and --seed in the help of serve', async () => {
    const help = await roster(['serve', '--help'], { ROSTER_DATA_DIR: dir });
    expect(help.stdout).toContain('--emulator');
    expect(help.stdout).toContain('--seed <file>');
  });

  it('refuses a seed file without the emulator mode', async () => {
    const result = await roster(['serve', '--seed', 'x.json'], { ROSTER_DATA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ROSTER_EMULATOR_SEED');
  });

  it('prints the token it made, loads the fixture before listening, and serves the control API', async () => {
    const fixture = path.join(dir, 'fixture.json');
    fs.writeFileSync(
      fixture,
      JSON.stringify({
        agents: [{ handle: 'default', keys: ['cli-key-0123456789abcdef'] }],
        end_users: [{ external_id: 'cli-1' }],
      }),
    );
    let server: Server | null = null;
    try {
      server = await serve({ ROSTER_DATA_DIR: dir, ROSTER_EMULATOR: 'on', ROSTER_EMULATOR_SEED: fixture });
      const token = /control API at \S+\/_emulator\/, token (\S+)/.exec(server.output())?.[1];
      expect(token).toMatch(/^emu_/);
      expect(server.output()).toContain('"end_users":1');
      const users = await fetch(`${server.url}/api/v2/end-users/`, {
        headers: { authorization: 'Bearer cli-key-0123456789abcdef' },
      });
      expect(((await users.json()) as { data: Array<{ external_id: string }> }).data.map((u) => u.external_id)).toEqual(
        ['cli-1'],
      );
      const clock = await fetch(`${server.url}/_emulator/clock`, { headers: { authorization: `Bearer ${token}` } });
      expect(clock.status).toBe(200);
    } finally {
      await server?.stop();
    }
  });

  it('has no control API in the default configuration', async () => {
    let server: Server | null = null;
    try {
      server = await serve({ ROSTER_DATA_DIR: dir });
      for (const url of ['/_emulator/clock', '/_emulator/faults']) {
        expect((await fetch(`${server.url}${url}`)).status).toBe(404);
      }
      expect(server.output()).not.toContain('emulator mode');
    } finally {
      await server?.stop();
    }
  });
});
