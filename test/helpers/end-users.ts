// Shared builders and assertions for the End Users integration suites.
import { expect } from 'vitest';
import { expectError, type ApiResponse, type TestContext } from './harness.js';

export const USERS = '/api/v2/end-users/';
export const ID_RE = /^[0-9a-f]{24}$/;
export const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
export const PROFILE_KEYS = [
  'avatar',
  'display_name',
  'email',
  'first_name',
  'language',
  'last_name',
  'metadata',
  'system_properties',
];
export const USER_KEYS = ['created_at', 'end_user_id', 'external_id', 'profile', 'updated_at'];

export function createUser(ctx: TestContext, body: unknown = {}, key?: string): Promise<ApiResponse> {
  return ctx.request('POST', USERS, { body, ...(key ? { key } : {}) });
}

export function getUser(ctx: TestContext, id: string, key?: string): Promise<ApiResponse> {
  return ctx.request('GET', `${USERS}${id}`, key ? { key } : {});
}

export function patchUser(ctx: TestContext, id: string, body: unknown, key?: string): Promise<ApiResponse> {
  return ctx.request('PATCH', `${USERS}${id}`, { body, ...(key ? { key } : {}) });
}

/** Creates an end user and returns its wire form, failing unless the answer is 201. */
export async function newUser(ctx: TestContext, body: unknown = {}, key?: string): Promise<any> {
  const res = await createUser(ctx, body, key);
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.raw}`);
  return res.body;
}

/** Asserts the exact wire shape of an end user: documented keys only, typed as documented. */
export function expectEndUserShape(user: any): void {
  expect(Object.keys(user).sort()).toEqual(USER_KEYS);
  expect(Object.keys(user.profile).sort()).toEqual(PROFILE_KEYS);
  expect(user.end_user_id).toMatch(ID_RE);
  expect(user.external_id === null || typeof user.external_id === 'string').toBe(true);
  for (const field of ['first_name', 'last_name', 'display_name', 'avatar', 'email', 'language']) {
    const value = user.profile[field];
    expect(value === null || typeof value === 'string', `profile.${field}`).toBe(true);
  }
  expect(user.profile.metadata).toBeTypeOf('object');
  expect(Array.isArray(user.profile.metadata)).toBe(false);
  expect(user.profile.system_properties).toStrictEqual({ sunshine_user_id: null });
  expect(user.created_at).toMatch(TIME_RE);
  expect(user.updated_at).toMatch(TIME_RE);
}

/** Asserts a 400 validation_error whose only detail names `parameter` at `location`. */
export function expectInvalid(res: ApiResponse, parameter: string, location = 'body') {
  const error = expectError(res, 400, 'validation_error');
  expect(error.details, res.raw).toStrictEqual([{ parameter, location, message: expect.any(String) }]);
  expect(error.details[0].message.length).toBeGreaterThan(0);
  return error;
}

/** Asserts a 404 not_found. */
export function expectNotFound(res: ApiResponse) {
  const error = expectError(res, 404, 'not_found');
  expect(error.details).toBeNull();
  return error;
}

export const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Metadata whose compact JSON is exactly `bytes` UTF-8 bytes, with 2-, 3- and 4-byte characters
 * in keys and values so that counting characters instead of bytes would give the wrong size.
 */
export function metadataOfBytes(bytes: number, prefix = 'k'): Record<string, string | number | boolean> {
  const metadata: Record<string, string | number | boolean> = {
    [`${prefix}é`]: 'ü€😀',
    [`${prefix}_n`]: 42,
    [`${prefix}_b`]: true,
    [`${prefix}_pad`]: '',
  };
  let pad = '';
  // Mostly 3-byte characters, topped up with ASCII to land exactly on the target.
  while (utf8Bytes({ ...metadata, [`${prefix}_pad`]: pad + '€' }) <= bytes) pad += '€';
  while (utf8Bytes({ ...metadata, [`${prefix}_pad`]: pad }) < bytes) pad += 'a';
  metadata[`${prefix}_pad`] = pad;
  if (utf8Bytes(metadata) !== bytes) throw new Error(`could not build metadata of ${bytes} bytes`);
  return metadata;
}

/** Path and query of an absolute URL, to replay a next_page_url through app.inject. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Every end user of the key's agent, following next_page_url until it is null. */
export async function listAll(ctx: TestContext, key?: string, limit = 100): Promise<any[]> {
  const all: any[] = [];
  let url: string | null = `${USERS}?limit=${limit}`;
  for (let guard = 0; url !== null; guard++) {
    if (guard > 1000) throw new Error('pagination does not end');
    const res: ApiResponse = await ctx.request('GET', url, key ? { key } : {});
    if (res.status !== 200) throw new Error(`list answered ${res.status}: ${res.raw}`);
    all.push(...res.body.data);
    url = res.body.meta.next_page_url === null ? null : pathOf(res.body.meta.next_page_url);
  }
  return all;
}

/** `text` with the case of its letters chosen by `mask` bits, for mixed-casing races. */
export function mixCase(text: string, mask: number): string {
  return [...text].map((c, i) => ((mask >> i) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
}
