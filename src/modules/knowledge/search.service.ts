// Search over the knowledge base, for Roster's search extension and the knowledge responder:
// the words of a text (stop words left out) are looked for in the agent's enabled articles of
// one language, best first, optionally only among those an end user may be given, and with how
// many of the words the best ones contain (the responder's test of a good answer).
import { notFound } from '../../lib/errors.js';
import { normalizeId } from '../../lib/ids.js';
import { presentEndUser } from '../end-users/end-users.presenter.js';
import type { EndUsersStore } from '../end-users/end-users.store.js';
import type { Article, ArticlesStore } from './articles.store.js';
import { isAvailable, type AvailabilityRule } from './availability.js';
import { DEFAULT_LANGUAGE, articleLanguageOf, searchTerms } from './languages.js';
import { variableValues } from './variables.js';

export const DEFAULT_SEARCH_LIMIT = 5;

/** Articles looked at when some may be unavailable to the end user: the best this many. */
const CANDIDATES = 50;

export interface SearchRequest {
  text: string;
  /** A BCP 47 tag; articles in its language are searched (en when null or unknown). */
  language: string | null;
  limit: number;
  /** Keeps only articles this accepts (by their availability rules). */
  available?: (rules: AvailabilityRule | null) => boolean;
  /** Also count the words each hit contains. */
  coverage?: boolean;
}

export interface SearchHit {
  article: Article;
  score: number;
  /** With coverage: words of `terms` the article contains, and those its language does not ignore. */
  matched?: number;
  meaningful?: number;
}

export interface SearchResult {
  /** The words looked for. */
  terms: string[];
  hits: SearchHit[];
}

/** Whether an end user with this profile (an EndUser's `profile`) may be given an article with this rule. */
export function isAvailableTo(rules: AvailabilityRule | null, profile: Record<string, unknown>): boolean {
  return isAvailable(rules, variableValues(profile));
}

export function createSearchService(deps: { articles: ArticlesStore; endUsers: EndUsersStore }) {
  const { articles, endUsers } = deps;

  async function search(agentId: string, request: SearchRequest): Promise<SearchResult> {
    const language = (request.language === null ? null : articleLanguageOf(request.language)) ?? DEFAULT_LANGUAGE;
    const terms = searchTerms(request.text, language);
    if (terms.length === 0) return { terms, hits: [] };
    const scored = await articles.search(
      agentId,
      language,
      terms,
      request.available ? Math.max(CANDIDATES, request.limit) : request.limit,
    );
    const found = await articles.findByKeys(
      agentId,
      scored.map((s) => s.key),
    );
    const scores = new Map(scored.map((s) => [s.key, s.score]));
    const hits: SearchHit[] = found
      .filter((article) => request.available?.(article.rules) ?? true)
      .slice(0, request.limit)
      .map((article) => ({ article, score: scores.get(article.key) ?? 0 }));
    if (request.coverage) {
      for (const hit of hits) Object.assign(hit, await articles.coverage(hit.article.key, language, terms));
    }
    return { terms, hits };
  }

  return {
    search,

    /** The search extension: with an end user, only what their profile makes available to them. */
    async find(
      agentId: string,
      request: { text: string; language: string | null; limit: number; endUserId: string | null },
    ): Promise<SearchHit[]> {
      let available: SearchRequest['available'];
      if (request.endUserId !== null) {
        const id = normalizeId(request.endUserId);
        const endUser = id === null ? null : await endUsers.findById(agentId, id);
        if (!endUser) throw notFound(`End user "${request.endUserId}"`);
        const { profile } = presentEndUser(endUser);
        available = (rules) => isAvailableTo(rules, profile);
      }
      const { text, language, limit } = request;
      return (await search(agentId, { text, language, limit, ...(available ? { available } : {}) })).hits;
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
