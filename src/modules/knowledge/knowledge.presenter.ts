// Knowledge records as they leave the API (Ada's field names; times RFC 3339 with milliseconds).
import { toWireTime } from '../../lib/time.js';
import type { Article } from './articles.store.js';
import type { ArticleWire, SourceWire } from './knowledge.schemas.js';
import type { Source, Tag } from './knowledge.store.js';

const time = (ms: number | null) => (ms === null ? null : toWireTime(ms));

export function presentSource(source: Source): SourceWire {
  return {
    id: source.id,
    external_id: source.externalId,
    name: source.name,
    metadata: source.metadata,
    created: toWireTime(source.createdAt),
    updated: toWireTime(source.updatedAt),
    last_sync: time(source.lastSync),
    status: source.status,
  };
}

export function presentArticle(article: Article): ArticleWire {
  return {
    id: article.id,
    name: article.name,
    content: article.content,
    url: article.url,
    knowledge_source_id: article.sourceId,
    language: article.language,
    tag_ids: article.tagIds,
    created: toWireTime(article.createdAt),
    updated: toWireTime(article.updatedAt),
    external_created: time(article.externalCreated),
    external_updated: time(article.externalUpdated),
    enabled: article.enabled,
    metadata: article.metadata,
    availability_rules: article.rules,
  };
}

export function presentTag(tag: Tag): { id: string; name: string } {
  return { id: tag.id, name: tag.name };
}
