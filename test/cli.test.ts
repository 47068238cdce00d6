// The roster command as an operator meets it: the BUILT CLI run as a child process against a
// fresh database of each engine, including a real listening server and its shutdown.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReceiver } from './helpers/webhooks.js';
import {
  ANY_KEY,
  KEY_LINE,
  build,
  createEndUser,
  killAll,
  lastLine,
  ok,
  roster,
  scratchDir,
  serve,
  sleep,
  spawnRoster,
  within,
  type Env,
} from './helpers/cli.js';
import {
  ENGINES,
  TEST_ENCRYPTION_KEY,
  createTestDatabase,
  type EngineName,
  type TestDatabase,
} from './helpers/harness.js';

// Each command is a fresh Node process; on a busy machine a test of several takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const scratch = scratchDir();
beforeAll(build, 180_000);
afterAll(() => {
  killAll();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent('roster --help', () => {
  it.each([
    [[]],
    [['serve']],
    [['worker']],
    [['migrate']],
    [['agents', 'list']],
    [['agents', 'create']],
    [['keys', 'create']],
    [['keys', 'list']],
    [['keys', 'revoke']],
  ])('roster %j --help exits 0 with usage', async (command) => {
    const result = await roster([...command, '--help'], { ROSTER_DATA_DIR: scratch });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: roster/);
    if (command.length > 0) expect(result.stdout).toContain(`roster ${command.join(' ')}`);
  });
});

describe.concurrent('bad configuration', () => {
  const env = { ROSTER_DATA_DIR: scratch };
  it.each([
    ['serve', 'PORT', 'abc'],
    ['serve', 'ROSTER_SWEEP_INTERVAL', 'soon'],
    ['serve', 'ROSTER_RATE_LIMITS', 'maybe'],
    ['serve', 'LOG_LEVEL', 'loud'],
    ['migrate', 'DATABASE_URL', 'mysql://db/roster'],
    ['keys list --agent acme', 'ROSTER_API_KEY', 'short'],
  ])('roster %s with %s=%j stops with a message naming the variable', async (command, variable, value) => {
    const result = await within(roster(command.split(' '), { ...env, [variable]: value }), 10_000, 'a bad start-up');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(variable);
    expect(result.stderr).toContain('invalid configuration');
    expect(result.stdout).not.toContain('roster is listening');
  });
});

describe.each(ENGINES)('roster CLI on %s', (engine: EngineName) => {
  const databases: TestDatabase[] = [];
  /** The environment for a fresh, empty database of this engine. */
  async function freshEnv(extra: Env = {}): Promise<Env> {
    const database = await createTestDatabase(engine);
    databases.push(database);
    const key: Env = engine === 'postgres' ? { ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } : {};
    return { LOG_LEVEL: 'info', ...database.env, ...key, ...extra };
  }
  afterAll(async () => {
    killAll();
    await Promise.all(databases.map((d) => d.drop()));
  });

  describe('administration', () => {
    let env: Env;
    beforeAll(async () => {
      env = await freshEnv();
    });

    it('migrate applies the migrations once and is idempotent', async () => {
      const first = await ok(['migrate'], env);
      expect(first.stdout).toMatch(/^applied: \S+/m);
      const second = await ok(['migrate'], env);
      expect(second.stdout.trim()).toBe('the database is up to date');
    });

    it('agents create makes an agent once, and agents list shows it', async () => {
      const created = await ok(['agents', 'create', 'acme'], env);
      expect(created.stdout).toMatch(/^created: [0-9a-f]{24} {2}acme$/m);
      const again = await ok(['agents', 'create', 'acme'], env);
      expect(again.stdout).toMatch(/^exists: [0-9a-f]{24} {2}acme$/m);
      const list = await ok(['agents', 'list'], env);
      expect(list.stdout.match(/^[0-9a-f]{24} {2}acme {2}created \S+$/gm)).toHaveLength(1);
    });

    it('rejects invalid handles with a clear message', async () => {
      for (const handle of ['Acme', 'a_b', 'x'.repeat(64)]) {
        const result = await roster(['agents', 'create', handle], env);
        expect(result.code, handle).not.toBe(0);
        expect(result.stderr).toContain(`"${handle}" is not a valid agent handle`);
      }
      expect((await ok(['agents', 'list'], env)).stdout.trim().split('\n')).toHaveLength(1);
    });

    it('keys create prints the key alone on the last line and creates a missing agent', async () => {
      const result = await ok(['keys', 'create', '--agent', 'newcomer', '--name', 'ci'], env);
      expect(lastLine(result.stdout)).toMatch(KEY_LINE);
      expect(result.stdout).toContain('created AI Agent newcomer');
      expect(result.stdout.match(new RegExp(ANY_KEY, 'g'))).toHaveLength(1);
      expect((await ok(['agents', 'list'], env)).stdout).toMatch(/ {2}newcomer {2}/);
      const second = await ok(['keys', 'create', '--agent', 'newcomer'], env);
      expect(second.stdout).not.toContain('created AI Agent');
      expect(lastLine(second.stdout)).not.toBe(lastLine(result.stdout));
    });

    it('keys create refuses a bad handle and a missing --agent', async () => {
      const bad = await roster(['keys', 'create', '--agent', 'Not OK'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('not a valid agent handle');
      expect(bad.stdout).not.toMatch(ANY_KEY);
      const missing = await roster(['keys', 'create'], env);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('--agent');
    });

    it('keys list shows prefixes only; keys revoke revokes once', async () => {
      const key = lastLine((await ok(['keys', 'create', '--agent', 'acme'], env)).stdout);
      const list = await ok(['keys', 'list', '--agent', 'acme'], env);
      expect(list.stdout).not.toContain(key);
      expect(list.stdout).not.toMatch(ANY_KEY);
      const line = list.stdout.split('\n').find((l) => l.includes(`${key.slice(0, 13)}...`));
      expect(line).toMatch(/^[0-9a-f]{24} {2}roster_\S{6}\.\.\. .* active$/);
      const id = line!.slice(0, 24);

      const revoked = await ok(['keys', 'revoke', id], env);
      expect(revoked.stdout).toContain(`revoked ${id}`);
      expect((await ok(['keys', 'list', '--agent', 'acme'], env)).stdout).toMatch(
        new RegExp(`^${id} .* revoked \\S+$`, 'm'),
      );
      const again = await roster(['keys', 'revoke', id], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain(id);
      const unknown = await roster(['keys', 'revoke', '000000000000000000000000'], env);
      expect(unknown.code).not.toBe(0);
      const noAgent = await roster(['keys', 'list', '--agent', 'nobody'], env);
      expect(noAgent.code).not.toBe(0);
      expect(noAgent.stderr).toContain('nobody');
    });

    if (engine === 'postgres') {
      it('requires ROSTER_ENCRYPTION_KEY with PostgreSQL', async () => {
        const { ROSTER_ENCRYPTION_KEY: _unused, ...withoutKey } = env;
        const result = await roster(['migrate'], withoutKey);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain('ROSTER_ENCRYPTION_KEY');
      });
    }
  });

  describe('serve', () => {
    let env: Env;
    let firstKey: string;
    beforeAll(async () => {
      env = await freshEnv();
    });

    it('prints a key with a curl example on the first start of an empty database, and the key works', async () => {
      const server = await serve(env);
      const out = server.output();
      const match = /^ +(roster_[A-Za-z0-9_-]{43})$/m.exec(out);
      expect(match, out).not.toBeNull();
      firstKey = match![1]!;
      expect(out).toContain(`curl -s -X POST ${server.url}/api/v2/end-users/`);
      expect(out).toContain(`Authorization: Bearer ${firstKey}`);
      expect(await createEndUser(server, firstKey, { external_id: 'first-start' })).toBe(201);
      expect(await createEndUser(server, 'roster_wrong')).toBe(401);
      expect(await server.stop()).toBe(0);
    });

    it('prints no key on a second start, and the first key still works', async () => {
      const server = await serve(env);
      expect(server.output()).not.toMatch(ANY_KEY);
      expect(await createEndUser(server, firstKey)).toBe(201);
      expect(await server.stop()).toBe(0);
    });

    it('accepts a key created by the CLI at once, and refuses it soon after revocation', async () => {
      const server = await serve(env);
      try {
        const created = await ok(['keys', 'create', '--agent', 'live'], env);
        const key = lastLine(created.stdout);
        expect(await createEndUser(server, key)).toBe(201);
        const id = /created key ([0-9a-f]{24})/.exec(created.stdout)![1]!;
        await ok(['keys', 'revoke', id], env);
        const deadline = Date.now() + 2_500;
        let status = await createEndUser(server, key);
        while (status !== 401 && Date.now() < deadline) {
          await sleep(100);
          status = await createEndUser(server, key);
        }
        expect(status).toBe(401);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    });

    it('finishes a request in flight on SIGTERM, then exits 0', async () => {
      const server = await serve(env);
      const body = JSON.stringify({ external_id: 'in-flight', profile: { first_name: 'Ada' } });
      const request = http.request(`${server.url}/api/v2/end-users/`, {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${firstKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          // The server answers 100 Continue once it is handling the request: proof it is in flight.
          expect: '100-continue',
        },
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on('response', (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        request.on('error', reject);
      });
      request.flushHeaders();
      await within(
        new Promise((resolve) => request.once('continue', resolve)),
        10_000,
        'the server taking the request',
      );
      request.write(body.slice(0, 10));
      await sleep(100);
      server.child.kill('SIGTERM');
      await sleep(500);
      expect(server.child.exitCode, server.output()).toBeNull();
      // While shutting down, new connections are refused (or answered 503), never served.
      const late = await fetch(`${server.url}/healthz`, { headers: { connection: 'close' } }).then(
        (r) => r.status,
        () => 'refused',
      );
      expect(['refused', 503]).toContain(late);
      request.end(body.slice(10));
      const done = await within(response, 5_000, 'the request in flight');
      expect(done.status).toBe(201);
      expect(JSON.parse(done.body).external_id).toBe('in-flight');
      expect(await within(server.exited, 5_000, 'exit after SIGTERM')).toBe(0);
    });
  });

  describe('worker', () => {
    it('roster worker sends what a serve without a worker queued, and exits 0 on SIGTERM', async () => {
      const key = `ci-worker-${engine}-0123456789abcdef`;
      const env = await freshEnv({
        ROSTER_API_KEY: key,
        ROSTER_WORKER: 'off',
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
        ROSTER_JOBS_POLL_INTERVAL: '100ms',
      });
      const receiver = await startReceiver();
      const server = await serve(env);
      try {
        const hook = await fetch(`${server.url}/api/v2/webhooks/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url }),
        });
        expect(hook.status).toBe(201);
        for (let i = 0; i < 3; i++) expect(await createEndUser(server, key, { external_id: `queued-${i}` })).toBe(201);
        await sleep(400);
        expect(receiver.deliveries).toHaveLength(0);

        const worker = spawnRoster(['worker'], env);
        let out = '';
        worker.stdout!.on('data', (chunk) => (out += chunk));
        worker.stderr!.on('data', (chunk) => (out += chunk));
        const exited = new Promise((resolve) => worker.on('exit', (code, signal) => resolve(code ?? signal)));
        await receiver.waitFor(3, 15_000).catch((error) => {
          throw new Error(`${error.message}\n${out}`);
        });
        expect(receiver.deliveries.map((d) => d.body.data.external_id).sort()).toEqual([
          'queued-0',
          'queued-1',
          'queued-2',
        ]);
        expect(out).toContain('roster worker is running');
        // With nothing left to send it keeps running, waiting for more.
        await sleep(1_500);
        expect(worker.exitCode, out).toBeNull();
        worker.kill('SIGTERM');
        expect(await within(exited, 10_000, 'the worker to exit')).toBe(0);
      } finally {
        await server.stop();
        await receiver.close();
      }
    });
  });

  describe('serve with ROSTER_API_KEY', () => {
    const bootstrapKey = `ci-bootstrap-${engine}-0123456789abcdef`;
    let env: Env;
    beforeAll(async () => {
      env = await freshEnv({ ROSTER_API_KEY: bootstrapKey });
    });

    it('makes the key a key of agent "default", prints no other key, and restarts with the same value', async () => {
      for (let start = 0; start < 2; start++) {
        const server = await serve(env);
        expect(server.output()).not.toMatch(ANY_KEY);
        expect(await createEndUser(server, bootstrapKey)).toBe(201);
        expect(await server.stop()).toBe(0);
      }
      const agents = await ok(['agents', 'list'], env);
      expect(agents.stdout.match(/ {2}default {2}/g)).toHaveLength(1);
      const keys = await ok(['keys', 'list', '--agent', 'default'], env);
      expect(keys.stdout.trim().split('\n')).toHaveLength(1);
      expect(keys.stdout).toContain('ROSTER_API_KEY');
      expect(keys.stdout).not.toContain(bootstrapKey);
    });
  });
});
