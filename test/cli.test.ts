// The roster command as an operator meets it: the BUILT CLI run as a child process against a
// fresh database of each engine, including a real listening server and its shutdown.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReceiver } from './helpers/webhooks.js';
import {
  ANY_KEY,
  KEY_LINE,
  ROOT,
  build,
  createEndUser,
  freePort,
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
import { BANNER_EXTERNAL_ID } from '../src/server.js';
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

describe.concurrent('mistakes get clear messages', () => {
  const env = { ROSTER_DATA_DIR: scratch };

  it('names an unknown command and lists the commands', async () => {
    const result = await roster(['serv'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'serv'");
    expect(result.stderr).not.toContain('too many arguments');
    for (const command of ['serve', 'worker', 'migrate', 'agents', 'keys'])
      expect(result.stderr).toMatch(new RegExp(`^ +${command}\\b`, 'm'));
  });

  it('prints the version with --version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await roster([flag], env);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('lists --port, --host and the settings in the help of serve', async () => {
    const result = await roster(['serve', '--help'], env);
    expect(result.code).toBe(0);
    for (const text of ['--port <port>', '--host <address>', 'PORT', 'HOST', 'ROSTER_DATA_DIR', 'DATABASE_URL'])
      expect(result.stdout).toContain(text);
    const bad = await roster(['serve', '--port', 'eighty'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("'--port <port>' argument 'eighty' is invalid");
  });

  it('explains how to build the command when dist/ is missing, instead of a stack', async () => {
    const unbuilt = fs.mkdtempSync(path.join(scratch, 'unbuilt-'));
    fs.mkdirSync(path.join(unbuilt, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'roster.js'), path.join(unbuilt, 'bin', 'roster.js'));
    const result = await roster(['--help'], env, undefined, path.join(unbuilt, 'bin', 'roster.js'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not built yet');
    expect(result.stderr).toContain('npm run build');
    expect(result.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at .*\(/);
  });
});

describe.concurrent('settings that point at no usable database', () => {
  const key = { ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY };

  it.each([['migrate'], ['serve'], ['keys list --agent default'], ['worker']])(
    'roster %s with an unreachable DATABASE_URL names it without the password and exits',
    async (command) => {
      const port = await freePort();
      const url = `postgres://roster:s3cret-pw@127.0.0.1:${port}/roster`;
      const started = Date.now();
      const result = await within(roster(command.split(' '), { DATABASE_URL: url, ...key }), 15_000, command);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        `cannot connect to the database at DATABASE_URL=postgres://roster:***@127.0.0.1:${port}/roster: ECONNREFUSED`,
      );
      expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );

  it('gives up on a PostgreSQL server that never answers within seconds', async () => {
    const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      // What starting the CLI costs on this machine right now, so the bound below is about the
      // wait for the database alone and holds on a loaded machine too.
      const startup = Date.now();
      await within(roster(['--version'], {}), 15_000, 'roster --version');
      const baseline = Date.now() - startup;
      const started = Date.now();
      const result = await within(
        roster(['keys', 'list', '--agent', 'default'], { DATABASE_URL: `postgres://roster@127.0.0.1:${port}/roster` }),
        baseline + 15_000,
        'the check',
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`DATABASE_URL=postgres://roster@127.0.0.1:${port}/roster: no answer within 2 s`);
      expect(Date.now() - started - baseline).toBeLessThan(6_000);
    } finally {
      silent.close();
    }
  });

  it.each([['serve'], ['migrate'], ['keys list --agent default']])(
    'roster %s with ROSTER_DATA_DIR set to a file names the setting',
    async (command) => {
      const file = path.join(scratch, `a-file-${command.split(' ')[0]}`);
      fs.writeFileSync(file, 'not a directory');
      const result = await within(roster(command.split(' '), { ROSTER_DATA_DIR: file }), 10_000, command);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`ROSTER_DATA_DIR: ${file} is a file, not a directory`);
    },
  );

  it.skipIf(!fs.existsSync('/proc/self'))(
    'serve and migrate with ROSTER_DATA_DIR=/proc/nope stop at once, naming the setting',
    async () => {
      for (const command of ['serve', 'migrate']) {
        const result = await within(roster([command], { ROSTER_DATA_DIR: '/proc/nope' }), 10_000, command);
        expect(result.code, command).not.toBe(0);
        expect(result.stderr).toContain('ROSTER_DATA_DIR: cannot create /proc/nope');
      }
    },
  );
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
  /** How the CLI names the database of `env`. */
  const named = (env: Env) =>
    engine === 'sqlite'
      ? `SQLite database ${path.join(env.ROSTER_DATA_DIR!, 'roster.db')} (ROSTER_DATA_DIR=${env.ROSTER_DATA_DIR})`
      : `PostgreSQL database DATABASE_URL=${env.DATABASE_URL}`;

  describe('a database Roster never migrated', () => {
    it('is refused by the administration commands and the worker, which name it and the setting', async () => {
      const env = await freshEnv();
      for (const command of [
        ['keys', 'create', '--agent', 'default'],
        ['keys', 'list', '--agent', 'default'],
        ['agents', 'list'],
        ['agents', 'create', 'acme'],
        ['keys', 'revoke', '000000000000000000000000'],
        ['worker'],
      ]) {
        const result = await within(roster(command, env), 15_000, command.join(' '));
        expect(result.code, command.join(' ')).not.toBe(0);
        expect(result.stdout).not.toMatch(ANY_KEY);
        if (engine === 'sqlite') {
          expect(result.stderr).toContain(
            `there is no Roster database at ${path.join(env.ROSTER_DATA_DIR!, 'roster.db')}`,
          );
          expect(result.stderr).toContain('ROSTER_DATA_DIR');
        } else {
          expect(result.stderr).toContain(`the database at DATABASE_URL=${env.DATABASE_URL} has no Roster tables`);
        }
        expect(result.stderr).toContain(
          `roster ${command.slice(0, command[0] === 'worker' ? 1 : 2).join(' ')} does not create`,
        );
      }
      // Nothing was created on the way: no database file, no key file, no tables.
      if (engine === 'sqlite') expect(fs.readdirSync(env.ROSTER_DATA_DIR!)).toEqual([]);
      else expect((await roster(['agents', 'list'], env)).stderr).toContain('has no Roster tables');

      await ok(['migrate'], env);
      const created = await ok(['keys', 'create', '--agent', 'default'], env);
      expect(lastLine(created.stdout)).toMatch(KEY_LINE);
    });

    if (engine === 'sqlite') {
      it('is what a command run from another directory finds, and it says so instead of making a key there', async () => {
        const home = fs.mkdtempSync(path.join(scratch, 'checkout-'));
        fs.mkdirSync(path.join(home, 'examples'));
        const env: Env = { LOG_LEVEL: 'info' };
        await ok(['migrate'], env, home);
        const lost = await roster(['keys', 'create', '--agent', 'default'], env, path.join(home, 'examples'));
        expect(lost.code).not.toBe(0);
        expect(lost.stderr).toContain(
          `there is no Roster database at ${path.join(home, 'examples', 'data', 'roster.db')}`,
        );
        expect(fs.existsSync(path.join(home, 'examples', 'data'))).toBe(false);
        const found = await ok(['keys', 'create', '--agent', 'default'], env, home);
        expect(found.stderr).toContain(`SQLite database ${path.join(home, 'data', 'roster.db')}`);
        expect(lastLine(found.stdout)).toMatch(KEY_LINE);
      });
    }
  });

  describe('administration without ROSTER_ENCRYPTION_KEY', () => {
    it('lists, creates and revokes keys and agents: none of them decrypts anything', async () => {
      const env = await freshEnv();
      await ok(['migrate'], env);
      const { ROSTER_ENCRYPTION_KEY: _unused, ...withoutKey } = env;
      const created = await ok(['keys', 'create', '--agent', 'nokey'], withoutKey);
      const id = /created key ([0-9a-f]{24})/.exec(created.stdout)![1]!;
      expect((await ok(['keys', 'list', '--agent', 'nokey'], withoutKey)).stdout).toContain(id);
      expect((await ok(['agents', 'list'], withoutKey)).stdout).toMatch(/ {2}nokey {2}/);
      await ok(['keys', 'revoke', id], withoutKey);
      // With SQLite, administration does not generate the key file either: the server does.
      if (engine === 'sqlite') expect(fs.existsSync(path.join(env.ROSTER_DATA_DIR!, 'encryption.key'))).toBe(false);
    });
  });

  describe('administration', () => {
    let env: Env;
    beforeAll(async () => {
      env = await freshEnv();
    });

    it('migrate applies the migrations once and is idempotent', async () => {
      const first = await ok(['migrate'], env);
      expect(first.stdout).toMatch(/^applied: \S+/m);
      expect(first.stderr).toContain(`roster: using the ${named(env)}`);
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
      // Which database got the key is said on stderr, out of the way of scripts reading stdout.
      expect(result.stderr.trim()).toBe(`roster: using the ${named(env)}`);
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

    it('stops on a busy port before printing a first-start key, naming PORT and how to choose another', async () => {
      const blocker = net.createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => blocker.once('listening', resolve));
      const { port } = blocker.address() as net.AddressInfo;
      try {
        const result = await within(roster(['serve'], { ...env, PORT: String(port) }), 30_000, 'serve on a busy port');
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(`PORT ${port} is in use`);
        expect(result.stderr).toContain('PORT=9000 npm start');
        expect(result.stdout + result.stderr).not.toMatch(ANY_KEY);
        expect(result.stdout).not.toContain('curl');
      } finally {
        blocker.close();
      }
    });

    it('prints a key with a curl example on the first start of an empty database, and the key works', async () => {
      const server = await serve(env);
      const out = server.output();
      expect(out).toContain(`${server.url}/docs`);
      expect(out).toContain(`"external_id":"${BANNER_EXTERNAL_ID}"`);
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
      // A shutdown ends with one last line saying so.
      expect(JSON.parse(lastLine(server.output()))).toMatchObject({ msg: 'roster stopped', reason: 'SIGTERM' });
    });

    it('listens where --port and --host say, over PORT and HOST', async () => {
      const port = await freePort();
      const child = spawnRoster(['serve', '--port', String(port), '--host', '127.0.0.1'], {
        ...env,
        PORT: '1',
        HOST: '192.0.2.1',
      });
      let out = '';
      child.stdout!.on('data', (chunk) => (out += chunk));
      child.stderr!.on('data', (chunk) => (out += chunk));
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 20_000;
      while (!out.includes('roster is listening') && child.exitCode === null && Date.now() < deadline) await sleep(25);
      try {
        expect(out).toContain(`"url":"http://127.0.0.1:${port}"`);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        expect(await within(exited, 10_000, 'exit')).toBe(0);
      }
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
        expect(JSON.parse(lastLine(out))).toMatchObject({ msg: 'roster worker stopped', reason: 'SIGTERM' });
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
