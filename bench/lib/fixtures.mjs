// @ts-check
// The data the benchmark sends and stores: one profile shape shared by the seeded rows, the
// request bodies and the ceiling's canned answers, so every target serves bodies of one size.

export const PAGE_SIZE = 100;

/**
 * External ids of seeded users: mixed case, so lookups exercise the case-insensitive match.
 * @param {number} i
 */
export function seedExternalId(i) {
  return `CRM-${String(i).padStart(7, '0')}`;
}

/** @param {number} i */
function profileOf(i) {
  return {
    first_name: 'Maria',
    last_name: `Silva ${i % 1000}`,
    display_name: null,
    avatar: null,
    email: `maria.silva.${i}@example.com`,
    language: 'pt-BR',
    metadata: { plan: 'pro', seats: 3, region: 'eu-west' },
  };
}

/**
 * A database row as the end_users table holds it (snake_case columns, epoch ms times).
 * @param {{ id: string, agentId: string, index: number, createdAt: number, externalId?: string }} row
 * @returns {import('kysely').Insertable<import('../../src/modules/end-users/end-users.tables.js').EndUsersTable>}
 */
export function seedRow({ id, agentId, index, createdAt, externalId = seedExternalId(index) }) {
  const p = profileOf(index);
  return {
    id,
    agent_id: agentId,
    external_id: externalId,
    external_id_lower: externalId.toLowerCase(),
    first_name: p.first_name,
    last_name: p.last_name,
    display_name: p.display_name,
    avatar: p.avatar,
    email: p.email,
    language: p.language,
    metadata: JSON.stringify(p.metadata),
    created_at: createdAt,
    updated_at: createdAt,
    attached_at: null,
  };
}

/** @param {number} ms */
function wireTime(ms) {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/**
 * The wire form of a seeded user, built the way Roster presents one (for the ceiling).
 * @param {number} index
 * @param {string} [id]
 * @param {number} [at]
 */
export function wireUser(index, id = 'a'.repeat(24), at = Date.UTC(2026, 0, 1)) {
  const p = profileOf(index);
  return {
    end_user_id: id,
    external_id: seedExternalId(index),
    profile: { ...p, system_properties: { sunshine_user_id: null } },
    created_at: wireTime(at),
    updated_at: wireTime(at),
  };
}

/**
 * A full page of the list route, as the ceiling answers it.
 * @param {string} host
 */
export function wirePage(host) {
  const data = Array.from({ length: PAGE_SIZE }, (_, i) => wireUser(i + 1, (i + 1).toString(16).padStart(24, '0')));
  return {
    data,
    meta: { next_page_url: `http://${host}/api/v2/end-users/?cursor=${'b'.repeat(24)}&limit=${PAGE_SIZE}` },
  };
}

/**
 * @param {string} externalId
 * @param {number} index
 */
export function createBody(externalId, index) {
  const { display_name: _d, avatar: _a, ...profile } = profileOf(index);
  return JSON.stringify({ external_id: externalId, profile });
}

/** @param {number} n */
export function patchBody(n) {
  return JSON.stringify({ profile: { metadata: { plan: 'pro', seats: 3, region: 'eu-west', visits: n } } });
}
