// The webhooks outbox: the event sink every unit of work writes through. Inside the unit's
// transaction it reads the agent's endpoints once, stores each event at least one endpoint
// subscribes to by type (enabled or not: a disabled endpoint can replay it once enabled again),
// and queues one delivery job per subscribed, enabled endpoint whose channels the event's tags
// match. With no endpoint interested, nothing
// is written and the change costs what it did without webhooks.
import {
  eventDeliveryTags,
  type EventSink,
  type EventType,
  type RecordedEvent,
  type SinkPlan,
} from '../../platform/events.js';
import { toWireTime } from '../../lib/time.js';
import { DELIVERY_KIND, type WebhooksStore } from './webhooks.store.js';

/** The id receivers see as svix-id / webhook-id: stable across retries of one event. */
export function messageId(eventId: string): string {
  return `msg_${eventId}`;
}

/**
 * Whether an endpoint with these filters receives events of `type`; [] means every type but the
 * opt-in ones (Roster's extension types and the audit log's), which an endpoint must name.
 */
export function matchesFilters(
  eventFilters: readonly string[],
  type: string,
  optIn: ReadonlySet<string> = new Set(),
): boolean {
  return eventFilters.length === 0 ? !optIn.has(type) : eventFilters.includes(type);
}

/**
 * Whether an endpoint with these channels receives an event with these delivery tags: [] takes
 * every event, tagged or not; otherwise the event must carry at least one of the channels, so an
 * untagged event goes only to endpoints without channels.
 */
export function matchesChannels(channels: readonly string[], tags: readonly string[] | undefined): boolean {
  return channels.length === 0 || (tags !== undefined && tags.some((tag) => channels.includes(tag)));
}

/** The exact body every endpoint receives for the event. */
export function eventBody(event: RecordedEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: toWireTime(event.recordedAt),
    data: event.data,
    ...(event.tags ? { tags: event.tags } : {}),
  });
}

/**
 * The end user an event is about: every event body about an end user, or about one of their
 * conversations, names them as data.end_user_id. Erasure finds their events by it.
 */
export function subjectOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const id = (data as { end_user_id?: unknown }).end_user_id;
  return typeof id === 'string' ? id : null;
}

export interface DeliveryPayload {
  webhook_id: string;
  event_id: string;
  trigger: 'event' | 'replay';
}

export function createOutbox(deps: {
  store: WebhooksStore;
  firstAttemptDelayMs: number;
  /** The event types sent only to endpoints that name them. */
  optIn: () => ReadonlySet<string>;
}): EventSink {
  const { store, firstAttemptDelayMs } = deps;
  return {
    async plan(ex, agentId): Promise<SinkPlan> {
      const endpoints = await store.endpoints(agentId, ex);
      const optIn = deps.optIn();
      const subscribers = (type: EventType) => endpoints.filter((e) => matchesFilters(e.eventFilters, type, optIn));
      return {
        wants: (type) => subscribers(type).length > 0,
        async write(work, events) {
          for (const event of events) {
            const tags = await eventDeliveryTags(event);
            await store.insertEvent(work.ex, {
              id: event.id,
              agentId: event.agentId,
              type: event.type,
              payload: eventBody(event),
              tags: tags?.length ? JSON.stringify(tags) : null,
              endUserId: subjectOf(event.data),
              createdAt: event.recordedAt,
            });
            for (const endpoint of subscribers(event.type)) {
              if (!endpoint.enabled || !matchesChannels(endpoint.channels, tags)) continue;
              const payload: DeliveryPayload = { webhook_id: endpoint.id, event_id: event.id, trigger: 'event' };
              work.enqueue({
                kind: DELIVERY_KIND,
                agentId: event.agentId,
                group: endpoint.id,
                dedupe: `${endpoint.id}:${event.id}`,
                ref: event.id,
                payload,
                runAt: event.recordedAt + firstAttemptDelayMs,
              });
            }
          }
        },
      };
    },
  };
}
