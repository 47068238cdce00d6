// The http responder is handed the AI Agent's persona and the enabled custom instructions whose
// availability rule holds for the conversation's end user, on both engines.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestContext, type TestContext } from './helpers/harness.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe.each(ENGINES)('persona and instructions reach the http responder (%s)', (engine) => {
  let ctx: TestContext;
  let server: http.Server;
  const calls: any[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx = await createTestContext(engine, {
      env: {
        ROSTER_RESPONDER: 'http',
        ROSTER_RESPONDER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`,
        ROSTER_RESPONDER_SECRET: SECRET,
      },
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  async function turnFor(metadata: Record<string, string>) {
    const channel = await ctx.request('POST', '/api/v2/channels/', {
      body: { name: 'Widget', description: '', modality: 'messaging' },
    });
    const user = await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata } } });
    const conversation = await ctx.request('POST', '/api/v2/conversations/', {
      body: { channel_id: channel.body.id, end_user_id: user.body.end_user_id },
    });
    await ctx.container.jobs.drain();
    return calls.find((c) => c.conversation.id === conversation.body.id);
  }

  it('sends the persona and only the instructions that apply to the end user', async () => {
    const persona = await ctx.request('PATCH', '/api/v2/persona/', {
      body: { personality: ['warm'], no_competitors: true },
    });
    await ctx.request('POST', '/api/v2/end-users/', { body: { profile: { metadata: { plan: 'seed' } } } });
    const make = async (body: Record<string, unknown>) =>
      (await ctx.request('POST', '/api/v2/custom-instructions/', { body })).body;
    const everyone = await make({ title: 'Everyone', text: 'Be kind.', enabled: true });
    const gold = await make({
      title: 'Gold',
      text: 'Offer a refund.',
      enabled: true,
      availability_rules: 'v("plan") == "GOLD" or v("plan") starts_with "plat"',
    });
    await make({ title: 'Off', text: 'Never sent.' });

    const goldTurn = await turnFor({ plan: 'gold' });
    expect(goldTurn.type).toBe('conversation.created');
    expect(goldTurn.persona).toEqual(persona.body);
    expect(goldTurn.custom_instructions).toEqual([everyone, gold]);
    expect((await turnFor({ plan: 'platinum' })).custom_instructions).toEqual([everyone, gold]);
    expect((await turnFor({ plan: 'silver' })).custom_instructions).toEqual([everyone]);
    expect((await turnFor({})).custom_instructions).toEqual([everyone]);
  });
});
