// Every event type Roster emits, with the description GET /api/v2/webhooks/event-types/ lists.
// An endpoint's event_filters may name only these.

export const EVENT_TYPES = [
  {
    name: 'v1.end_user.created',
    description: 'An end user was created: by POST /api/v2/end-users/ answering 201 (not for an existing external_id).',
  },
  {
    name: 'v1.end_user.updated',
    description:
      'A returned field of an end user changed (profile fields, metadata or external_id). Not sent for a PATCH that changes nothing visible, such as a sensitive_metadata-only write.',
  },
] as const;

export type EventType = (typeof EVENT_TYPES)[number]['name'];

export const EVENT_TYPE_NAMES: ReadonlySet<string> = new Set(EVENT_TYPES.map((t) => t.name));
