// Tables of the knowledge base: sources, articles (searchable; see src/db/full-text.ts), tags,
// the links between articles and tags, and one lock row per AI Agent that serialises the writes
// the article cap depends on.
import type { Generated } from 'kysely';
import type { FullTextSpec } from '../../db/full-text.js';

export interface KnowledgeSourcesTable {
  agent_id: string;
  /** The caller's id for the source (unique per agent). */
  id: string;
  external_id: string | null;
  name: string;
  /** JSON object, or null. */
  metadata: string | null;
  /** null, 'deleting' or 'delete_failed'. */
  status: string | null;
  /** When the last sync finished; null before the first. */
  last_sync: number | null;
  /** 1 from a sync request until its job ends. */
  syncing: number;
  created_at: number;
  updated_at: number;
}

export interface KnowledgeArticlesTable {
  /** Integer key the search index is keyed by (assigned by the database). */
  row_key: Generated<number>;
  agent_id: string;
  /** The caller's id for the article (unique per agent). */
  id: string;
  knowledge_source_id: string;
  name: string;
  /** Markdown. */
  content: string;
  url: string | null;
  /** ISO 639-1 code (zh-tw for Traditional Chinese). */
  language: string;
  enabled: number;
  /** JSON object, or null. */
  metadata: string | null;
  /** JSON availability rule as returned, or null. */
  availability_rules: string | null;
  external_created: number | null;
  external_updated: number | null;
  created_at: number;
  updated_at: number;
}

export interface KnowledgeArticleTagsTable {
  article_key: number;
  agent_id: string;
  tag_id: string;
  /** Where the tag stands in the article's tag_ids. */
  position: number;
}

export interface KnowledgeTagsTable {
  agent_id: string;
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface KnowledgeLocksTable {
  agent_id: string;
}

declare module '../../db/schema.js' {
  interface Database {
    knowledge_sources: KnowledgeSourcesTable;
    knowledge_articles: KnowledgeArticlesTable;
    knowledge_article_tags: KnowledgeArticleTagsTable;
    knowledge_tags: KnowledgeTagsTable;
    knowledge_locks: KnowledgeLocksTable;
  }
}

/**
 * The articles' search index: name weighs more than content, and is the title searches of common
 * words look in first; only enabled articles of one agent.
 */
export const ARTICLE_SEARCH = {
  table: 'knowledge_articles',
  key: 'row_key',
  language: 'language',
  fields: [
    { column: 'name', weight: 'A' },
    { column: 'content', weight: 'B' },
  ],
  filters: ['agent_id', 'enabled'],
  title: 'name',
} as const satisfies FullTextSpec;
