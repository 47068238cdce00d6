// Wire schemas of the Webhook management API and Roster's two extensions (the delivery log and
// replay). Request schemas bound every field; response schemas are allowlists, so neither a
// signing secret nor an internal column can reach a client through the endpoint object.
import { Type, type Static } from 'typebox';
import {
  IdParam,
  PageMeta,
  PageQuery,
  errorResponses,
  nullable,
  WireTime,
  WireUrl,
} from '../../http/common.schemas.js';
import { URL_MAX_LENGTH } from './webhooks.url.js';

export const DESCRIPTION_MAX = 1_000;
export const EVENT_FILTERS_MAX = 50;
export const CHANNELS_MAX = 100;
/**
 * What a channel filter value may be: the shape of every delivery tag an event can carry (a
 * custom channel's id, a human integration's name as responders must give it).
 */
export const CHANNEL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
// The longest event type name the events table can hold.
const EVENT_NAME_MAX = 64;
const CUSTOM_KEY_MAX = 256;
const TIME_MAX = 64;

const TAGS = ['Webhooks'];

const Url = Type.String({
  maxLength: URL_MAX_LENGTH,
  description: `Where events are POSTed: an absolute https URL of at most ${URL_MAX_LENGTH} characters that points to a public address.`,
});
const Description = Type.String({
  maxLength: DESCRIPTION_MAX,
  description: `Free text for your own reference, at most ${DESCRIPTION_MAX} characters.`,
});
const EventFilters = Type.Array(Type.String({ maxLength: EVENT_NAME_MAX }), {
  maxItems: EVENT_FILTERS_MAX,
  description: `Event type names this endpoint receives (see GET /api/v2/webhooks/event-types/), at most ${EVENT_FILTERS_MAX}. An empty list subscribes to every event type; repeated names count once.`,
});
const Channels = Type.Array(
  Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: CHANNEL_PATTERN,
    description:
      'A custom channel id, or the name of a human integration (1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit).',
  }),
  {
    maxItems: CHANNELS_MAX,
    description: `Roster extension, not part of Ada's API: the channels this endpoint receives events of, at most ${CHANNELS_MAX}; each value is a custom channel id or a human integration's name, matched exactly. The endpoint then receives only events tagged with at least one of them (conversation events of a custom channel carry its id; events of a conversation in a human handoff carry the integration's name), and no untagged event. An empty list (the default) receives every event, tagged or not. Repeated values count once. PATCH replaces the whole list.`,
  },
);
const Enabled = Type.Boolean({
  description: 'Whether events are delivered to this endpoint. Roster turns it off after deliveries keep failing.',
});

export const CreateWebhookBody = Type.Object(
  {
    url: Url,
    description: Type.Optional(Description),
    event_filters: Type.Optional(EventFilters),
    channels: Type.Optional(Channels),
    enabled: Type.Optional(Enabled),
  },
  { required: ['url'] },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const PatchWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    event_filters: Type.Optional(EventFilters),
    channels: Type.Optional(Channels),
    enabled: Type.Optional(Enabled),
  },
  { description: 'Send only the fields to change; the others keep their values. {} changes nothing.' },
);
export type PatchWebhookBody = Static<typeof PatchWebhookBody>;

export const RotateSecretBody = Type.Object(
  {
    key: Type.Optional(
      Type.String({
        maxLength: CUSTOM_KEY_MAX,
        description:
          'A signing secret of your choosing: the standard base64 of 24 to 64 random bytes, with or without the prefix "whsec_" (kept with it). Omit it to have Roster generate one.',
      }),
    ),
  },
  { description: 'Optional: the request may have no body at all.' },
);
export type RotateSecretBody = Static<typeof RotateSecretBody>;

const Time = (what: string) =>
  Type.String({
    maxLength: TIME_MAX,
    format: 'date-time',
    description: `${what} RFC 3339 date and time with an offset, such as 2026-05-01T12:00:00Z.`,
  });

export const ReplayBody = Type.Object(
  {
    since: Time('Start of the window, inclusive:'),
    until: Type.Optional(Time('End of the window, inclusive (default: now):')),
  },
  { required: ['since'] },
);
export type ReplayBody = Static<typeof ReplayBody>;

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: WireUrl(),
  description: Type.String(),
  event_filters: Type.Array(Type.String(), { description: 'Event types delivered; empty means every event type.' }),
  channels: Type.Array(Type.String(), {
    description:
      "Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not.",
  }),
  enabled: Type.Boolean(),
  created_at: WireTime(),
  updated_at: WireTime('RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.'),
});
export type WebhookWire = Static<typeof WebhookSchema>;

export const AttemptSchema = Type.Object({
  id: Type.String(),
  webhook_id: Type.String(),
  message_id: Type.String({
    description: 'The svix-id / webhook-id header of the delivery; the same for every attempt at one event.',
  }),
  event_type: Type.String(),
  attempt: Type.Integer({ description: 'Which attempt at this event this was, counting from 1.' }),
  trigger: Type.Union([Type.Literal('event'), Type.Literal('replay')], {
    description: 'event: the first delivery of the event; replay: queued again by a replay.',
  }),
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  status_code: nullable(
    Type.Integer({ description: 'HTTP status the receiver answered; null when no answer arrived.' }),
  ),
  duration_ms: Type.Integer(),
  error: nullable(Type.String({ description: 'Why the attempt failed, when it did.' })),
  response_body: nullable(Type.String({ description: "The start of the receiver's answer, when there was one." })),
  created_at: WireTime('When the attempt finished.'),
});
export type AttemptWire = Static<typeof AttemptSchema>;

export type ListQuery = { limit?: number; cursor?: string };

const WebhookParams = IdParam('webhook_id', 'webhook');
const Empty = Type.Object({}, { additionalProperties: false });

export const routeSchemas = {
  create: {
    tags: TAGS,
    summary: 'Create a webhook endpoint',
    description:
      'Registers an endpoint and gives it a new signing secret (read it with GET .../secret/). Unknown event type names are refused with 400; with no event_filters the endpoint receives every event type. channels (a Roster extension) narrows deliveries to events tagged with one of the listed custom channel ids or human integration names. An AI Agent has at most ROSTER_WEBHOOK_MAX_ENDPOINTS endpoints (50 by default); one more is refused with 422, details {"cap": n}.',
    body: CreateWebhookBody,
    response: { 201: WebhookSchema, ...errorResponses(413, 422) },
  },
  list: {
    tags: TAGS,
    summary: 'List webhook endpoints',
    description: "A page of this AI Agent's endpoints, oldest first. Follow meta.next_page_url for the next page.",
    querystring: Type.Object(PageQuery),
    response: { 200: Type.Object({ data: Type.Array(WebhookSchema), meta: PageMeta }), ...errorResponses() },
  },
  eventTypes: {
    tags: TAGS,
    summary: 'List the event types',
    description:
      "Ada's event types, by name, with what makes each fire. With include=extensions, Roster's extension types too (roster.*), which are sent only to endpoints that name them in event_filters. These are the names event_filters accepts.",
    querystring: Type.Object({
      include: Type.Optional(
        Type.Literal('extensions', { description: "extensions: list Roster's extension event types as well." }),
      ),
    }),
    response: {
      200: Type.Object({ data: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })) }),
      ...errorResponses(),
    },
  },
  get: {
    tags: TAGS,
    summary: 'Get a webhook endpoint',
    params: WebhookParams,
    response: { 200: WebhookSchema, ...errorResponses(404) },
  },
  patch: {
    tags: TAGS,
    summary: 'Update a webhook endpoint',
    description:
      'Changes only the fields sent, with the rules of create for each. Turning a disabled endpoint back on with enabled: true also forgets its earlier run of failures.',
    params: WebhookParams,
    body: PatchWebhookBody,
    response: { 200: WebhookSchema, ...errorResponses(404, 413) },
  },
  delete: {
    tags: TAGS,
    summary: 'Delete a webhook endpoint',
    description:
      'Deletes the endpoint together with its queued deliveries and its delivery log. Answers 204 with no body.',
    params: WebhookParams,
    response: { 204: Type.Null({ description: 'Deleted; the response has no body.' }), ...errorResponses(404) },
  },
  getSecret: {
    tags: TAGS,
    summary: 'Get the signing secret of a webhook endpoint',
    description:
      'The secret deliveries are signed with, as {"key": "whsec_..."}. The base64 after "whsec_" is the HMAC-SHA256 key; stock Svix and Standard Webhooks libraries take the whole string.',
    params: WebhookParams,
    response: { 200: Type.Object({ key: Type.String() }), ...errorResponses(404) },
  },
  rotateSecret: {
    tags: TAGS,
    summary: 'Rotate the signing secret of a webhook endpoint',
    description:
      'Replaces the signing secret with the given key, or with a generated one. The answer is {}: read the new secret with GET .../secret/. For a grace period (24 hours by default) deliveries carry a signature with the new and with the replaced secret, so receivers can switch over without dropping events.',
    params: WebhookParams,
    body: RotateSecretBody,
    'x-optional-body': true,
    response: { 200: Empty, ...errorResponses(404, 413) },
  },
  attempts: {
    tags: TAGS,
    summary: 'List delivery attempts of a webhook endpoint (Roster extension)',
    description:
      "Roster extension, not part of Ada's API: the delivery log of the endpoint, newest attempt first, one record per HTTP request made. Paginated like the lists (cursor is the id of the first record of the page).",
    params: WebhookParams,
    querystring: Type.Object(PageQuery),
    response: { 200: Type.Object({ data: Type.Array(AttemptSchema), meta: PageMeta }), ...errorResponses(404) },
  },
  replay: {
    tags: TAGS,
    summary: 'Replay past events to a webhook endpoint (Roster extension)',
    description:
      'Roster extension, not part of Ada\'s API: queues again, for prompt delivery, every event of this AI Agent created between since and until (both inclusive) that the endpoint\'s current event_filters select, whether or not it was delivered before, and recorded since the endpoint was created. Answers 202 with the number of events queued. A disabled endpoint must be enabled first (422); a window holding more than 10,000 events is refused (422, details {"cap": 10000}); while deliveries queued by an earlier replay of the endpoint are still waiting, another replay is refused (409).',
    params: WebhookParams,
    body: ReplayBody,
    response: {
      202: Type.Object({ replayed: Type.Integer({ description: 'How many events were queued.' }) }),
      ...errorResponses(404, 409, 413, 422),
    },
  },
};
