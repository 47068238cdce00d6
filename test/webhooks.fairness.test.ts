// Noisy neighbours: an AI Agent whose endpoint never answers, with a large backlog, must not delay
// another agent's deliveries. Deliveries are claimed round-robin across agents, and one runner
// runs at most ROSTER_WEBHOOK_AGENT_CONCURRENCY of one agent and ROSTER_WEBHOOK_ENDPOINT_CONCURRENCY
// of one endpoint at once. On both engines.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext } from './helpers/harness.js';
import { startReceiver, startWorker } from './helpers/webhooks.js';

const BACKLOG = 1_000;
const VICTIM_EVENTS = 20;

describe.each(ENGINES)('webhook fairness on %s', (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!().catch(() => {});
  });

  it(`keeps a victim's p99 delivery latency under 2 s while another agent's endpoint hangs with ${BACKLOG} events queued`, async () => {
    const ctx = await createTestContext(engine, {
      env: {
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
        ROSTER_WEBHOOK_TIMEOUT: '20s',
        ROSTER_WEBHOOK_RETRY_SCHEDULE: '0s,1h',
      },
    });
    cleanup.push(() => ctx.close());
    // Never answers; counts the requests it holds open at once.
    let open = 0;
    let mostOpen = 0;
    let received = 0;
    const hangingServer = http.createServer((req) => {
      received++;
      mostOpen = Math.max(mostOpen, ++open);
      req.on('close', () => open--);
    });
    await new Promise<void>((resolve) => hangingServer.listen(0, '127.0.0.1', resolve));
    const hanging = { url: `http://127.0.0.1:${(hangingServer.address() as AddressInfo).port}/hooks` };
    cleanup.push(async () => {
      hangingServer.closeAllConnections();
      await new Promise((resolve) => hangingServer.close(resolve));
    });
    const victim = await startReceiver();
    cleanup.push(() => victim.close());

    const hook = async (key: string, url: string) =>
      expect((await ctx.request('POST', '/api/v2/webhooks/', { key, body: { url } })).status).toBe(201);
    await hook(ctx.keyA, hanging.url);
    await hook(ctx.keyB, victim.url);
    // The attacker's backlog, queued before the victim's first event.
    for (let i = 0; i < BACKLOG; i += 100) {
      await ctx.container.units.transaction(async (unit) => {
        for (let j = i; j < i + 100; j++)
          unit.record({ agentId: ctx.agentA, type: 'v1.end_user.created', data: { n: j } });
      });
    }
    const worker = startWorker(ctx.container);
    cleanup.push(() => worker.stop());
    // Let the attacker's deliveries take whatever slots they can.
    await new Promise((r) => setTimeout(r, 500));

    const sentAt = new Map<string, number>();
    for (let i = 0; i < VICTIM_EVENTS; i++) {
      const started = Date.now();
      const res = await ctx.request('POST', '/api/v2/end-users/', {
        key: ctx.keyB,
        body: { external_id: `victim-${i}` },
      });
      expect(res.status).toBe(201);
      sentAt.set(res.body.end_user_id, started);
      await new Promise((r) => setTimeout(r, 50));
    }
    const deliveries = await victim.waitFor(VICTIM_EVENTS, 30_000);
    const latencies = deliveries
      .map((d) => d.receivedAt - (sentAt.get(d.body.data.end_user_id) ?? Number.NaN))
      .sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
    console.log(
      `[fairness] ${engine}: ${BACKLOG} hanging deliveries queued for one agent; the other's ${VICTIM_EVENTS} deliveries p50 ${latencies[Math.floor(latencies.length / 2)]} ms, p99 ${p99} ms; the hanging endpoint held ${mostOpen} requests at once (${received} in all)`,
    );
    expect(p99).toBeLessThan(2_000);
    // The hanging endpoint holds no more than its share of the slots.
    expect(received).toBeGreaterThan(0);
    expect(mostOpen).toBeLessThanOrEqual(ctx.container.config.webhooks.endpointConcurrency);
  });
});
