// @ts-check
// Set-up of conversations mode: the script the responder runs, the channel and conversations
// made over HTTP, and the request stream of each scenario.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../drive.mjs';
import { createBody } from '../fixtures.mjs';
/** @import { MakeRequest } from '../scenarios.mjs' */

/** @typedef {(typeof CONVERSATION_SCENARIOS)[number]['name']} ConversationScenario */
/** A conversation of the pool and its end user. @typedef {{ id: string, endUserId: string }} PoolConversation */
/** @typedef {Awaited<ReturnType<typeof setUp>>} Fixture */

export const POOL = 200;

/** A script that answers every end-user message with exactly one reply, so replies can be counted. */
export function writeScript() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-script-'));
  const file = path.join(dir, 'script.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ rules: [{ pattern: 'order #(\\d+)', reply: 'Order $1 is on its way.' }], fallback: 'Noted.' }),
  );
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const CONVERSATION_SCENARIOS = /** @type {const} */ ([
  { name: 'end-user create', describe: 'POST /end-users/, unique external_id (the reference)' },
  {
    name: 'conversation create',
    describe: 'POST /conversations/ without end_user_id: a new end user, attached, and the conversation',
  },
  {
    name: 'message post',
    describe: 'POST /conversations/{id}/messages/, an end-user text message to one of 200 conversations',
  },
  { name: 'message list', describe: 'GET /conversations/{id}/messages/, a page of 100' },
  { name: 'conversation get', describe: 'GET /conversations/{id}/ of one of 200 conversations' },
  {
    name: 'message post + reply',
    describe: 'message post with ROSTER_RESPONDER=script: every message also gets an AI Agent reply',
  },
]);

/**
 * A channel, POOL conversations with their end users, and one conversation holding 100 messages.
 * @param {string} url
 * @param {string} apiKey
 */
export async function setUp(url, apiKey) {
  const channel = /** @type {{ id: string }} */ (
    await api(url, apiKey, 'POST', '/api/v2/channels/', {
      name: 'Bench',
      description: 'bench',
      modality: 'messaging',
    })
  );
  /** @type {PoolConversation[]} */
  const pool = [];
  for (let i = 0; i < POOL; i++) {
    const c = /** @type {{ id: string, end_user_id: string }} */ (
      await api(url, apiKey, 'POST', '/api/v2/conversations/', { channel_id: channel.id })
    );
    pool.push({ id: c.id, endUserId: c.end_user_id });
  }
  const long = pool[0];
  if (!long) throw new Error('no conversation was created');
  for (let i = 0; i < 100; i++) {
    await api(url, apiKey, 'POST', `/api/v2/conversations/${long.id}/messages/`, {
      author: { role: 'end_user', id: long.endUserId },
      content: { type: 'text', body: `message ${i}` },
    });
  }
  return { channelId: channel.id, pool, long };
}

/**
 * The request stream of each scenario.
 * @param {Fixture} fixture
 * @returns {Record<ConversationScenario, MakeRequest>}
 */
export function makers(fixture) {
  const pick = () => {
    const c = fixture.pool[Math.floor(Math.random() * fixture.pool.length)];
    if (!c) throw new Error('the conversation pool is empty');
    return c;
  };
  let creates = 0;
  let posts = 0;
  const tag = Date.now().toString(36);
  /** @type {MakeRequest} */
  const post = () => {
    const c = pick();
    const body = {
      author: { role: 'end_user', id: c.endUserId },
      content: { type: 'text', body: `Where is order #${posts++}?` },
    };
    return { method: 'POST', path: `/api/v2/conversations/${c.id}/messages/`, body: JSON.stringify(body) };
  };
  return {
    'end-user create': () => {
      const n = creates++;
      return { method: 'POST', path: '/api/v2/end-users/', body: createBody(`conv-bench-${tag}-${n}`, n) };
    },
    'conversation create': () => ({
      method: 'POST',
      path: '/api/v2/conversations/',
      body: JSON.stringify({ channel_id: fixture.channelId, metadata: { source: 'bench' } }),
    }),
    'message post': post,
    'message list': () => ({ method: 'GET', path: `/api/v2/conversations/${fixture.long.id}/messages/?limit=100` }),
    'conversation get': () => ({ method: 'GET', path: `/api/v2/conversations/${pick().id}/` }),
    'message post + reply': post,
  };
}
