// The Persona and Custom Instructions APIs in the OpenAPI document: examples for every operation.
import { EXAMPLE_BASE, page } from '../../http/openapi.examples.js';
import type { ModuleDocs } from '../../platform/manifest.js';

export const INSTRUCTION_EXAMPLE_ID = '6b0a21109f1e4a0b3c5d7f21';

const PERSONA = {
  personality: ['friendly', 'concise'],
  emoji_usage: true,
  allowed_emojis: '🙂👍',
  default_timezone: 'Europe/Paris',
  company_description: 'Acme sells garden tools online.',
  community_guidelines_url: 'https://acme.example.com/community',
  message_length: 'concise',
  ask_for_more_help: true,
  no_customer_pi: true,
  no_competitors: true,
  competitor_names: 'Globex, Initech',
  enable_acknowledgment_messages: false,
};

const INSTRUCTION = {
  id: INSTRUCTION_EXAMPLE_ID,
  title: 'Gold plan refunds',
  text: 'Offer gold-plan customers a full refund within 60 days, without asking why.',
  enabled: true,
  notes: 'Agreed with support leads in November.',
  availability_rules: 'v("plan") == "gold" and v("language") starts_with "en"',
};

export const personaDocs: ModuleDocs = {
  schemaExamples: { Persona: PERSONA, CustomInstruction: INSTRUCTION },
  examples: {
    'GET /api/v2/persona/': { responses: { 200: PERSONA } },
    'PATCH /api/v2/persona/': {
      body: { message_length: 'concise', no_competitors: true, competitor_names: 'Globex, Initech' },
      responses: { 200: PERSONA },
    },
    'GET /api/v2/custom-instructions/': {
      responses: {
        200: page([INSTRUCTION], `${EXAMPLE_BASE}/custom-instructions/?cursor=6b0a21119f1e4a0b3c5d7f22&limit=1`),
      },
    },
    'POST /api/v2/custom-instructions/': {
      body: {
        title: 'Gold plan refunds',
        text: INSTRUCTION.text,
        enabled: true,
        notes: INSTRUCTION.notes,
        availability_rules: 'v("language") starts_with "en"',
      },
      responses: { 201: { ...INSTRUCTION, availability_rules: 'v("language") starts_with "en"' } },
    },
    'GET /api/v2/custom-instructions/{custom_instruction_id}': { responses: { 200: INSTRUCTION } },
    'PATCH /api/v2/custom-instructions/{custom_instruction_id}': {
      body: { enabled: false },
      responses: { 200: { ...INSTRUCTION, enabled: false } },
    },
  },
};
