// The knowledge base: sources, articles with their search index, tags and article-tag links.
// Ids chosen by callers compare byte by byte on both engines (bytewiseText), so lists paginate
// in the same order everywhere.
import type { Kysely } from 'kysely';
import { bytewiseText, createFullTextIndex, dropFullTextIndex, rowKeyColumn } from '../../../db/full-text.js';
import { ARTICLE_SEARCH } from '../knowledge.tables.js';

/** The longest id a caller may give a source, an article or a tag. */
export const KNOWLEDGE_ID_MAX = 100;

export async function up(db: Kysely<any>): Promise<void> {
  const id = bytewiseText(db, KNOWLEDGE_ID_MAX);

  await db.schema
    .createTable('knowledge_locks')
    .addColumn('agent_id', 'varchar(24)', (c) => c.primaryKey())
    .execute();

  await db.schema
    .createTable('knowledge_sources')
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('id', id, (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text')
    .addColumn('status', 'varchar(16)')
    .addColumn('last_sync', 'bigint')
    .addColumn('syncing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_sources_pk', ['agent_id', 'id'])
    .execute();

  await rowKeyColumn(db, db.schema.createTable('knowledge_articles'), 'row_key')
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('id', id, (c) => c.notNull())
    .addColumn('knowledge_source_id', id, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('metadata', 'text')
    .addColumn('availability_rules', 'text')
    .addColumn('external_created', 'bigint')
    .addColumn('external_updated', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('knowledge_articles_agent_id_uq')
    .on('knowledge_articles')
    .columns(['agent_id', 'id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('knowledge_articles_source_idx')
    .on('knowledge_articles')
    .columns(['agent_id', 'knowledge_source_id'])
    .execute();
  await createFullTextIndex(db, ARTICLE_SEARCH);

  await db.schema
    .createTable('knowledge_tags')
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('id', id, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_tags_pk', ['agent_id', 'id'])
    .execute();

  // A deleted article takes its links with it; a deleted tag's links are removed by the service.
  await db.schema
    .createTable('knowledge_article_tags')
    .addColumn('article_key', 'bigint', (c) => c.notNull().references('knowledge_articles.row_key').onDelete('cascade'))
    .addColumn('agent_id', 'varchar(24)', (c) => c.notNull())
    .addColumn('tag_id', id, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_article_tags_pk', ['article_key', 'tag_id'])
    .execute();
  await db.schema
    .createIndex('knowledge_article_tags_tag_idx')
    .on('knowledge_article_tags')
    .columns(['agent_id', 'tag_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('knowledge_article_tags').execute();
  await db.schema.dropTable('knowledge_tags').execute();
  await dropFullTextIndex(db, ARTICLE_SEARCH);
  await db.schema.dropTable('knowledge_articles').execute();
  await db.schema.dropTable('knowledge_sources').execute();
  await db.schema.dropTable('knowledge_locks').execute();
}
