// Wire schemas of the Persona and Custom Instructions APIs. The persona PATCH rejects unknown
// fields (as Ada documents); every field is bounded; responses are allowlists.
import { Type, type Static } from 'typebox';
import { IdParam, PageMeta, PageQuery, errorResponses, nullable } from '../../http/common.schemas.js';
import { RULE_MAX_LENGTH } from './rule-expression.js';

export const PERSONALITY_MAX = 20;
export const TRAIT_MAX = 100;
export const EMOJIS_MAX = 1_000;
export const COMPANY_MAX = 5_000;
export const URL_MAX = 2_048;
export const COMPETITORS_MAX = 2_000;
export const TITLE_MAX = 255;
export const INSTRUCTION_TEXT_MAX = 10_000;
export const NOTES_MAX = 5_000;
/** Enabled custom instructions an AI Agent may have at once. */
export const ENABLED_INSTRUCTIONS_MAX = 50;

const PERSONA_TAGS = ['Persona'];
const INSTRUCTION_TAGS = ['Custom instructions'];

const MessageLength = Type.Unsafe<'concise' | 'normal'>({
  type: 'string',
  enum: ['concise', 'normal'],
  description: 'How long the AI Agent keeps its replies.',
});

const personaFields = {
  personality: Type.Array(Type.String({ minLength: 1, maxLength: TRAIT_MAX }), {
    maxItems: PERSONALITY_MAX,
    description: `Traits of the AI Agent's voice (for example "friendly"), at most ${PERSONALITY_MAX}.`,
  }),
  emoji_usage: Type.Boolean({ description: 'Whether the AI Agent may use emojis.' }),
  allowed_emojis: Type.String({ maxLength: EMOJIS_MAX, description: 'The emojis it may use; empty means any.' }),
  default_timezone: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'An IANA time zone name, such as Europe/Paris or UTC.',
  }),
  company_description: nullable(Type.String({ maxLength: COMPANY_MAX, description: 'What the company does.' })),
  community_guidelines_url: nullable(
    Type.String({
      maxLength: URL_MAX,
      format: 'uri',
      pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
      description: 'http(s) URL.',
    }),
  ),
  message_length: MessageLength,
  ask_for_more_help: Type.Boolean({ description: 'Whether the AI Agent asks if the end user needs more help.' }),
  no_customer_pi: Type.Boolean({ description: "Whether it avoids repeating the end user's personal information." }),
  no_competitors: Type.Boolean({ description: 'Whether it avoids talking about competitors.' }),
  competitor_names: nullable(
    Type.String({ maxLength: COMPETITORS_MAX, description: 'Competitors it should not name.' }),
  ),
  enable_acknowledgment_messages: Type.Boolean({
    description: 'Whether it acknowledges a question before answering it.',
  }),
};

export const PersonaSchema = Type.Object(personaFields, { $id: 'Persona', additionalProperties: false });
export type PersonaWire = Static<typeof PersonaSchema>;

export const PatchPersonaBody = Type.Partial(Type.Object(personaFields), {
  additionalProperties: false,
  description: 'Only the fields sent change. A field that is not part of the persona is refused with 400.',
});
export type PatchPersonaBody = Static<typeof PatchPersonaBody>;

const Title = Type.String({
  minLength: 1,
  maxLength: TITLE_MAX,
  description: 'A name for the instruction, unique per AI Agent regardless of case.',
});
const Text = Type.String({
  minLength: 1,
  maxLength: INSTRUCTION_TEXT_MAX,
  description: 'The instruction the AI Agent should follow.',
});
const Notes = Type.String({ maxLength: NOTES_MAX, description: 'Your own notes; never shown to the AI Agent.' });
const Rules = nullable(
  Type.String({
    minLength: 1,
    maxLength: RULE_MAX_LENGTH,
    description:
      'Which end users the instruction applies to, as a rule expression over their variables, such as v("plan") == "gold" and v("language") starts_with "en"; null for everyone.',
  }),
);

export const CreateInstructionBody = Type.Object({
  title: Title,
  text: Text,
  enabled: Type.Optional(Type.Boolean({ description: 'false (the default) keeps the instruction inactive.' })),
  notes: Type.Optional(nullable(Notes)),
  availability_rules: Type.Optional(Rules),
});
export type CreateInstructionBody = Static<typeof CreateInstructionBody>;

export const PatchInstructionBody = Type.Object(
  {
    title: Type.Optional(Title),
    text: Type.Optional(Text),
    enabled: Type.Optional(Type.Boolean()),
    notes: Type.Optional(nullable(Notes)),
    availability_rules: Type.Optional(Rules),
  },
  { description: 'Only the fields sent change; availability_rules null removes the rule.' },
);
export type PatchInstructionBody = Static<typeof PatchInstructionBody>;

export const InstructionSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    text: Type.String(),
    enabled: Type.Boolean(),
    notes: nullable(Type.String()),
    availability_rules: nullable(Type.String()),
  },
  { $id: 'CustomInstruction' },
);
export type InstructionWire = Static<typeof InstructionSchema>;

const InstructionParams = IdParam('custom_instruction_id', 'custom instruction');

export const routeSchemas = {
  getPersona: {
    tags: PERSONA_TAGS,
    summary: 'Get the persona',
    description: "The AI Agent's persona; an AI Agent that never changed it has the defaults.",
    response: { 200: Type.Ref('Persona'), ...errorResponses(403) },
  },
  patchPersona: {
    tags: PERSONA_TAGS,
    summary: 'Update the persona',
    description: 'Changes the fields sent; the others keep their values. Unknown fields are refused with 400.',
    body: PatchPersonaBody,
    response: { 200: Type.Ref('Persona'), ...errorResponses(403, 413) },
  },
  list: {
    tags: INSTRUCTION_TAGS,
    summary: 'List custom instructions',
    description: "A page of the AI Agent's custom instructions, enabled or not, ordered by id.",
    querystring: Type.Object(PageQuery),
    response: {
      200: Type.Object({ data: Type.Array(Type.Ref('CustomInstruction')), meta: PageMeta }),
      ...errorResponses(),
    },
  },
  create: {
    tags: INSTRUCTION_TAGS,
    summary: 'Create a custom instruction',
    description: `Creates an instruction, inactive unless enabled is true. A title the AI Agent already uses, or enabling past ${ENABLED_INSTRUCTIONS_MAX} enabled instructions, is a 409.`,
    body: CreateInstructionBody,
    response: { 201: Type.Ref('CustomInstruction'), ...errorResponses(409, 413) },
  },
  get: {
    tags: INSTRUCTION_TAGS,
    summary: 'Get a custom instruction',
    params: InstructionParams,
    response: { 200: Type.Ref('CustomInstruction'), ...errorResponses(404) },
  },
  patch: {
    tags: INSTRUCTION_TAGS,
    summary: 'Update a custom instruction',
    description: 'Changes the fields sent. A title in use or enabling past the limit is a 409.',
    params: InstructionParams,
    body: PatchInstructionBody,
    response: { 200: Type.Ref('CustomInstruction'), ...errorResponses(404, 409, 413) },
  },
  delete: {
    tags: INSTRUCTION_TAGS,
    summary: 'Delete a custom instruction',
    params: InstructionParams,
    response: { 204: Type.Null({ description: 'Deleted.' }), ...errorResponses(404) },
  },
};
