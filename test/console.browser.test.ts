// The admin console in a real browser (Debian's Chromium driven by playwright-core), on both
// engines: denial without a session, sign-in from the keyboard, creating an API key, finding an
// end user, reading a transcript, replaying a failed webhook delivery against a local receiver
// until the attempt succeeds, the jobs, a CSRF attempt refused, and an axe-core scan of each page with no
// serious or critical violation. The SQLite run writes the README's screenshots to docs/console/.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';
import { createAdmin } from './helpers/console.js';
import { endUserText, newChannel, newConversation, postMessage } from './helpers/conversations.js';
import { startReceiver, startWorker, type Receiver } from './helpers/webhooks.js';

const CHROMIUM = process.env.ROSTER_TEST_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS = path.resolve('docs/console');
const SLOW = 120_000;

/** Skipped, after one line naming what is missing, where Chromium is not installed (CI installs it). */
function withoutChromium(): boolean {
  if (fs.existsSync(CHROMIUM)) return false;
  console.log(
    `skipped, the admin console in Chromium: no browser at ${CHROMIUM} (apt-get install chromium, or set ROSTER_TEST_CHROMIUM)`,
  );
  return true;
}

describe.skipIf(withoutChromium()).each(ENGINES)('admin console in Chromium on %s', (engine) => {
  let ctx: TestContext;
  let worker: ReturnType<typeof startWorker>;
  let receiver: Receiver;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  let base: string;
  let token: string;
  let endUserId: string;
  let conversationId: string;
  let webhookId: string;
  const shoot = async (name: string) => {
    if (engine !== ENGINES[0]) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const axeScan = async () => {
    await page.evaluate(axe.source);
    // Runs in the page (the root tsconfig has no DOM types, hence globalThis).
    const result = await page.evaluate(async () => {
      const inPage = globalThis as unknown as { axe: typeof axe; document: unknown };
      const found = await inPage.axe.run(inPage.document as Parameters<typeof axe.run>[0], {
        resultTypes: ['violations'],
      });
      return found.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  };

  beforeAll(async () => {
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_CONSOLE: 'on',
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
        // One attempt now, the next an hour later: a failed delivery stays failed until replayed.
        ROSTER_WEBHOOK_RETRY_SCHEDULE: '0s,1h',
      },
    });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    worker = startWorker(ctx.container);
    receiver = await startReceiver();
    token = await createAdmin(ctx, 'ops');

    const user = await ctx.request('POST', '/api/v2/end-users/', {
      body: {
        external_id: 'browser-ada',
        profile: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', metadata: { plan: 'gold' } },
      },
    });
    endUserId = user.body.end_user_id;
    const channel = await newChannel(ctx);
    const conversation = await newConversation(ctx, { channel_id: channel.id, end_user_id: endUserId });
    conversationId = conversation.id;
    await postMessage(ctx, conversationId, endUserText(endUserId, 'Where is my parcel?'));
    await postMessage(ctx, conversationId, endUserText(endUserId, 'It was due on Monday.'));

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await worker?.stop();
    await receiver?.close();
    await ctx?.close();
  }, SLOW);

  it(
    'shows the sign-in form and denies the API without a session',
    async () => {
      await page.goto(`${base}/console`);
      await expect.poll(() => page.getByLabel('Admin token').isVisible()).toBe(true);
      const status = await page.evaluate(async () => (await fetch('/console/api/agents')).status);
      expect(status).toBe(401);
      await axeScan();
      await shoot('sign-in');
    },
    SLOW,
  );

  it(
    'signs in from the keyboard',
    async () => {
      await page.getByLabel('Admin token').focus();
      await page.keyboard.type(token);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByText('Signed in as').textContent()).toContain('ops');
      const cookies = await browser.cookies();
      const session = cookies.find((c) => c.name === 'roster_console');
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Strict');
      expect(
        await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
      ).toBe('');
    },
    SLOW,
  );

  it(
    'creates an API key, shown once, that the API accepts',
    async () => {
      await page.getByLabel('Agent handle').fill('alpha');
      await page.getByLabel('Key name').fill('from the console');
      await page.getByRole('button', { name: 'Create key' }).click();
      const output = page.getByLabel('New API key');
      await expect.poll(() => output.textContent()).toMatch(/^roster_/);
      const secret = (await output.textContent()) as string;
      expect((await ctx.request('GET', '/api/v2/end-users/', { key: secret })).status).toBe(200);
      await expect.poll(() => page.getByRole('cell', { name: 'from the console', exact: true }).count()).toBe(1);
      await axeScan();
      await shoot('agents-and-keys');
    },
    SLOW,
  );

  it(
    'finds an end user by email and shows the profile and metadata',
    async () => {
      await page.getByLabel('AI Agent', { exact: true }).selectOption({ label: 'alpha' });
      await page.getByLabel('Find by external_id or email').fill('ada@example.com');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('link', { name: 'Ada Lovelace' }).click();
      await expect.poll(() => page.getByText('ada@example.com').count()).toBe(1);
      await expect.poll(() => page.getByRole('cell', { name: 'gold' }).count()).toBe(1);
      await axeScan();
      await shoot('end-user');
    },
    SLOW,
  );

  it(
    "reads a conversation's transcript from the end user's page",
    async () => {
      await page.getByRole('link', { name: conversationId }).click();
      const transcript = page.getByRole('list', { name: 'Messages, oldest first' });
      await expect.poll(() => transcript.getByRole('listitem').count()).toBe(2);
      const texts = await transcript.getByRole('listitem').allTextContents();
      expect(texts[0]).toContain('Where is my parcel?');
      expect(texts[1]).toContain('It was due on Monday.');
      await expect.poll(() => page.getByText('active (with the AI Agent)').count()).toBe(1);
      await axeScan();
      await shoot('conversation');
    },
    SLOW,
  );

  it(
    'replays a failed delivery and shows the attempt succeed',
    async () => {
      const hook = await ctx.request('POST', '/api/v2/webhooks/', {
        body: { url: receiver.url, event_filters: ['v1.end_user.created'] },
      });
      webhookId = hook.body.id;
      receiver.answers.push({ status: 500, body: 'receiver down for maintenance' });
      await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'browser-grace' } });
      await expect
        .poll(async () => (await ctx.request('GET', `/api/v2/webhooks/${webhookId}/attempts/`)).body.data.length, {
          timeout: 30_000,
        })
        .toBe(1);

      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('link', { name: receiver.url }).click();
      const rows = page.getByRole('table', { name: 'Attempts, newest first' }).locator('tbody tr');
      await expect.poll(() => rows.first().textContent()).toContain('receiver down for maintenance');
      expect(await rows.first().textContent()).toContain('failed');

      await page.getByRole('button', { name: 'Replay events' }).click();
      await expect.poll(() => page.getByText('queued for delivery again').textContent()).toContain('1 event');
      await receiver.waitFor(1, 30_000);
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Refresh' }).click();
            return rows.first().textContent();
          },
          { timeout: 30_000 },
        )
        .toContain('succeeded');
      expect(await rows.count()).toBe(2);
      await axeScan();
      await shoot('webhook');
    },
    SLOW,
  );

  it(
    'lists the background jobs by kind',
    async () => {
      await page.getByRole('link', { name: 'Jobs' }).click();
      const counts = page.getByRole('table', { name: 'Jobs per kind and state' });
      await expect.poll(() => counts.getByRole('cell', { name: 'jobs.purge_dead', exact: true }).count()).toBe(1);
      await axeScan();
      await shoot('jobs');
    },
    SLOW,
  );

  it(
    'refuses a change that lacks the CSRF token, from this page or from another site',
    async () => {
      const before = (await ctx.container.modules.agents.service.listKeys('alpha')).length;
      const sameOrigin = await page.evaluate(async () => {
        const res = await fetch('/console/api/keys', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agent: 'alpha', name: 'forged' }),
        });
        return res.status;
      });
      expect(sameOrigin).toBe(403);

      // Another origin on the same host (so the same site: the SameSite cookie still goes along)
      // posts a form to the console: the missing token and the foreign Origin refuse it.
      const evil = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          `<form method="post" action="${base}/console/api/keys" enctype="text/plain">
             <input name='{"agent":"alpha","name":"forged","x":"' value='"}'><button>go</button></form>`,
        );
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      try {
        const other = await browser.newPage();
        await other.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
        const answer = other.waitForResponse((r) => r.url().endsWith('/console/api/keys'));
        await other.getByRole('button', { name: 'go' }).click();
        expect((await answer).status()).toBe(403);
        await other.close();
      } finally {
        evil.close();
      }
      expect((await ctx.container.modules.agents.service.listKeys('alpha')).length).toBe(before);
    },
    SLOW,
  );
});
