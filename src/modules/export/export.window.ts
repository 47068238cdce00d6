// The window of an export request and its cursor. A request names a time window (one *_since,
// an optional *_to), a page size and, for messages, an optional conversation; the rules Ada
// documents are checked here, each breach a 400 naming its parameter. The cursor carries the
// window it belongs to, the end the first page fixed, and the position after the last record
// served, sealed with the server's keyring: it cannot be read, changed or used by another agent.
import type { Keyring } from '../../lib/crypto.js';
import { fieldError, type AppError } from '../../lib/errors.js';
import { normalizeId } from '../../lib/ids.js';
import type { Position } from './export.store.js';

export type ExportKind = 'conversations' | 'messages';
export type TimeField = 'created' | 'updated';

const DAY_MS = 86_400_000;
/** A window without *_to ends this long after its start. */
export const DEFAULT_WINDOW_MS = 7 * DAY_MS;
/** The longest window. */
export const MAX_WINDOW_MS = 60 * DAY_MS;
/** How far back a window may start. */
export const HISTORY_MS = 365 * DAY_MS;
export const MIN_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
/**
 * Records younger than this are left for a later request: a write that took its time before
 * committing cannot appear behind a position a client has already paged past.
 */
export const SETTLE_MS = 5_000;
/** A cursor is refused this long after the page that gave it. */
export const CURSOR_TTL_MS = DAY_MS;

/** UTC date-times ending in Z, as Ada requires: 2024-07-01T00:00:00Z, with optional fractions. */
const UTC_Z = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

export interface ExportQuery {
  created_since?: string;
  updated_since?: string;
  created_to?: string;
  updated_to?: string;
  page_size?: number;
  conversation_id?: string;
  cursor?: string;
}

export interface Window {
  kind: ExportKind;
  field: TimeField;
  since: number;
  to: number;
  pageSize: number;
  conversationId: string | null;
}

/** Where a page starts and the end every page of the window stops at. */
export interface PageStart {
  after: Position;
  end: number;
}

interface SealedCursor {
  v: 1;
  k: ExportKind;
  f: TimeField;
  s: number;
  t: number;
  n: number;
  c: string | null;
  e: number;
  a: number;
  i: string;
  /** When the page that gave the cursor was served. */
  at: number;
}

const invalid = (name: string, message: string): AppError => fieldError(`$.${name}`, message, 'query');

function parseTime(name: string, value: string): number {
  const match = UTC_Z.exec(value);
  const ms = match ? Date.parse(`${value.slice(0, 19)}.${(match[7] ?? '').padEnd(3, '0').slice(0, 3)}Z`) : NaN;
  // Date.parse rolls 2024-02-30 over to March: a date that does not round-trip does not exist.
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19)) {
    throw invalid(name, 'must be a UTC date-time ending in Z, such as 2024-07-01T00:00:00Z');
  }
  return ms;
}

/** The window a request asks for, or the 400 of its first broken rule. */
export function parseWindow(kind: ExportKind, query: ExportQuery, now: number): Window {
  const { created_since: created, updated_since: updated } = query;
  let field: TimeField = 'created';
  if (kind === 'conversations') {
    if (created !== undefined && updated !== undefined) {
      throw invalid('updated_since', 'cannot be combined with created_since; send one of them');
    }
    if (created === undefined && updated === undefined) {
      throw invalid('created_since', 'is required (or updated_since instead)');
    }
    if (updated !== undefined) field = 'updated';
  } else if (created === undefined) {
    throw invalid('created_since', 'is required');
  }
  const other: TimeField = field === 'created' ? 'updated' : 'created';
  if (query[`${other}_to`] !== undefined) {
    throw invalid(`${other}_to`, `can only be used with ${other}_since`);
  }
  const sinceName = `${field}_since` as const;
  const toName = `${field}_to` as const;
  const since = parseTime(sinceName, query[sinceName] as string);
  const rawTo = query[toName];
  const to = rawTo === undefined ? since + DEFAULT_WINDOW_MS : parseTime(toName, rawTo);
  if (since < now - HISTORY_MS) {
    throw invalid(sinceName, 'reaches further back than 12 months (365 days); exports keep a year of history');
  }
  if (to <= since) throw invalid(toName, `must be later than ${sinceName}`);
  if (to - since > MAX_WINDOW_MS) throw invalid(toName, `must be at most 60 days after ${sinceName}`);
  const pageSize = query.page_size ?? MAX_PAGE_SIZE;
  const conversationId = query.conversation_id === undefined ? null : normalizeId(query.conversation_id);
  if (query.conversation_id !== undefined && conversationId === null) {
    throw invalid('conversation_id', 'must be a conversation id (24 hex characters)');
  }
  return { kind, field, since, to, pageSize, conversationId };
}

const aad = (agentId: string) => `roster:export-cursor:${agentId}`;

/**
 * Where the page starts: the window's beginning with no cursor (the end fixed now, at the settled
 * past), or the sealed position of a cursor given by a page of this same window.
 */
export function pageStart(window: Window, cursor: string | undefined, agentId: string, keyring: Keyring, now: number) {
  if (cursor === undefined) {
    return { after: { at: window.since, id: '' }, end: Math.min(window.to, now - SETTLE_MS) };
  }
  let sealed: SealedCursor;
  try {
    sealed = JSON.parse(keyring.open(cursor, aad(agentId))) as SealedCursor;
  } catch {
    throw invalid('cursor', 'is not a cursor this server gave for this AI Agent; use next_page_uri as it was returned');
  }
  const same =
    sealed.k === window.kind &&
    sealed.f === window.field &&
    sealed.s === window.since &&
    sealed.t === window.to &&
    sealed.n === window.pageSize &&
    sealed.c === window.conversationId;
  if (!same) {
    throw invalid('cursor', 'belongs to another window; keep every parameter of next_page_uri as it was returned');
  }
  if (now - sealed.at > CURSOR_TTL_MS) {
    throw invalid('cursor', 'has expired (cursors last 24 hours); start again without a cursor');
  }
  return { after: { at: sealed.a, id: sealed.i }, end: sealed.e };
}

export function sealCursor(
  window: Window,
  start: PageStart,
  last: Position,
  agentId: string,
  keyring: Keyring,
  now: number,
) {
  const sealed: SealedCursor = {
    v: 1,
    k: window.kind,
    f: window.field,
    s: window.since,
    t: window.to,
    n: window.pageSize,
    c: window.conversationId,
    e: start.end,
    a: last.at,
    i: last.id,
    at: now,
  };
  return keyring.seal(JSON.stringify(sealed), aad(agentId));
}

/** The query of the next page: the window spelt out in full, and the cursor. */
export function nextPageQuery(window: Window, cursor: string): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const params = new URLSearchParams();
  params.set(`${window.field}_since`, iso(window.since));
  params.set(`${window.field}_to`, iso(window.to));
  params.set('page_size', String(window.pageSize));
  if (window.conversationId !== null) params.set('conversation_id', window.conversationId);
  params.set('cursor', cursor);
  return params.toString();
}
