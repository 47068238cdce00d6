// Which PostgreSQL and which Redis a test run uses (test/global-setup.ts): the order in which they
// are looked for, the embedded PostgreSQL started when none is there, and the one line that says
// what is missing. A real embedded server stands in for "the local server", so these tests need
// nothing but npm ci; fakes stand in where a second server would only cost time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresMissing } from './helpers/harness.js';
import {
  EMBEDDED_PG_USER,
  choosePostgres,
  probePostgres,
  type PostgresChoice,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './helpers/postgres-server.js';
import { chooseRedis, probeRedis, type RedisChoice } from './helpers/redis-server.js';
import { freePort } from './helpers/cli.js';

function fakeEmbedded(url: string): { start: () => Promise<EmbeddedPostgres>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    start: async () => {
      calls++;
      return {
        url,
        version: 'fake',
        dir: '/nonexistent',
        user: 'fake',
        binariesCopied: false,
        stop: async () => undefined,
      };
    },
  };
}

const never = async (): Promise<EmbeddedPostgres> => {
  throw new Error('the embedded server must not be started here');
};

describe('the embedded PostgreSQL', () => {
  let server: EmbeddedPostgres;
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  });
  afterAll(async () => server?.stop());

  it('answers on a loopback port with trust auth for postgres, and can create and drop databases', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const probe = await probePostgres(server.url);
    expect(probe).toEqual({ ok: true, version: server.version });
    expect(server.version).toMatch(/^\d+\.\d+$/);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query('CREATE DATABASE roster_embedded_check');
      await client.query('DROP DATABASE roster_embedded_check');
      // Unicode-aware casing without any OS locale: the builtin C.UTF-8 provider.
      const { rows } = await client.query<{ up: string }>(`SELECT upper('ärger') AS up`);
      expect(rows[0]!.up).toBe('ÄRGER');
    } finally {
      await client.end();
    }
  });

  it('keeps its data in a temporary folder owned by the user it runs as (not root)', () => {
    const owner = fs.statSync(server.dir).uid;
    if (process.getuid?.() === 0) {
      expect(server.user).toBe(EMBEDDED_PG_USER);
      expect(owner).toBe(Number(execFileSync('id', ['-u', EMBEDDED_PG_USER], { encoding: 'utf8' }).trim()));
    } else {
      expect(owner).toBe(process.getuid?.());
    }
    expect(fs.existsSync(`${server.dir}/data/PG_VERSION`)).toBe(true);
  });

  it('stops, and removes its folder', async () => {
    const other = await startEmbeddedPostgres();
    await other.stop();
    expect(fs.existsSync(other.dir)).toBe(false);
    expect(await probePostgres(other.url, 2_000)).toMatchObject({ ok: false });
  });

  describe('choosing the PostgreSQL of a run', () => {
    let nowhere: string;
    const choices: PostgresChoice[] = [];
    const choose = async (...args: Parameters<typeof choosePostgres>) => {
      const choice = await choosePostgres(...args);
      choices.push(choice);
      return choice;
    };
    afterEach(async () => {
      await Promise.all(choices.splice(0).map((c) => c.stop()));
    });
    beforeAll(async () => {
      nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    });

    it('uses the local server when it answers', async () => {
      const choice = await choose({}, { localUrl: server.url, start: never });
      expect(choice).toMatchObject({ url: server.url, missing: null });
      expect(choice.line).toBe(`PostgreSQL: the local server ${server.url}, version ${server.version}`);
    });

    it('starts an embedded server when nothing answers locally, and says why', async () => {
      const fake = fakeEmbedded('postgres://postgres@127.0.0.1:1/embedded');
      const choice = await choose({}, { localUrl: nowhere, start: fake.start });
      expect(choice).toMatchObject({ url: 'postgres://postgres@127.0.0.1:1/embedded', missing: null });
      expect(fake.calls()).toBe(1);
      expect(choice.line).toMatch(/^PostgreSQL: embedded fake at .* \(nothing usable at .*: connect ECONNREFUSED/);
    });

    it('ROSTER_TEST_PG=embedded starts one even when the local server answers', async () => {
      const fake = fakeEmbedded('postgres://postgres@127.0.0.1:1/embedded');
      const choice = await choose({ ROSTER_TEST_PG: 'embedded' }, { localUrl: server.url, start: fake.start });
      expect(choice.url).toBe('postgres://postgres@127.0.0.1:1/embedded');
      expect(fake.calls()).toBe(1);
      expect(choice.line).toContain('(ROSTER_TEST_PG=embedded)');
    });

    it('ROSTER_TEST_PG=external uses the local server, and never starts one when it is absent', async () => {
      const present = await choose({ ROSTER_TEST_PG: 'external' }, { localUrl: server.url, start: never });
      expect(present.url).toBe(server.url);

      const absent = await choose({ ROSTER_TEST_PG: 'external' }, { localUrl: nowhere, start: never });
      expect(absent.url).toBeNull();
      expect(absent.missing).toMatch(/^no PostgreSQL answers at .* \(ROSTER_TEST_PG=external\): connect ECONNREFUSED/);
      expect(absent.missing).not.toContain('\n');
      expect(absent.line).toBe(`PostgreSQL: none; ${absent.missing}`);
    });

    it('uses ROSTER_TEST_PG_URL when given, and reports it missing (no fallback) when it does not answer', async () => {
      const given = await choose({ ROSTER_TEST_PG_URL: server.url }, { localUrl: nowhere, start: never });
      expect(given.url).toBe(server.url);
      expect(given.line).toContain('ROSTER_TEST_PG_URL');

      const dead = await choose({ ROSTER_TEST_PG_URL: nowhere }, { localUrl: server.url, start: never });
      expect(dead.url).toBeNull();
      expect(dead.missing).toMatch(/^no PostgreSQL answers at .* \(ROSTER_TEST_PG_URL\): /);
    });

    it('hides a password in what it prints', async () => {
      const url = nowhere.replace('postgres@', 'postgres:s3cret@');
      const choice = await choose({ ROSTER_TEST_PG_URL: url }, { start: never });
      expect(choice.line).not.toContain('s3cret');
      expect(choice.line).toContain('postgres:***@');
    });

    it('names the cause when the embedded server cannot start', async () => {
      const choice = await choose(
        { ROSTER_TEST_PG: 'embedded' },
        {
          start: async () => {
            throw new Error('initdb failed: could not create directory');
          },
        },
      );
      expect(choice.url).toBeNull();
      expect(choice.missing).toBe('the embedded PostgreSQL did not start: initdb failed: could not create directory');
    });

    it('refuses an unknown ROSTER_TEST_PG', async () => {
      await expect(choose({ ROSTER_TEST_PG: 'local' }, { start: never })).rejects.toThrow(
        'ROSTER_TEST_PG must be embedded or external, not "local"',
      );
    });
  });
});

describe('a PostgreSQL suite without PostgreSQL', () => {
  it('fails with one line, not a connect stack', () => {
    const error = new PostgresMissing('no PostgreSQL answers at postgres://postgres@127.0.0.1:1/postgres');
    expect(error.stack).toBe('PostgresMissing: no PostgreSQL answers at postgres://postgres@127.0.0.1:1/postgres');
  });
});

/** Enough of a Redis for the probe: PONG to PING, OK to anything else (ioredis announces itself first). */
async function fakeRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      // Commands arrive as RESP arrays: *<count>\r\n then $<length>\r\n<arg>\r\n for each argument.
      for (;;) {
        const parsed = /^\*(\d+)\r\n/.exec(pending);
        if (!parsed) return;
        let at = parsed[0].length;
        const args: string[] = [];
        for (let i = 0; i < Number(parsed[1]); i++) {
          const head = /^\$(\d+)\r\n/.exec(pending.slice(at));
          if (!head || pending.length < at + head[0].length + Number(head[1]) + 2) return;
          at += head[0].length;
          args.push(pending.slice(at, at + Number(head[1])));
          at += Number(head[1]) + 2;
        }
        pending = pending.slice(at);
        socket.write(args[0]?.toUpperCase() === 'PING' ? '+PONG\r\n' : '+OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('choosing the Redis of a run', () => {
  let first: Awaited<ReturnType<typeof fakeRedis>>;
  let second: Awaited<ReturnType<typeof fakeRedis>>;
  let nowhere: string;
  const choices: RedisChoice[] = [];
  /** chooseRedis, remembered so that whatever it started is stopped even when an assertion fails. */
  const choose = async (...args: Parameters<typeof chooseRedis>) => {
    const choice = await chooseRedis(...args);
    choices.push(choice);
    return choice;
  };
  afterEach(async () => {
    await Promise.all(choices.splice(0).map((c) => c.stop()));
  });
  beforeAll(async () => {
    first = await fakeRedis();
    second = await fakeRedis();
    nowhere = `redis://127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('uses ROSTER_TEST_REDIS_URL first', async () => {
    const choice = await choose({ ROSTER_TEST_REDIS_URL: first.url }, { localUrl: second.url });
    expect(choice).toMatchObject({ url: first.url, missing: null, line: `Redis: ROSTER_TEST_REDIS_URL ${first.url}` });
  });

  it('then the local Redis, saying what did not answer', async () => {
    const choice = await choose({ ROSTER_TEST_REDIS_URL: nowhere }, { localUrl: second.url });
    expect(choice.url).toBe(second.url);
    expect(choice.line).toMatch(new RegExp(`^Redis: the local Redis ${second.url} \\(nothing answers at ${nowhere}: `));
  });

  it('is none, with one line naming all that is missing, when nothing answers and there is no redis-server', async () => {
    const choice = await choose(
      { ROSTER_TEST_REDIS_URL: nowhere },
      { localUrl: nowhere.replace(/\d+$/, '1'), command: 'roster-no-such-redis-server' },
    );
    expect(choice.url).toBeNull();
    expect(choice.missing).toMatch(
      /^no Redis: nothing answers at redis:\/\/127\.0\.0\.1:\d+: .*; nothing answers at redis:\/\/127\.0\.0\.1:1: .*; no roster-no-such-redis-server on the PATH$/,
    );
    expect(choice.line).toBe(`Redis: none, the suites that need it are skipped; ${choice.missing}`);
  });

  // Needs redis-server itself; every machine that runs the Redis suites has it (CI does).
  it.skipIf(!onPath('redis-server'))(
    'otherwise starts redis-server on a free port for the run, and stops it',
    async () => {
      const choice = await choose({}, { localUrl: nowhere });
      expect(choice.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(choice.line).toMatch(/^Redis: redis-server started for this run at /);
      expect(await probeRedis(choice.url!)).toBeNull();
      await choice.stop();
      expect(await probeRedis(choice.url!, 1_000)).not.toBeNull();
    },
  );
});
