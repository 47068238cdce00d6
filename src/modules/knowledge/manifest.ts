// Knowledge: the sources, articles and tags an AI Agent answers from (Ada's Knowledge API), the
// variables availability rules test (Ada's Variables API), full-text search over the articles
// (a Roster extension), and what the knowledge responder needs: the search and the evaluation
// of availability rules. Its service methods take an agent id, whoever the caller is.
import { defineModule, type RateFamily } from '../../platform/manifest.js';
import { createArticlesService, type ArticlesService } from './articles.service.js';
import { createArticlesStore } from './articles.store.js';
import { knowledgeDocs } from './knowledge.docs.js';
import { loadKnowledgeSource } from './knowledge.fixtures.js';
import { knowledgeJobs } from './knowledge.jobs.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { ARTICLES_FAMILY_NAME, ArticleSchema, SourceSchema, TagSchema, VariableSchema } from './knowledge.schemas.js';
import { createKnowledgeStore } from './knowledge.store.js';
import * as m0007 from './migrations/0007_knowledge.js';
import * as m0015 from './migrations/0015_knowledge_title_search.js';
import { createSearchService, isAvailableTo, type SearchService } from './search.service.js';
import { createSourcesService, type SourcesService } from './sources.service.js';
import { createTagsService, type TagsService } from './tags.service.js';
import { createVariablesService, type VariablesService } from './variables.service.js';

export interface KnowledgeExports {
  sources: SourcesService;
  articles: ArticlesService;
  tags: TagsService;
  variables: VariablesService;
  /** Search over an agent's enabled articles (the knowledge responder's). */
  search: SearchService['search'];
  /** Whether an end user with this profile may be given an article with this availability rule. */
  isAvailableTo: typeof isAvailableTo;
}

declare module '../../platform/manifest.js' {
  interface ModuleRegistry {
    knowledge: KnowledgeExports;
  }
}

/** Ada's limits for the knowledge article endpoints: 200 a second, 1,000 a minute, 60,000 a day. */
export const KNOWLEDGE_ARTICLES_FAMILY: RateFamily = {
  name: ARTICLES_FAMILY_NAME,
  windows: [
    { points: 200, durationMs: 1_000 },
    { points: 1_000, durationMs: 60_000 },
    { points: 60_000, durationMs: 86_400_000 },
  ],
};

export const knowledgeModule = defineModule({
  name: 'knowledge',
  rateFamilies: [KNOWLEDGE_ARTICLES_FAMILY],
  schemas: [SourceSchema, ArticleSchema, TagSchema, VariableSchema],
  migrations: { '0007_knowledge': m0007, '0015_knowledge_title_search': m0015 },
  testDouble: {
    tables: ['knowledge_article_tags', 'knowledge_articles', 'knowledge_tags', 'knowledge_sources', 'knowledge_locks'],
    fixtures: { knowledge: loadKnowledgeSource },
  },
  build({ db, units, clock, config, log, use }) {
    const { store: endUsers } = use('endUsers');
    const store = createKnowledgeStore(db);
    const articleStore = createArticlesStore(db);
    const variables = createVariablesService({ store });
    const sources = createSourcesService({ store, units, clock });
    const articles = createArticlesService({
      articles: articleStore,
      store,
      variables,
      units,
      clock,
      cap: config.knowledge.articleCap,
    });
    const tags = createTagsService({ store, units, clock });
    const search = createSearchService({ articles: articleStore, endUsers });
    return {
      exports: { sources, articles, tags, variables, search: search.search, isAvailableTo },
      routes: knowledgeRoutes({ sources, articles, tags, variables, search }),
      docs: knowledgeDocs,
      jobs: knowledgeJobs({ store, articles: articleStore, clock, log }),
      // The search keeps word counts between searches (src/db/full-text.ts); a reset empties the
      // table behind the store's back.
      beforeReset: async () => articleStore.searchChanged(),
    };
  },
});
