// Events: what a unit of work records when it changes something a receiver may want to hear
// about. Modules name their event types in their manifests and add them to EventTypes below
// (declaration merging), so recording an unknown type does not compile. Where events go is up
// to the event sinks (the webhooks module's outbox is one): a unit of work hands its events to
// every sink inside its transaction.
import type { Executor } from '../db/executor.js';
import type { JobInput } from '../jobs/jobs.store.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' manifests
export interface EventTypes {}

export type EventType = keyof EventTypes & string;

export interface EventDefinition {
  name: EventType;
  description: string;
  /** What a receiver gets, for the OpenAPI document: the name of the body's component schema and an example. */
  body?: { component: string; example: unknown };
  /**
   * A Roster extension rather than one of Ada's event types: sent only to endpoints that name it
   * in their filters, and listed by the event-types route only when asked for extensions.
   */
  extension?: boolean;
  /**
   * Sent only to endpoints that name it in their event_filters: an endpoint that takes every event
   * (no filters) does not get it. For events with an audience of their own (the audit log's).
   */
  optIn?: boolean;
}

export interface EventInput {
  agentId: string;
  type: EventType;
  /**
   * The event's data, or a function that reads it: called only when a sink keeps the event, so a
   * change nobody listens to never pays for building it. It runs inside the unit's transaction.
   */
  data: unknown;
  /** Tags carried in the payload (end-user events carry the end user's id). */
  tags?: string[];
  /**
   * Delivery-layer tags, stored with the event but not sent in its body, which an endpoint's
   * channels filter matches: a custom channel's conversation events carry the channel's id, the
   * events of a conversation in a human handoff the integration's name. Like `data`, it may be a
   * function that reads them, called only when a sink keeps the event.
   */
  deliveryTags?: string[] | (() => Promise<string[]>);
}

/** An event as recorded: its id and time are fixed when the unit of work records it. */
export interface RecordedEvent extends EventInput {
  id: string;
  recordedAt: number;
}

/** The data of an event, read now if it was given as a function. */
export async function eventData(event: EventInput): Promise<unknown> {
  return typeof event.data === 'function' ? (event.data as () => unknown)() : event.data;
}

/** The delivery tags of an event, read now if they were given as a function. */
export async function eventDeliveryTags(event: EventInput): Promise<string[] | undefined> {
  return typeof event.deliveryTags === 'function' ? event.deliveryTags() : event.deliveryTags;
}

/** What a sink may do inside the unit's transaction besides its own statements. */
export interface SinkWork {
  readonly ex: Executor;
  enqueue(job: JobInput): void;
}

/** A sink's view of one AI Agent, read once per unit of work. */
export interface SinkPlan {
  /** Whether this sink would write anything for an event of `type`. */
  wants(type: EventType): boolean;
  /** Writes what the sink keeps of the events, inside the unit's transaction. */
  write(work: SinkWork, events: RecordedEvent[]): Promise<void>;
}

export interface EventSink {
  plan(ex: Executor, agentId: string): Promise<SinkPlan>;
}
