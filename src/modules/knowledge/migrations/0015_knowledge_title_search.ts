// Article names get a search index of their own, which searches made only of common words look in
// first (see src/db/full-text.ts); on SQLite, a covering index lets a search filter the rows it
// matches by agent, language and state without reading the articles' text.
import type { Kysely } from 'kysely';
import { createTitleIndex, dropTitleIndex } from '../../../db/full-text.js';
import { ARTICLE_SEARCH } from '../knowledge.tables.js';

export async function up(db: Kysely<any>): Promise<void> {
  await createTitleIndex(db, ARTICLE_SEARCH);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTitleIndex(db, ARTICLE_SEARCH);
}
