// The admin console in a real browser (Debian's Chromium driven by playwright-core), on both
// engines: denial without a session, sign-in from the keyboard, creating an API key, finding an
// end user, reading a transcript, ending a human handoff, replaying a failed webhook delivery
// against a local receiver until the attempt succeeds, the audit log, the jobs with an erasure's
// progress, the emulator's clock and seed, a CSRF attempt refused, and an axe-core scan of each
// page with no serious or critical violation. The SQLite run takes the README's screenshots: into
// a temporary folder, so a test run leaves the working tree as it was, or into docs/console/ with
// ROSTER_WRITE_SCREENSHOTS=1 (npm run console:screenshots).
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
import { endUserText, handOff, newChannel, newConversation, postMessage } from './helpers/conversations.js';
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
const SHOTS =
  process.env.ROSTER_WRITE_SCREENSHOTS === '1'
    ? path.resolve('docs/console')
    : path.join(os.tmpdir(), `roster-console-shots-${process.pid}`);
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
    const file = path.join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size, `${name}.png`).toBeGreaterThan(0);
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
        // The emulator's panel is listed only with the emulator on.
        ROSTER_EMULATOR: 'on',
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
    if (process.env.ROSTER_WRITE_SCREENSHOTS !== '1') fs.rmSync(SHOTS, { recursive: true, force: true });
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
      await expect.poll(() => page.getByText('No active handoff').count()).toBe(1);
      await axeScan();
      await shoot('conversation');
    },
    SLOW,
  );

  it(
    'shows an active handoff and ends it from the keyboard, after a confirmation',
    async () => {
      await handOff(ctx, conversationId, 'zendesk_chat');
      await page.reload();
      const state = page.locator('#handoff-state');
      await expect.poll(() => state.textContent()).toContain('In an active handoff to zendesk_chat');
      expect(await page.getByText('active (handed off to zendesk_chat)').count()).toBe(1);
      await axeScan();
      await page.getByRole('button', { name: 'End handoff' }).focus();
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('group', { name: 'Confirm ending the handoff' });
      await expect.poll(() => confirm.isVisible()).toBe(true);
      // The safe choice has the focus; Tab goes back to the one that ends it.
      await expect
        .poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.textContent))
        .toBe('Keep the handoff');
      await page.keyboard.press('Shift+Tab');
      await shoot('handoff');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The handoff has ended');
      await expect.poll(() => state.textContent()).toContain('No active handoff');
      await expect.poll(() => page.getByText('active (with the AI Agent)').count()).toBe(1);
      const stored = await ctx.container.modules.conversations.store.findById(ctx.agentA, conversationId);
      expect(stored?.handoffIntegration).toBeNull();
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
    "lists the agent's audit log, with the webhook created above",
    async () => {
      await page.getByRole('link', { name: 'Audit log' }).click();
      const table = page.getByRole('table', { name: 'Audit log, newest first' });
      const row = table.locator('tbody tr', { hasText: webhookId });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain('webhook');
      expect(await row.textContent()).toContain('created');
      expect(await row.textContent()).toContain('api_key');
      // A window with no changes in it.
      await page.getByLabel('To').fill('2020-01-02T00:00:00Z');
      await page.getByLabel('From').fill('2020-01-01T00:00:00Z');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect.poll(() => page.getByText('No configuration changes in this window.').count()).toBe(1);
      await page.getByLabel('From').fill(new Date(Date.now() - 86_400_000).toISOString());
      await page.getByLabel('To').fill('');
      await page.keyboard.press('Enter');
      await expect.poll(() => row.count()).toBe(1);
      await axeScan();
      await shoot('audit');
    },
    SLOW,
  );

  it(
    "lists the background jobs by kind, and an erasure's progress",
    async () => {
      await ctx.request('POST', '/api/v2/end-users/', { body: { external_id: 'browser-forget' } });
      const erasure = await ctx.request('POST', '/api/v2/end-users/delete', {
        body: { identifiers: [{ type: 'external_id', value: 'browser-forget' }] },
      });
      expect(erasure.status).toBe(202);
      await expect
        .poll(async () => (await ctx.request('GET', `/api/v2/jobs/${erasure.body.job_id}`)).body.status, {
          timeout: 30_000,
        })
        .toBe('completed');
      await page.getByRole('link', { name: 'Jobs' }).click();
      const counts = page.getByRole('table', { name: 'Jobs per kind and state' });
      await expect.poll(() => counts.getByRole('cell', { name: 'jobs.purge_dead', exact: true }).count()).toBe(1);
      const erasures = page.getByRole('table', { name: /^Erasures of every AI Agent/ });
      const row = erasures.locator('tbody tr', { hasText: erasure.body.job_id });
      await expect.poll(() => row.textContent()).toContain('1 of 1 end users erased');
      expect(await row.textContent()).toContain('completed');
      await axeScan();
      await shoot('jobs');
    },
    SLOW,
  );

  it(
    "moves the emulator's clock and seeds a fixture from its panel",
    async () => {
      await page.getByRole('link', { name: 'Emulator' }).click();
      const now = page.locator('#emulator-now time');
      await expect.poll(() => now.count()).toBe(1);
      const before = Date.parse((await now.getAttribute('datetime')) as string);
      await page.getByLabel('Advance the clock by').fill('2h');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The clock now reads');
      const after = Date.parse((await now.getAttribute('datetime')) as string);
      // Two hours on, plus the real time the clock ran meanwhile.
      expect(after - before).toBeGreaterThanOrEqual(2 * 60 * 60 * 1000);
      expect(after - before).toBeLessThan(2 * 60 * 60 * 1000 + 60_000);
      expect(Math.abs(ctx.clock.now() - after)).toBeLessThan(60_000);
      // Still signed in: sessions keep real time.
      expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(200);

      // Reset asks first, with the focus on keeping the data.
      await page.getByRole('button', { name: 'Reset…' }).click();
      await expect.poll(() => page.getByRole('group', { name: 'Confirm the reset' }).isVisible()).toBe(true);
      await expect
        .poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.textContent))
        .toBe('Keep the data');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('button', { name: 'Reset…' }).isVisible()).toBe(true);

      await page
        .getByLabel('Fixture (YAML or JSON)')
        .fill('end_users:\n  - agent: alpha\n    external_id: seeded-in-the-console\n');
      await page.getByRole('button', { name: 'Load fixture' }).click();
      await expect.poll(() => page.getByText('Loaded: end_users 1.').count()).toBe(1);
      const found = await ctx.request('GET', '/api/v2/end-users/?external_id=seeded-in-the-console');
      expect(found.status).toBe(200);
      await axeScan();
      await shoot('emulator');
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
