// The console from the command line, on both engines, with the built CLI: `roster admin create`
// prints a token once, refuses a taken or invalid name; `roster serve --console` serves the page
// and the bundle that `npm run build` made, and the token signs in; `roster admin revoke` ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, TEST_ENCRYPTION_KEY, createTestDatabase, type TestDatabase } from './helpers/harness.js';
import { build, freePort, killAll, ok, roster, sleep, spawnRoster, type Env } from './helpers/cli.js';

const TOKEN_LINE = /^roster_admin_[A-Za-z0-9_-]{43}$/;

describe.each(ENGINES)('roster admin and serve --console on %s', (engine) => {
  let database: TestDatabase;
  let env: Env;
  let token: string;
  beforeAll(async () => {
    await build();
    database = await createTestDatabase(engine);
    env = { LOG_LEVEL: 'info', ...database.env, ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY };
    await ok(['migrate'], env);
  }, 180_000);
  afterAll(async () => {
    killAll();
    await database?.drop();
  });

  it('admin create prints the token alone on stdout, once, and refuses a taken or invalid name', async () => {
    const created = await ok(['admin', 'create', 'ops'], env);
    token = created.stdout.trim();
    expect(token).toMatch(TOKEN_LINE);
    expect(created.stderr).toContain('created admin "ops"');
    const taken = await roster(['admin', 'create', 'ops'], env);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('an admin named "ops" already exists');
    const invalid = await roster(['admin', 'create', 'Ops Team'], env);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('"Ops Team" is not a valid admin name');
    expect((await ok(['admin', 'list'], env)).stdout).toMatch(/^ops {2}created \S+ {2}active$/m);
  });

  it('serve --console serves the built page, and the token signs in until the admin is revoked', async () => {
    const port = await freePort();
    const child = spawnRoster(['serve', '--console'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (out += chunk));
    const deadline = Date.now() + 30_000;
    while (!out.includes('roster is listening')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`roster serve did not start:\n${out}`);
      await sleep(25);
    }
    const base = `http://127.0.0.1:${port}`;
    try {
      const page = await fetch(`${base}/console`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const bundle = await fetch(`${base}/console/assets/app.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(1_000);

      const signIn = (t: string) =>
        fetch(`${base}/console/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: t }),
        });
      const signedIn = await signIn(token);
      expect(signedIn.status).toBe(204);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${base}/console/api/session`, { headers: { cookie } })).status).toBe(200);

      await ok(['admin', 'revoke', 'ops'], env);
      expect((await fetch(`${base}/console/api/session`, { headers: { cookie } })).status).toBe(401);
      expect((await signIn(token)).status).toBe(401);
      expect((await ok(['admin', 'list'], env)).stdout).toMatch(/^ops {2}created \S+ {2}revoked \S+$/m);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
