// Wire schemas of the Knowledge API (sources, articles, tags), the Variables API and Roster's
// search extension. Request schemas bound every field; response schemas are allowlists. Field
// names are Ada's: `created` and `updated` here, not `created_at`.
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_PAGE_SIZE, PageMeta, errorResponses, nullable } from '../../http/common.schemas.js';
import { MAX_CONDITIONS, OPERATORS, type AvailabilityRule } from './availability.js';
import { ARTICLE_LANGUAGES } from './languages.js';
import { KNOWLEDGE_ID_MAX } from './migrations/0007_knowledge.js';

export const NAME_MAX = 1_000;
export const SOURCE_NAME_MAX = 255;
export const TAG_NAME_MAX = 255;
export const URL_MAX = 2_048;
export const TAGS_PER_ARTICLE_MAX = 100;
export const RULE_VALUE_MAX = 1_000;
export const FILTER_VALUES_MAX = 100;
export const SEARCH_QUERY_MAX = 1_000;
export const SEARCH_LIMIT_MAX = 20;
export const UPSERT_ITEMS_MAX = 50_000;
/** Articles and their JSON form: at most 100 KB each. */
export const ARTICLE_MAX_BYTES = 102_400;
/** A source's metadata: at most 10 KB of compact JSON. */
export const SOURCE_METADATA_MAX_BYTES = 10_240;

export const ARTICLES_FAMILY_NAME = 'knowledge_articles';

const SOURCES = ['Knowledge sources'];
const ARTICLES = ['Knowledge articles'];
const TAGS = ['Knowledge tags'];
const VARIABLES = ['Variables'];

const Id = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: KNOWLEDGE_ID_MAX,
    description: `Your own id for the ${what}: 1 to ${KNOWLEDGE_ID_MAX} characters, unique per AI Agent.`,
  });

const Time = (what: string) => Type.String({ description: `${what} (RFC 3339, UTC, milliseconds).` });

const Metadata = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'Your own key/value pairs, kept as sent and never read by Roster.',
});

// --- availability rules -----------------------------------------------------------------------

const Match = Type.Unsafe<'all' | 'any'>({
  type: 'string',
  enum: ['all', 'any'],
  description: 'all: every condition must hold; any: one is enough.',
});

const ConditionSchema = Type.Object(
  {
    variable: Type.Object(
      { id: Type.String({ minLength: 1, maxLength: 24, description: 'A variable id from GET /api/v2/variables/.' }) },
      { description: 'The variable tested.' },
    ),
    operator: Type.Unsafe<(typeof OPERATORS)[number]>({
      type: 'string',
      enum: [...OPERATORS],
      description: 'is_set and is_not_set take no value; the others need one.',
    }),
    value: Type.Optional(
      Type.Unsafe<string | number | boolean>({
        type: ['string', 'number', 'boolean'],
        maxLength: RULE_VALUE_MAX,
        description: 'What the variable is compared with.',
      }),
    ),
    case_sensitive: Type.Optional(
      Type.Boolean({ description: 'Compare text case-sensitively (default false; left out of answers when false).' }),
    ),
  },
  { description: 'One test of a variable.' },
);

const ConditionGroupSchema = Type.Object(
  {
    match: Match,
    conditions: Type.Array(ConditionSchema, { minItems: 1, maxItems: MAX_CONDITIONS }),
  },
  { description: 'Conditions combined by their own match; a group holds conditions only.' },
);

/** A condition or a group, told apart by `match`, so errors speak of the form the item has. */
const RuleItem = Type.Unsafe<AvailabilityRule['conditions'][number]>({
  if: { type: 'object', required: ['match'] },
  then: ConditionGroupSchema,
  else: ConditionSchema,
});

export const AvailabilityRuleSchema = Type.Unsafe<AvailabilityRule>(
  Type.Object(
    {
      match: Match,
      conditions: Type.Array(RuleItem, { minItems: 1, maxItems: MAX_CONDITIONS }),
    },
    {
      description: `Who may be given the article: conditions and condition groups (two levels at most), at most ${MAX_CONDITIONS} conditions in all. null: everyone.`,
    },
  ),
);

// --- sources ----------------------------------------------------------------------------------

export const CreateSourceBody = Type.Object({
  id: Id('knowledge source'),
  name: Type.String({ minLength: 1, maxLength: SOURCE_NAME_MAX }),
  metadata: Type.Optional(nullable(Metadata)),
});
export type CreateSourceBody = Static<typeof CreateSourceBody>;

export const PatchSourceBody = Type.Object({
  external_id: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }))),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: SOURCE_NAME_MAX })),
  metadata: Type.Optional(nullable(Metadata)),
});
export type PatchSourceBody = Static<typeof PatchSourceBody>;

export const SourceSchema = Type.Object(
  {
    id: Type.String(),
    external_id: nullable(Type.String()),
    name: Type.String(),
    metadata: nullable(Metadata),
    created: Time('When the source was created'),
    updated: Time('When a returned field last changed'),
    last_sync: nullable(Time('When the last sync finished; null before the first')),
    status: Type.Unsafe<'deleting' | 'delete_failed' | null>({
      type: ['string', 'null'],
      enum: ['deleting', 'delete_failed', null],
      description:
        'deleting while the source and its articles are being deleted, delete_failed if that failed; null otherwise.',
    }),
  },
  { $id: 'KnowledgeSource' },
);
export type SourceWire = Static<typeof SourceSchema>;

// --- articles ---------------------------------------------------------------------------------

export const ArticleUpsertItem = Type.Object({
  id: Id('article'),
  name: Type.String({ minLength: 1, maxLength: NAME_MAX }),
  content: Type.String({ description: 'The article, in Markdown.' }),
  knowledge_source_id: Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }),
  url: Type.Optional(
    nullable(
      Type.String({
        maxLength: URL_MAX,
        pattern: '^https?://\\S+$',
        description: 'an absolute http:// or https:// URL without spaces',
      }),
    ),
  ),
  tag_ids: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }), { maxItems: TAGS_PER_ARTICLE_MAX }),
  ),
  language: Type.Optional(
    Type.String({ maxLength: 35, format: 'bcp47', description: 'A BCP 47 tag (default en); stored as its language.' }),
  ),
  external_created: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
  external_updated: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
  enabled: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(nullable(Metadata)),
  availability_rules: Type.Optional(nullable(AvailabilityRuleSchema)),
});
export type ArticleUpsertItem = Static<typeof ArticleUpsertItem>;

export const ArticleUpsertBody = Type.Array(ArticleUpsertItem, {
  maxItems: UPSERT_ITEMS_MAX,
  description:
    'Articles to create or update, by id. Fields left out of an existing article keep their values; on a new one they take their defaults.',
});

export const ArticleSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    content: Type.String(),
    url: nullable(Type.String()),
    knowledge_source_id: nullable(Type.String()),
    language: Type.Unsafe<string>({ type: 'string', enum: [...ARTICLE_LANGUAGES] }),
    tag_ids: Type.Array(Type.String()),
    created: Time('When the article was created'),
    updated: Time('When a returned field last changed'),
    external_created: nullable(Time('When the article was created in its own system')),
    external_updated: nullable(Time('When the article was last changed in its own system')),
    enabled: Type.Boolean({ description: 'Whether the AI Agent may use the article.' }),
    metadata: nullable(Metadata),
    availability_rules: nullable(AvailabilityRuleSchema),
  },
  { $id: 'KnowledgeArticle' },
);
export type ArticleWire = Static<typeof ArticleSchema>;

const UpsertResult = Type.Object({
  id: Type.String(),
  success: Type.Boolean(),
  created: Type.Boolean({ description: 'true for a new article or tag, false for an update.' }),
});

const FilterValues = <T extends TSchema>(item: T, what: string) =>
  Type.Optional(
    Type.Array(item, {
      maxItems: FILTER_VALUES_MAX,
      description: `${what}; repeat the parameter for several (?${what}=a&${what}=b, or ${what}[]=a). Any value matches.`,
    }),
  );

export const ArticleFilterQuery = {
  id: FilterValues(Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }), 'id'),
  enabled: FilterValues(Type.Boolean(), 'enabled'),
  language: FilterValues(Type.String({ minLength: 1, maxLength: 35 }), 'language'),
  knowledge_source_id: FilterValues(Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }), 'knowledge_source_id'),
  tag_ids: FilterValues(Type.String({ minLength: 1, maxLength: KNOWLEDGE_ID_MAX }), 'tag_ids'),
};

export const ArticleListQuery = Type.Object({
  ...ArticleFilterQuery,
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Records per page, 1 to 100 (default 100).' }),
  ),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: KNOWLEDGE_ID_MAX,
      description: 'Id of the first article of the page, as found in meta.next_page_url.',
    }),
  ),
});
export type ArticleListQuery = Static<typeof ArticleListQuery>;

export const ArticleDeleteQuery = Type.Object(ArticleFilterQuery);
export type ArticleDeleteQuery = Static<typeof ArticleDeleteQuery>;

// --- tags, variables, search ----------------------------------------------------------------

export const TagSchema = Type.Object({ id: Type.String(), name: Type.String() }, { $id: 'KnowledgeTag' });

export const TagUpsertBody = Type.Array(
  Type.Object({ id: Id('tag'), name: Type.String({ minLength: 1, maxLength: TAG_NAME_MAX }) }),
  { maxItems: 10_000, description: 'Tags to create or update, by id.' },
);
export type TagUpsertBody = Static<typeof TagUpsertBody>;

export const VariableSchema = Type.Object(
  {
    id: Type.String({ description: 'What rules name the variable by.' }),
    name: Type.String({ description: 'A profile field, or a metadata key of end users.' }),
  },
  { $id: 'Variable' },
);

export const SearchQuery = Type.Object({
  query: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX, description: 'Free text, such as a question.' }),
  language: Type.Optional(
    Type.String({
      maxLength: 35,
      format: 'bcp47',
      description: 'A BCP 47 tag: search articles in its language (default en).',
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: SEARCH_LIMIT_MAX, description: 'Articles to return, 1 to 20 (default 5).' }),
  ),
  end_user_id: Type.Optional(
    Type.String({ description: 'Only articles whose availability rules admit this end user.' }),
  ),
});
export type SearchQuery = Static<typeof SearchQuery>;

const SearchResult = Type.Object({
  data: Type.Array(
    Type.Object({
      score: Type.Number({ description: 'Higher is better; comparable within one answer only.' }),
      article: Type.Ref('KnowledgeArticle'),
    }),
    { description: 'Best match first.' },
  ),
});

// --- routes -----------------------------------------------------------------------------------

const param = <K extends string>(name: K, what: string) =>
  Type.Object({ [name]: Type.String({ description: `The ${what} id.` }) } as Record<K, ReturnType<typeof Type.String>>);

export const SourceParams = param('knowledge_source_id', 'knowledge source');
export const ArticleParams = param('article_id', 'article');
export const TagParams = param('tag_id', 'tag');
export const VariableParams = param('variable_id', 'variable');

const Empty = Type.Null({ description: 'Done; the response has no body.' });
/** Sent with no body at all (not even null), so the handler sends nothing. */
const Accepted = Type.Unsafe<undefined>({ type: 'null', description: 'Accepted; the response has no body.' });

export const routeSchemas = {
  listSources: {
    tags: SOURCES,
    summary: 'List knowledge sources',
    description: 'Every source of the AI Agent, by id (not paginated).',
    response: { 200: Type.Object({ data: Type.Array(Type.Ref('KnowledgeSource')) }), ...errorResponses() },
  },
  createSource: {
    tags: SOURCES,
    summary: 'Create a knowledge source',
    description:
      'Answers 200 with the new source; its external_id starts as its id. An id the AI Agent already uses is a 409.',
    body: CreateSourceBody,
    response: { 200: Type.Ref('KnowledgeSource'), ...errorResponses(409, 413) },
  },
  patchSource: {
    tags: SOURCES,
    summary: 'Update a knowledge source',
    description: 'Omitted fields are unchanged; null clears external_id or metadata; metadata is replaced whole.',
    params: SourceParams,
    body: PatchSourceBody,
    response: { 200: Type.Ref('KnowledgeSource'), ...errorResponses(404, 413) },
  },
  deleteSource: {
    tags: SOURCES,
    summary: 'Delete a knowledge source and its articles',
    description:
      'Answers 204 at once; the source shows status deleting until it and its articles are gone, or delete_failed if that failed (DELETE again to retry).',
    params: SourceParams,
    response: { 204: Empty, ...errorResponses(404) },
  },
  syncSource: {
    tags: SOURCES,
    summary: 'Sync a knowledge source',
    description:
      'Answers 202 and records the sync in last_sync when its job has run. Roster imports from no website, so a sync changes no article. 429 within 4 hours of the last sync, or while one is in progress.',
    params: SourceParams,
    response: { 202: Accepted, ...errorResponses(404, 422) },
  },
  listArticles: {
    tags: ARTICLES,
    summary: 'List knowledge articles',
    description:
      'A page of articles ordered by id (byte order), filtered by any of the filters given: within one filter any value matches, and every filter given must match.',
    querystring: ArticleListQuery,
    response: {
      200: Type.Object({ data: Type.Array(Type.Ref('KnowledgeArticle')), meta: PageMeta }),
      ...errorResponses(),
    },
  },
  deleteArticles: {
    tags: ARTICLES,
    summary: 'Delete the articles that match the filters',
    description:
      'Deletes every matching article before answering 204. At least one filter is required (400 otherwise), and 404 when no article matches.',
    querystring: ArticleDeleteQuery,
    response: { 204: Empty, ...errorResponses(404) },
  },
  getArticle: {
    tags: ARTICLES,
    summary: 'Get a knowledge article',
    params: ArticleParams,
    response: { 200: Type.Ref('KnowledgeArticle'), ...errorResponses(404) },
  },
  deleteArticle: {
    tags: ARTICLES,
    summary: 'Delete a knowledge article',
    params: ArticleParams,
    response: { 204: Empty, ...errorResponses(404) },
  },
  upsertArticles: {
    tags: ARTICLES,
    summary: 'Create or update articles',
    description:
      'All or nothing: answers 200 with one result per article, in order, or 400 and changes nothing. An article may be at most 100 KB as JSON. With the AI Agent at its article limit, a request that adds any new article is refused with a 400 whose details list the new ids; requests that only update still succeed.',
    body: ArticleUpsertBody,
    response: { 200: Type.Array(UpsertResult), ...errorResponses(413) },
  },
  listTags: {
    tags: TAGS,
    summary: 'List article tags',
    description: 'Every tag of the AI Agent, by id (not paginated).',
    response: { 200: Type.Object({ data: Type.Array(Type.Ref('KnowledgeTag')) }), ...errorResponses() },
  },
  deleteTag: {
    tags: TAGS,
    summary: 'Delete an article tag',
    description: 'The tag is also taken off every article that had it.',
    params: TagParams,
    response: { 204: Empty, ...errorResponses(404) },
  },
  upsertTags: {
    tags: TAGS,
    summary: 'Create or update article tags',
    body: TagUpsertBody,
    response: { 200: Type.Array(UpsertResult), ...errorResponses(413) },
  },
  listVariables: {
    tags: VARIABLES,
    summary: 'List the variables availability rules can use',
    description:
      "The end users' profile fields, then the metadata keys the AI Agent's end users have, by name. A metadata key named like a profile field is reserved; sensitive metadata is never a variable.",
    response: { 200: Type.Object({ data: Type.Array(Type.Ref('Variable')) }), ...errorResponses() },
  },
  getVariable: {
    tags: VARIABLES,
    summary: 'Get a variable',
    params: VariableParams,
    response: { 200: Type.Ref('Variable'), ...errorResponses(404) },
  },
  search: {
    tags: ARTICLES,
    summary: 'Search the knowledge base (Roster extension)',
    description:
      'Roster extension, not part of Ada\'s API: full-text search over the AI Agent\'s enabled articles in one language, best match first. The words of query are looked for (common words such as "how" or "the" are left out), each word matching its other forms (reset, resets, resetting). With end_user_id, only articles available to that end user.',
    querystring: SearchQuery,
    response: { 200: SearchResult, ...errorResponses(404) },
  },
};
