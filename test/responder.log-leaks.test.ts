// The http responder's answer never carries sensitive values into the log: a responder that
// answers 400 echoing its request (sensitive metadata included) is asked for a real turn, and every
// log line the server and its jobs write is searched for every planted value, on both engines.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { ENGINES, TEST_ENCRYPTION_KEY, createTestDatabase } from './helpers/harness.js';

/** Planted values of 1 to 40 characters: quotes, backslashes, repeated spaces. */
function plantedValues(): Record<string, string> {
  const alphabet = ' "\\\\ab7  9\'x';
  const values: Record<string, string> = { cvv: '739', quote: 'pa"ss\\\\word', card: '4111  1111  1111  1111' };
  for (let length = 1; length <= 40; length++) {
    let value = 'Q';
    for (let i = 1; i < length; i++) value += alphabet[(i * 5 + length) % alphabet.length];
    values[`v${length}`] = value;
  }
  return values;
}

describe.each(ENGINES)('http responder log leaks on %s', (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!().catch(() => {});
  });

  it('never logs a planted sensitive value, whatever its length, when the responder echoes its request', async () => {
    const responder = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // Echoes the part of the request it could not take: the sensitive values come first.
      req.on('end', () => {
        const sent = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify(sent.end_user.sensitive_metadata));
      });
    });
    await new Promise<void>((resolve) => responder.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => responder.close(resolve)));
    const database = await createTestDatabase(engine);
    cleanup.push(() => database.drop());
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const config = loadConfig({
      LOG_LEVEL: 'trace',
      ROSTER_RATE_LIMITS: 'off',
      ROSTER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ...database.env,
      ROSTER_RESPONDER: 'http',
      ROSTER_RESPONDER_URL: `http://127.0.0.1:${(responder.address() as AddressInfo).port}/turns`,
      ROSTER_RESPONDER_SENSITIVE: 'on',
    });
    const container = await createContainer(config, { log });
    cleanup.push(() => container.close());
    const app = await buildApp(container, { loggerInstance: log });
    cleanup.push(() => app.close());
    const key = (await container.modules.agents.service.createKey('alpha')).secret;
    const send = async (method: 'POST', url: string, body: unknown) => {
      const res = await app.inject({
        method,
        url,
        payload: body as object,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const planted = plantedValues();
    // At most 20 sensitive keys per request: created with none, then written 20 at a time.
    const user = await send('POST', '/api/v2/end-users/', {});
    const entries = Object.entries(planted);
    for (let i = 0; i < entries.length; i += 20) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/v2/end-users/${user.end_user_id}`,
        payload: { profile: { sensitive_metadata: { fields: Object.fromEntries(entries.slice(i, i + 20)) } } },
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const channel = await send('POST', '/api/v2/channels/', { name: 'Widget', description: '', modality: 'messaging' });
    const conversation = await send('POST', '/api/v2/conversations/', {
      channel_id: channel.id,
      end_user_id: user.end_user_id,
    });
    await send('POST', `/api/v2/conversations/${conversation.id}/messages/`, {
      author: { role: 'end_user', id: user.end_user_id },
      content: { type: 'text', body: 'hello' },
    });
    await container.jobs.drain();

    const text = lines.join('');
    const warnings = lines.filter((l) => l.includes('the responder gave no reply'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toContain('answered 400');
    // Values too short to be told apart from ordinary text, and numbers (timestamps, ports and
    // durations are full of digits), are searched in their quoted forms.
    const plain = (value: string) => value.trim().length >= 3 && !/^\d+$/.test(value.trim());
    const leaked = Object.values(planted).filter((value) =>
      [
        ...(plain(value) ? [value, value.replace(/\s+/g, ' ')] : []),
        JSON.stringify(value),
        JSON.stringify(JSON.stringify(value)).slice(1, -1),
      ].some((form) => text.includes(form)),
    );
    console.log(
      `[secrets] ${engine}: ${Object.keys(planted).length} planted values, ${lines.length} log lines, ${leaked.length} leaked`,
    );
    expect(leaked).toEqual([]);
  });
});
