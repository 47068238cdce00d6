import fastJson from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { presentEndUser } from './end-users.presenter.js';
import { EndUserList, EndUserSchema } from './end-users.schemas.js';
import { toEndUser, type EndUserRecord } from './end-users.store.js';
import { endUserJson, endUserPageJson } from './end-users.wire.js';

const bySchema = fastJson(EndUserSchema as fastJson.Schema);
const pageBySchema = fastJson(EndUserList as fastJson.Schema, {
  schema: { EndUser: EndUserSchema as fastJson.Schema },
});

const awkward = [
  'plain',
  'quote " and \\ backslash',
  'line\nbreak\ttab',
  'ünïcödé ✓ 𝄞',
  '\u0001\u001f',
  '</script>',
  '',
];

function record(i: number): EndUserRecord {
  const pick = (offset: number) => ((i + offset) % 3 === 0 ? null : awkward[(i + offset) % awkward.length]!);
  const metadata: Record<string, string | number | boolean> = {};
  for (let k = 0; k < i % 5; k++) metadata[awkward[(i + k) % awkward.length]! + k] = k % 2 ? k * 1.5 : k % 3 === 0;
  return [
    (0x65f1a2b3c4d5e6f7a8b9c0d0n + BigInt(i)).toString(16).padStart(24, '0'),
    pick(0),
    pick(1),
    pick(2),
    pick(3),
    pick(4),
    pick(5),
    pick(6),
    JSON.stringify(metadata),
    1_700_000_000_000 + i * 7919,
    1_700_000_000_000 + i * 104_729,
  ];
}

/** The same end user as the store's full row, for the schema's own serializer. */
function asUser(r: EndUserRecord) {
  const [id, external_id, first_name, last_name, display_name, avatar, email, language, metadata] = r;
  return presentEndUser(
    toEndUser({
      id,
      agent_id: 'agent',
      external_id,
      external_id_lower: null,
      first_name,
      last_name,
      display_name,
      avatar,
      email,
      language,
      metadata,
      created_at: r[9],
      updated_at: r[10],
      attached_at: null,
    }),
  );
}

describe('end users written from their stored rows', () => {
  it("writes exactly the bytes of the response schema's serializer", () => {
    for (let i = 0; i < 200; i++) {
      const row = record(i);
      expect(endUserJson(row)).toBe(bySchema(asUser(row)));
    }
  });

  it('writes a page, with and without a next page', () => {
    const rows = Array.from({ length: 25 }, (_, i) => record(i));
    for (const next of [null, 'http://127.0.0.1:3000/api/v2/end-users/?cursor=65f1a2b3c4d5e6f7a8b9c0d0&limit=25']) {
      expect(endUserPageJson(rows, next)).toBe(pageBySchema({ data: rows.map(asUser), meta: { next_page_url: next } }));
    }
    expect(JSON.parse(endUserPageJson([], null))).toEqual({ data: [], meta: { next_page_url: null } });
  });
});
