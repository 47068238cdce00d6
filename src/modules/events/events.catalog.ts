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
  {
    name: 'v1.conversation.created',
    description:
      'A conversation was created on a custom channel by POST /api/v2/conversations/. When the request created the end user too, v1.end_user.created comes first.',
  },
  {
    name: 'v1.conversation.message',
    description:
      "A message was added to a conversation: the end user's and human agents' messages posted through the API, and the AI Agent's replies.",
  },
  {
    name: 'v1.conversation.ended',
    description:
      'A conversation was ended by POST /api/v2/conversations/{id}/end/ (sent once; ending again sends nothing).',
  },
] as const;

export type EventType = (typeof EVENT_TYPES)[number]['name'];

export const EVENT_TYPE_NAMES: ReadonlySet<string> = new Set(EVENT_TYPES.map((t) => t.name));
