// Schemas of the emulator's control API (documented under the "Emulator" tag).
import { Type } from 'typebox';
import { errorResponses } from '../http/common.schemas.js';

export const EMULATOR_TAG = 'Emulator';

const Handle = Type.String({ minLength: 1, maxLength: 63, description: 'The handle of an AI Agent.' });

export const ResetBody = Type.Object(
  { agent: Type.Optional(Handle) },
  { additionalProperties: false, description: 'Empty, or the one AI Agent whose data goes.' },
);

const Counts = Type.Record(Type.String(), Type.Integer(), {
  description: 'How many items of each top-level key were loaded.',
});

export const ClockState = Type.Object({
  now: Type.String({ format: 'date-time', description: "Roster's time now." }),
  frozen: Type.Boolean({ description: 'True while the clock stands still (it moves only when told).' }),
});

const clockResponses = { 200: ClockState, ...errorResponses() };

export const AdvanceBody = Type.Object(
  {
    by: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 40 })], {
      description: 'Whole milliseconds, or a duration such as 90s, 25h, 7d or 1h30m.',
    }),
  },
  { additionalProperties: false },
);

export const SetBody = Type.Object(
  { time: Type.String({ format: 'date-time', description: 'The new time, ISO 8601.' }) },
  { additionalProperties: false },
);

const InboxName = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'The inbox: roster-inbox://<name>.' }),
});

export const InboxDeliverySchema = Type.Object({
  id: Type.String({ description: 'The message id (webhook-id header): the same for every attempt of one event.' }),
  type: Type.String({ description: 'The event type.' }),
  received_at: Type.String({ format: 'date-time', description: "When it arrived, on Roster's clock." }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'The request headers, signatures included.' }),
  body: Type.Unknown({ description: 'The body, parsed.' }),
  raw: Type.String({ description: 'The body as sent, for checking the signature.' }),
});

export const WaitQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 200, description: 'Only a delivery of this event type.' })),
  timeout_ms: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 60_000, description: 'How long to wait, in real time (default 5000).' }),
  ),
});

const faultFields = {
  method: Type.Optional(Type.String({ maxLength: 10, description: 'HTTP method of API requests (default any).' })),
  path: Type.Optional(
    Type.String({ maxLength: 2048, description: 'Path glob of API requests, such as /api/v2/end-users/*.' }),
  ),
  webhook: Type.Optional(
    Type.String({ maxLength: 2048, description: 'URL glob of webhook endpoints, such as roster-inbox://orders.' }),
  ),
  status: Type.Optional(Type.Integer({ description: 'Answer with this status (400 to 599).' })),
  retry_after: Type.Optional(Type.Integer({ description: 'Retry-After seconds of a 429 or 503 (default 1).' })),
  delay: Type.Optional(Type.Integer({ description: 'Milliseconds to wait first (real time).' })),
  drop: Type.Optional(Type.Boolean({ description: 'Close the connection without an answer.' })),
  times: Type.Optional(Type.Integer({ description: 'How many matching requests it applies to (default 1).' })),
};

export const FaultBody = Type.Object(faultFields, {
  additionalProperties: false,
  description: 'Exactly one of path or webhook, and status, delay or drop.',
});

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const FaultRuleSchema = Type.Object({
  id: Type.String(),
  method: nullable(Type.String()),
  path: nullable(Type.String()),
  webhook: nullable(Type.String()),
  status: nullable(Type.Integer()),
  retry_after: nullable(Type.Integer()),
  delay: nullable(Type.Integer()),
  drop: Type.Boolean(),
  times: Type.Integer(),
  remaining: Type.Integer({ description: 'How many more matches it applies to.' }),
});

export const controlSchemas = {
  listFaults: {
    tags: [EMULATOR_TAG],
    summary: 'List the active fault rules',
    response: { 200: Type.Object({ data: Type.Array(FaultRuleSchema) }), ...errorResponses() },
  },
  addFault: {
    tags: [EMULATOR_TAG],
    summary: 'Add a fault rule',
    description:
      'Makes the next `times` API requests matching `method` and the `path` glob, or webhook deliveries to endpoints matching the `webhook` glob, fail: with `status` (429 and 503 carry Retry-After: `retry_after` seconds), after a `delay`, or with the connection dropped. `*` stays within a path segment, `**` crosses segments; a trailing slash does not matter. Rules are tried in the order they were added. The control API is never faulted.',
    body: FaultBody,
    response: { 201: FaultRuleSchema, ...errorResponses() },
  },
  clearFaults: {
    tags: [EMULATOR_TAG],
    summary: 'Remove every fault rule',
    response: { 204: Type.Null({ description: 'Done.' }), ...errorResponses() },
  },
  removeFault: {
    tags: [EMULATOR_TAG],
    summary: 'Remove one fault rule',
    params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
    response: { 204: Type.Null({ description: 'Done.' }), ...errorResponses(404) },
  },
  listInbox: {
    tags: [EMULATOR_TAG],
    summary: 'List the deliveries an inbox received',
    description:
      'An endpoint registered with the URL roster-inbox://<name> delivers into this inbox, in memory, signed as any endpoint is. Oldest first; an inbox keeps the last 10,000.',
    params: InboxName,
    response: { 200: Type.Object({ data: Type.Array(InboxDeliverySchema) }), ...errorResponses() },
  },
  waitInbox: {
    tags: [EMULATOR_TAG],
    summary: 'Wait for a delivery',
    description:
      'Answers the first delivery (already received or still to come) of the given type, or of any type; 404 when none arrives within timeout_ms.',
    params: InboxName,
    querystring: WaitQuery,
    response: { 200: InboxDeliverySchema, ...errorResponses(404) },
  },
  clearInbox: {
    tags: [EMULATOR_TAG],
    summary: 'Empty an inbox',
    params: InboxName,
    response: { 204: Type.Null({ description: 'Done.' }), ...errorResponses() },
  },
  reset: {
    tags: [EMULATOR_TAG],
    summary: 'Remove data, keeping AI Agents and API keys',
    description:
      "Deletes every AI Agent's end users, conversations, channels, webhooks, events, knowledge and queued jobs, or one agent's with `agent`. Agents and their API keys stay, so keys in use keep working.",
    body: ResetBody,
    response: { 204: Type.Null({ description: 'Done.' }), ...errorResponses(404) },
  },
  getClock: {
    tags: [EMULATOR_TAG],
    summary: "Read Roster's clock",
    response: clockResponses,
  },
  advanceClock: {
    tags: [EMULATOR_TAG],
    summary: 'Move the clock forward, running what becomes due',
    description:
      'Moves the clock forward and, before answering, runs every job that became due on the way, each at its own time: webhook retries one attempt after another (and the disabling of an endpoint failing them all), then the sweeps (unattached end users, expired sensitive metadata, purges). So a test can check the outcome right after this call.',
    body: AdvanceBody,
    response: clockResponses,
  },
  setClock: {
    tags: [EMULATOR_TAG],
    summary: 'Set the clock',
    description: 'Jumps to a time. Forward, it runs what becomes due as advancing does; back, it runs nothing.',
    body: SetBody,
    response: clockResponses,
  },
  freezeClock: {
    tags: [EMULATOR_TAG],
    summary: 'Stop the clock',
    description: 'The clock stands still until it is set, advanced or resumed.',
    response: clockResponses,
  },
  resumeClock: {
    tags: [EMULATOR_TAG],
    summary: 'Let a stopped clock run again',
    description: 'Runs on from where it stands, at the pace of real time.',
    response: clockResponses,
  },
  seed: {
    tags: [EMULATOR_TAG],
    summary: 'Load a fixture',
    description:
      "Loads a fixture document, JSON (application/json) or YAML (application/yaml). Its top-level keys: `agents` (handles and API keys with given values), `end_users`, `channels`, `conversations` (with `messages`), `webhooks` and `knowledge` (sources with their `tags` and `articles`). Items belong to the agent `default` unless they name another with `agent`; an item may name itself with `ref`, and a later `*_id` field written `ref:<name>` gets its id. Each item goes through the API as it would from a client; the first refusal answers 400 with the item's path in the fixture.",
    body: Type.Unknown({ description: 'The fixture document.' }),
    response: { 200: Type.Object({ loaded: Counts }), ...errorResponses() },
  },
};
