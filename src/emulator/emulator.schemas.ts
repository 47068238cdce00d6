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

export const controlSchemas = {
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
