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

export const controlSchemas = {
  reset: {
    tags: [EMULATOR_TAG],
    summary: 'Remove data, keeping AI Agents and API keys',
    description:
      "Deletes every AI Agent's end users, conversations, channels, webhooks, events, knowledge and queued jobs, or one agent's with `agent`. Agents and their API keys stay, so keys in use keep working.",
    body: ResetBody,
    response: { 204: Type.Null({ description: 'Done.' }), ...errorResponses(404) },
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
