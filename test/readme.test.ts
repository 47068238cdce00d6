// The README is run, not only read. Its local webhook recipe (the fenced blocks marked
// <!-- recipe: webhook-... -->) is taken from the file and run as written by bash, against a real
// `npm start` on a fresh data directory, with a key read from the first-start banner, until the
// receiver prints a verified event; only the ports come from the environment ($ROSTER and
// RECEIVER_PORT), never by editing the text. Blocks marked <!-- include: <file> --> must be that
// file, verbatim, and every file a document names must exist.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANNER_EXTERNAL_ID } from '../src/server.js';
import { ROOT, build, freePort, sleep } from './helpers/cli.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code block that follows `<!-- marker -->`, without the indentation of its list item. */
function blocksAfter(marker: RegExp, text = README): Array<{ name: string; code: string }> {
  const found: Array<{ name: string; code: string }> = [];
  const pattern = new RegExp(`^( *)<!-- (${marker.source}) -->\\n\\1\`\`\`\\w*\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm');
  for (const match of text.matchAll(pattern)) {
    const indent = match[1]!.length;
    const code = match[3]!
      .split('\n')
      .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
      .join('\n');
    found.push({ name: match[2]!, code });
  }
  return found;
}

describe('README', () => {
  it('shows the shipped files it includes verbatim', () => {
    const includes = blocksAfter(/include: \S+/);
    expect(includes.map((b) => b.name).sort()).toEqual([
      'include: examples/responder-script.json',
      'include: examples/roster.vitest.test.ts',
      'include: examples/webhook-receiver.mjs',
    ]);
    for (const { name, code } of includes) {
      const file = name.slice('include: '.length);
      expect(code, `${file} in the README differs from the file`).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    }
  });

  it('says how to change the port before the first example, whose URLs all go through $ROSTER', () => {
    const portHint = README.indexOf('PORT=9000 npm start');
    expect(portHint).toBeGreaterThan(0);
    expect(portHint).toBeLessThan(README.indexOf('export ROSTER='));
    const shellLines = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
    const curls = shellLines.filter((line) => /\bcurl\b/.test(line));
    expect(curls.length).toBeGreaterThan(10);
    for (const line of curls) {
      expect(line, line).toContain('$ROSTER');
      expect(line, line).not.toMatch(/127\.0\.0\.1:8080|localhost:8080/);
    }
  });

  it("creates an end user in its first example that the start banner's example does not", () => {
    const first = /"external_id": "([^"]+)"/.exec(README.slice(README.indexOf('## A walk through')))![1];
    expect(first).toBe('crm-123');
    expect(BANNER_EXTERNAL_ID).not.toBe(first);
    expect(README).toContain(`\`${BANNER_EXTERNAL_ID}\``);
  });
});

describe('the documents', () => {
  const documents = [
    'README.md',
    'bench/README.md',
    // docs/console holds the console's screenshots, not documents.
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  // Files the benchmark writes when it runs; the documents say so.
  const written = /(^|\/)latest[\w-]*\.json$|^bench\/results\/(profiles\/)?$/;

  it.each(documents)('%s names only files that exist, and no document outside the repository', (document) => {
    const text = fs.readFileSync(path.join(ROOT, document), 'utf8');
    expect(text).not.toMatch(/SPEC\.md|STYLE\.md|DIGEST|\.\.\/shared|shared\/ada-api/);
    const named = [
      ...text.matchAll(
        /`((?:[\w.-]+\/)*[\w.-]+\.(?:md|json|ts|mjs|js|yml|yaml)|(?:src|test|bench|docs|examples|scripts|bin|lib)\/[^`\s]*)`/g,
      ),
      ...text.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)[^)]*\)/g),
    ].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) {
      if (name.startsWith('/') || name.includes('<') || name.includes('*')) continue; // URL paths, patterns
      const candidates = [path.join(ROOT, path.dirname(document), name), path.join(ROOT, name)];
      const exists = candidates.some((candidate) => fs.existsSync(candidate));
      const generated = written.test(name) || written.test(path.join(path.dirname(document), name));
      expect(exists || generated, `${document} names ${name}, which does not exist`).toBe(true);
    }
  });
});

describe("the README's local webhook recipe", () => {
  const processes: ChildProcess[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-readme-'));
  beforeAll(build, 180_000);
  afterAll(async () => {
    for (const child of processes) {
      // Each block ran in a process group of its own: end npm, the server and the receiver alike.
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
    }
    await sleep(500);
    for (const child of processes) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs a block with bash in the repository, as a reader pasting it into a terminal would. */
  function run(code: string, env: Record<string, string>) {
    const child = spawn('bash', ['-e', '-c', code], {
      cwd: ROOT,
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        npm_config_update_notifier: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(child);
    const output = { text: '' };
    child.stdout!.on('data', (chunk) => (output.text += chunk));
    child.stderr!.on('data', (chunk) => (output.text += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output, exited };
  }

  async function waitFor(
    block: { child: ChildProcess; output: { text: string } },
    pattern: RegExp,
    ms: number,
    what: string,
  ): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(block.output.text);
      if (match) return match;
      const done = block.child.exitCode !== null ? `the block exited ${block.child.exitCode}` : null;
      if (done || Date.now() > deadline)
        throw new Error(`${what} did not happen (${done ?? `${ms} ms`}); output:\n${block.output.text}`);
      await sleep(50);
    }
  }

  it('ends with the receiver printing a verified, signed event', { timeout: 60_000 }, async () => {
    const blocks = Object.fromEntries(blocksAfter(/recipe: [\w-]+/).map((b) => [b.name, b.code]));
    expect(Object.keys(blocks)).toEqual([
      'recipe: webhook-server',
      'recipe: webhook-receiver',
      'recipe: webhook-event',
    ]);
    const port = await freePort();
    const receiverPort = await freePort();
    const common = { ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    // 1. Roster, from `npm start`, on a fresh data directory: the first start prints a key.
    const server = run(blocks['recipe: webhook-server']!, { ...common, PORT: String(port) });
    await waitFor(server, /roster is listening/, 30_000, 'the server starting');
    const key = (await waitFor(server, /^ +(roster_[A-Za-z0-9_-]{43})$/m, 1_000, 'the first-start key'))[1]!;
    const shell = { ...common, ROSTER: `http://127.0.0.1:${port}/api/v2`, KEY: key };

    // 2. Register the local endpoint, fetch its secret, run the receiver.
    const receiver = run(blocks['recipe: webhook-receiver']!, { ...shell, RECEIVER_PORT: String(receiverPort) });
    await waitFor(receiver, /receiving webhooks at http:\/\/127\.0\.0\.1:\d+\/ada/, 15_000, 'the receiver');

    // 3. A change that sends an event.
    const event = run(blocks['recipe: webhook-event']!, shell);
    expect(await event.exited, event.output.text).toBe(0);
    expect(JSON.parse(event.output.text)).toMatchObject({ external_id: 'webhook-check' });

    const verified = await waitFor(
      receiver,
      /^verified (msg_[0-9a-f]{24}) v1\.end_user\.created ([0-9a-f]{24})$/m,
      15_000,
      'a verified delivery',
    );
    expect(verified[2]).toBe(JSON.parse(event.output.text).end_user_id);
    expect(receiver.output.text).not.toContain('rejected');
  });
});
