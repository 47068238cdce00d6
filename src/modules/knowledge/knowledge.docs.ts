// The Knowledge and Variables APIs in the OpenAPI document: examples for every operation, told
// as one story (a help centre source, a password article tagged billing, a rule on the end
// user's language), and the shared schemas' examples.
import { CREATED_AT, EXAMPLE_BASE, UPDATED_AT, page } from '../../http/openapi.examples.js';
import type { ModuleDocs } from '../../platform/manifest.js';
import { AvailabilityRuleSchema } from './knowledge.schemas.js';
import { PROFILE_VARIABLE_LIST, variableId } from './variables.js';

/** The ids the examples use; the docs test makes records with them. */
export const KNOWLEDGE_EXAMPLE_IDS = {
  source: 'help-center',
  newSource: 'faq',
  article: 'reset-password',
  otherArticle: 'legacy-faq',
  tag: 'billing',
} as const;

const LANGUAGE_VARIABLE = PROFILE_VARIABLE_LIST.find((v) => v.name === 'language') as { id: string; name: string };

const SOURCE = {
  id: KNOWLEDGE_EXAMPLE_IDS.source,
  external_id: KNOWLEDGE_EXAMPLE_IDS.source,
  name: 'Help centre',
  metadata: { owner: 'support' },
  created: CREATED_AT,
  updated: CREATED_AT,
  last_sync: null,
  status: null,
};

const RULE = {
  match: 'all',
  conditions: [{ variable: { id: LANGUAGE_VARIABLE.id }, operator: 'starts_with', value: 'en' }],
};

const ARTICLE = {
  id: KNOWLEDGE_EXAMPLE_IDS.article,
  name: 'Reset your password',
  content: 'Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.',
  url: 'https://help.example.com/articles/reset-password',
  knowledge_source_id: KNOWLEDGE_EXAMPLE_IDS.source,
  language: 'en',
  tag_ids: [KNOWLEDGE_EXAMPLE_IDS.tag],
  created: CREATED_AT,
  updated: UPDATED_AT,
  external_created: '2026-03-02T09:00:00.000+00:00',
  external_updated: null,
  enabled: true,
  metadata: { zendesk_id: 4411 },
  availability_rules: RULE,
};

const UPSERT_ITEM = {
  id: ARTICLE.id,
  name: ARTICLE.name,
  content: ARTICLE.content,
  url: ARTICLE.url,
  knowledge_source_id: ARTICLE.knowledge_source_id,
  tag_ids: ARTICLE.tag_ids,
  language: 'en-US',
  external_created: '2026-03-02T09:00:00Z',
  metadata: ARTICLE.metadata,
  availability_rules: RULE,
};

const TAG = { id: KNOWLEDGE_EXAMPLE_IDS.tag, name: 'Billing' };

export const knowledgeDocs: ModuleDocs = {
  components: { AvailabilityRule: AvailabilityRuleSchema },
  schemaExamples: {
    KnowledgeSource: SOURCE,
    KnowledgeArticle: ARTICLE,
    KnowledgeTag: TAG,
    Variable: LANGUAGE_VARIABLE,
  },
  examples: {
    'GET /api/v2/knowledge/sources/': { responses: { 200: { data: [SOURCE] } } },
    'POST /api/v2/knowledge/sources/': {
      body: { id: KNOWLEDGE_EXAMPLE_IDS.newSource, name: 'Frequent questions', metadata: { owner: 'support' } },
      responses: {
        200: {
          ...SOURCE,
          id: KNOWLEDGE_EXAMPLE_IDS.newSource,
          external_id: KNOWLEDGE_EXAMPLE_IDS.newSource,
          name: 'Frequent questions',
        },
      },
    },
    'PATCH /api/v2/knowledge/sources/{knowledge_source_id}': {
      body: { name: 'Help centre (public)' },
      responses: { 200: { ...SOURCE, name: 'Help centre (public)', updated: UPDATED_AT } },
    },
    'DELETE /api/v2/knowledge/sources/{knowledge_source_id}': { responses: {} },
    'POST /api/v2/knowledge/sources/{knowledge_source_id}/sync': { responses: {} },
    'GET /api/v2/knowledge/articles/': {
      query: { tag_ids: KNOWLEDGE_EXAMPLE_IDS.tag },
      responses: { 200: page([ARTICLE], `${EXAMPLE_BASE}/knowledge/articles/?cursor=security-keys&tag_ids=billing`) },
    },
    'DELETE /api/v2/knowledge/articles/': { query: { id: KNOWLEDGE_EXAMPLE_IDS.otherArticle }, responses: {} },
    'GET /api/v2/knowledge/articles/{article_id}': { responses: { 200: ARTICLE } },
    'DELETE /api/v2/knowledge/articles/{article_id}': { responses: {} },
    'POST /api/v2/knowledge/bulk/articles/': {
      body: [UPSERT_ITEM],
      responses: { 200: [{ id: ARTICLE.id, success: true, created: false }] },
    },
    'GET /api/v2/knowledge/tags/': { responses: { 200: { data: [TAG] } } },
    'DELETE /api/v2/knowledge/tags/{tag_id}': { responses: {} },
    'POST /api/v2/knowledge/bulk/tags/': {
      body: [TAG, { id: 'returns', name: 'Returns' }],
      responses: {
        200: [
          { id: TAG.id, success: true, created: false },
          { id: 'returns', success: true, created: true },
        ],
      },
    },
    'GET /api/v2/variables/': {
      responses: { 200: { data: [...PROFILE_VARIABLE_LIST, { id: variableId('metadata', 'plan'), name: 'plan' }] } },
    },
    'GET /api/v2/variables/{variable_id}': { responses: { 200: LANGUAGE_VARIABLE } },
    'GET /api/v2/knowledge/search/': {
      query: { query: 'How do I reset my password?', language: 'en' },
      responses: { 200: { data: [{ score: 0.61, article: ARTICLE }] } },
    },
  },
};
