// Fixture items of the test-double mode: a knowledge source with its tags and articles, which
// belong to it (their knowledge_source_id is filled in).
import { FixtureError, type FixtureLoader } from '../../platform/manifest.js';

export const loadKnowledgeSource: FixtureLoader = async (item, api, at) => {
  const { articles = [], tags = [], ...body } = item;
  const source = await api.post('/api/v2/knowledge/sources/', body);
  if (!Array.isArray(tags) || !Array.isArray(articles)) throw new FixtureError(at, 'tags and articles must be lists');
  if (tags.length > 0) await api.post('/api/v2/knowledge/bulk/tags/', tags, `${at}.tags`);
  if (articles.length > 0) {
    const owned = articles.map((article: unknown) =>
      typeof article === 'object' && article !== null ? { ...article, knowledge_source_id: source.id } : article,
    );
    await api.post('/api/v2/knowledge/bulk/articles/', owned, `${at}.articles`);
  }
  return source;
};
