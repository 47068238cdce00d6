// Testing against Roster with jest (after npm run build; jest runs ES modules with
// NODE_OPTIONS=--experimental-vm-modules npx jest): one Roster for the file, a reset before each test.
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import { startRoster } from 'roster/testing';

let roster;
beforeAll(async () => {
  roster = await startRoster();
});
afterAll(() => roster.close());
beforeEach(() => roster.reset());

test('an unattached end user is deleted 24 hours later', async () => {
  const headers = { authorization: `Bearer ${roster.apiKey}`, 'content-type': 'application/json' };
  const created = await fetch(`${roster.baseUrl}/api/v2/end-users/`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ external_id: 'short-lived' }),
  });
  const { end_user_id: id } = await created.json();
  await roster.clock.advance('24h');
  const res = await fetch(`${roster.baseUrl}/api/v2/end-users/${id}`, { headers });
  expect(res.status).toBe(404);
});
