// Replay (a Roster extension): queue an endpoint's past events again. The window's events that
// the endpoint's event types and channels select are read in batches of ids (at most the cap,
// ten thousand); each batch is queued in one unit of work as delivery jobs keyed by
// (endpoint, event), so replaying twice, or while a delivery of the same event is still queued,
// never makes two deliveries of one event.
import { AppError, fieldError } from '../../lib/errors.js';
import { toWireTime } from '../../lib/time.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { matchesChannels, type DeliveryPayload } from './webhooks.outbox.js';
import { DELIVERY_KIND, type Webhook, type WebhooksStore } from './webhooks.store.js';

// Two parameters per event; small enough for either engine's parameter limit.
const REPLAY_BATCH = 500;

/**
 * The most events one replay queues. Each can be retried on the whole schedule, so a replay is
 * bounded, and covers only events recorded since the endpoint was created (an endpoint made
 * today never receives what happened before it existed, such as a since-deleted person's data).
 */
export const REPLAY_MAX_EVENTS = 10_000;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;
// Date.UTC reads years 0-99 as 1900-1999; the Gregorian calendar repeats every 400 years.
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/** Epoch milliseconds of an RFC 3339 date-time (as Ajv's date-time format accepts it), or null. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const utc = Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - FOUR_CENTURIES_MS;
  const offsetMinutes = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? 0));
  return utc - offsetMinutes * 60_000;
}

/** The replay window in epoch milliseconds; `until` defaults to `now`. */
export function replayWindow(since: string, until: string | undefined, now: number): { since: number; until: number } {
  const start = parseDateTime(since);
  if (start === null)
    throw fieldError('$.since', `"${since}" is not an RFC 3339 date-time such as 2026-05-01T12:00:00Z`);
  const end = until === undefined ? now : parseDateTime(until);
  if (end === null) throw fieldError('$.until', `"${until}" is not an RFC 3339 date-time such as 2026-05-01T12:00:00Z`);
  if (start > end) {
    throw fieldError(
      '$.until',
      until === undefined
        ? `defaults to now (${toWireTime(now)}), which is before since ("${since}"); send an until at or after since`
        : `("${until}") is before since ("${since}"); the window must not end before it starts`,
    );
  }
  return { since: start, until: end };
}

/**
 * The ids of the window's events the endpoint's filters select (its event types, then its
 * channels, as live deliveries choose them), ascending; at most `max + 1`, so a caller can tell
 * that there are more than `max`.
 */
async function selectedEvents(
  store: WebhooksStore,
  webhook: Webhook,
  window: { since: number; until: number },
  types: string[],
  max: number,
): Promise<string[]> {
  const channels = webhook.channels.length === 0 ? null : webhook.channels;
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const rows = await store.eventsInWindow(webhook.agentId, { ...window, types, channels }, after, REPLAY_BATCH);
    for (const row of rows) {
      if (channels === null || matchesChannels(channels, row.tags)) ids.push(row.id);
      if (ids.length > max) return ids;
    }
    if (rows.length < REPLAY_BATCH) return ids;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}

/** Queues every event of the window that the endpoint's filters select; returns how many. */
export async function replayEvents(
  deps: { store: WebhooksStore; units: UnitOfWork },
  webhook: Webhook,
  window: { since: number; until: number },
  /** What an endpoint without filters receives: every type but the opt-in ones. */
  everyType: readonly string[],
): Promise<number> {
  const types = webhook.eventFilters.length === 0 ? [...everyType] : webhook.eventFilters;
  window = { since: Math.max(window.since, webhook.createdAt), until: window.until };
  if (window.since > window.until) return 0;
  const selected = await selectedEvents(deps.store, webhook, window, types, REPLAY_MAX_EVENTS);
  if (selected.length > REPLAY_MAX_EVENTS) {
    throw new AppError(
      'unprocessable',
      `The window holds more than ${REPLAY_MAX_EVENTS.toLocaleString('en-US')} events for this endpoint; a replay queues at most ${REPLAY_MAX_EVENTS.toLocaleString('en-US')}. Narrow since and until.`,
      { cap: REPLAY_MAX_EVENTS },
    );
  }
  for (let i = 0; i < selected.length; i += REPLAY_BATCH) {
    const eventIds = selected.slice(i, i + REPLAY_BATCH);
    // A delivery of the event still queued for the endpoint is queued again from its first
    // attempt, never doubled; one already made is made again.
    await deps.units.transaction(async (unit) => {
      for (const eventId of eventIds) {
        const payload: DeliveryPayload = { webhook_id: webhook.id, event_id: eventId, trigger: 'replay' };
        unit.enqueue({
          kind: DELIVERY_KIND,
          agentId: webhook.agentId,
          group: webhook.id,
          dedupe: `${webhook.id}:${eventId}`,
          ref: eventId,
          payload,
          onDuplicate: 'requeue',
        });
      }
    });
  }
  return selected.length;
}
