// Testing against Roster with node:test (node --test examples/roster.node-test.mjs, after
// npm run build): one Roster for the file, a reset before each test.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startRoster } from 'roster/testing';

let roster;
before(async () => {
  roster = await startRoster();
});
after(() => roster.close());
beforeEach(() => roster.reset());

const api = (path, init = {}) =>
  fetch(`${roster.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${roster.apiKey}`, 'content-type': 'application/json' },
  });

test('a seeded end user is found by external_id', async () => {
  await roster.seed({ end_users: [{ external_id: 'crm-7', profile: { first_name: 'Ada' } }] });
  const res = await api('/api/v2/end-users/?external_id=crm-7');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).profile.first_name, 'Ada');
});

test('a 503 from Roster reaches the caller', async () => {
  roster.faults.add({ path: '/api/v2/end-users/*', status: 503, retry_after: 2 });
  const res = await api('/api/v2/end-users/');
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '2');
});
