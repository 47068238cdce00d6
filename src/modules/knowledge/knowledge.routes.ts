// HTTP routes of the Knowledge API, the Variables API and the search extension. Handlers read
// validated input, call one service method and return the presented resource. Article routes
// count against their own rate-limit family; the others against the default one.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { MAX_PAGE_SIZE } from '../../http/common.schemas.js';
import { acceptMissingBody } from '../../http/optional-body.js';
import { nextPageUrl } from '../../http/pagination.js';
import type { ArticleFilter } from './articles.store.js';
import type { ArticlesService } from './articles.service.js';
import { ARTICLES_FAMILY_NAME, routeSchemas, type ArticleDeleteQuery } from './knowledge.schemas.js';
import { presentArticle, presentSource, presentTag } from './knowledge.presenter.js';
import { DEFAULT_SEARCH_LIMIT, type SearchService } from './search.service.js';
import type { SourcesService } from './sources.service.js';
import type { TagsService } from './tags.service.js';
import type { VariablesService } from './variables.service.js';

export interface KnowledgeServices {
  sources: SourcesService;
  articles: ArticlesService;
  tags: TagsService;
  variables: VariablesService;
  search: SearchService;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Array filters are documented as repeated parameters (?id=a&id=b); clients built on PHP or Rails
 * conventions send id[]=a&id[]=b. Both reach the schema as one list.
 */
async function mergeBracketParameters(request: FastifyRequest): Promise<void> {
  const query = request.query;
  if (!isRecord(query)) return;
  for (const key of Object.keys(query)) {
    if (!key.endsWith('[]')) continue;
    const name = key.slice(0, -2);
    const values = [query[name], query[key]].flat().filter((v) => v !== undefined);
    delete query[key];
    query[name] = values;
  }
}

const filterOf = (query: ArticleDeleteQuery): ArticleFilter => ({
  ids: query.id,
  enabled: query.enabled,
  languages: query.language,
  sourceIds: query.knowledge_source_id,
  tagIds: query.tag_ids,
});

export function knowledgeRoutes(services: KnowledgeServices): FastifyPluginAsyncTypebox {
  const { sources, articles, tags, variables, search } = services;
  // The OAuth scope an integration's access token needs on each route (variables and search name none).
  const articlesRead = { config: { rateFamily: ARTICLES_FAMILY_NAME, oauthScope: 'articles:read' } };
  const articlesWrite = { config: { rateFamily: ARTICLES_FAMILY_NAME, oauthScope: 'articles:write' } };
  const sourcesRead = { config: { oauthScope: 'knowledge_sources:read' } };
  const sourcesWrite = { config: { oauthScope: 'knowledge_sources:write' } };
  const tagsRead = { config: { oauthScope: 'article_tags:read' } };
  const tagsWrite = { config: { oauthScope: 'article_tags:write' } };
  const articleRoute = { config: { rateFamily: ARTICLES_FAMILY_NAME } };

  return async (app) => {
    // DELETE and the sync POST take no body; clients often send Content-Type: application/json anyway.
    await app.register(async (scope) => {
      acceptMissingBody(scope);
      const bodiless = scope.withTypeProvider<TypeBoxTypeProvider>();

      bodiless.delete(
        '/knowledge/sources/:knowledge_source_id',
        { schema: routeSchemas.deleteSource, ...sourcesWrite },
        async (request, reply) => {
          await sources.delete(request.agentId, request.params.knowledge_source_id);
          return reply.code(204).send(null);
        },
      );

      bodiless.post(
        '/knowledge/sources/:knowledge_source_id/sync',
        { schema: routeSchemas.syncSource, ...sourcesWrite },
        async (request, reply) => {
          await sources.sync(request.agentId, request.params.knowledge_source_id);
          return reply.code(202).send();
        },
      );

      bodiless.delete(
        '/knowledge/articles/',
        { schema: routeSchemas.deleteArticles, preValidation: mergeBracketParameters, ...articlesWrite },
        async (request, reply) => {
          await articles.deleteMatching(request.agentId, filterOf(request.query));
          return reply.code(204).send(null);
        },
      );

      bodiless.delete(
        '/knowledge/articles/:article_id',
        { schema: routeSchemas.deleteArticle, ...articlesWrite },
        async (request, reply) => {
          await articles.delete(request.agentId, request.params.article_id);
          return reply.code(204).send(null);
        },
      );

      bodiless.delete(
        '/knowledge/tags/:tag_id',
        { schema: routeSchemas.deleteTag, ...tagsWrite },
        async (request, reply) => {
          await tags.delete(request.agentId, request.params.tag_id);
          return reply.code(204).send(null);
        },
      );
    });

    app.get('/knowledge/sources/', { schema: routeSchemas.listSources, ...sourcesRead }, async (request) => {
      return { data: (await sources.list(request.agentId)).map(presentSource) };
    });

    app.post('/knowledge/sources/', { schema: routeSchemas.createSource, ...sourcesWrite }, async (request) => {
      return presentSource(await sources.create(request.agentId, request.body));
    });

    app.patch(
      '/knowledge/sources/:knowledge_source_id',
      { schema: routeSchemas.patchSource, ...sourcesWrite },
      async (request) => {
        return presentSource(await sources.update(request.agentId, request.params.knowledge_source_id, request.body));
      },
    );

    app.get(
      '/knowledge/articles/',
      { schema: routeSchemas.listArticles, preValidation: mergeBracketParameters, ...articlesRead },
      async (request) => {
        const { cursor, limit } = request.query;
        const page = await articles.list(
          request.agentId,
          filterOf(request.query),
          cursor ?? null,
          limit ?? MAX_PAGE_SIZE,
        );
        return {
          data: page.items.map(presentArticle),
          meta: {
            next_page_url: nextPageUrl(request, page.nextCursor === null ? null : encodeURIComponent(page.nextCursor)),
          },
        };
      },
    );

    app.get(
      '/knowledge/articles/:article_id',
      { schema: routeSchemas.getArticle, ...articlesRead },
      async (request) => {
        return presentArticle(await articles.get(request.agentId, request.params.article_id));
      },
    );

    app.post(
      '/knowledge/bulk/articles/',
      { schema: routeSchemas.upsertArticles, ...articlesWrite },
      async (request) => {
        return articles.upsert(request.agentId, request.body);
      },
    );

    app.get('/knowledge/tags/', { schema: routeSchemas.listTags, ...tagsRead }, async (request) => {
      return { data: (await tags.list(request.agentId)).map(presentTag) };
    });

    app.post('/knowledge/bulk/tags/', { schema: routeSchemas.upsertTags, ...tagsWrite }, async (request) => {
      return tags.upsert(request.agentId, request.body);
    });

    app.get('/variables/', { schema: routeSchemas.listVariables }, async (request) => {
      return { data: await variables.list(request.agentId) };
    });

    app.get('/variables/:variable_id', { schema: routeSchemas.getVariable }, async (request) => {
      return variables.get(request.agentId, request.params.variable_id);
    });

    app.get('/knowledge/search/', { schema: routeSchemas.search, ...articleRoute }, async (request) => {
      const { query, language, limit, end_user_id: endUserId } = request.query;
      const hits = await search.find(request.agentId, {
        text: query,
        language: language ?? null,
        limit: limit ?? DEFAULT_SEARCH_LIMIT,
        endUserId: endUserId ?? null,
      });
      return { data: hits.map((hit) => ({ score: hit.score, article: presentArticle(hit.article) })) };
    });
  };
}
