// The knowledge responder: answers an end user's text message from the AI Agent's own knowledge
// base. The best-ranked article that is enabled and available to this end user (its availability
// rules evaluated against the end user's profile and metadata) answers, provided it contains at
// least half of the message's words that count (stop words left out); the reply is an excerpt of
// it and, when it has a url, a link to it. Otherwise the reply is the configured sentence saying
// there is no answer. A new conversation gets no greeting.
//
// What it needs from the knowledge module is declared here, so this file imports nothing of it.
import {
  LINK_TEXT_MAX,
  REPLY_BODY_MAX,
  storableText,
  type Reply,
  type Responder,
  type ResponderTurn,
} from './responder.contract.js';

/** The article fields a reply is made from. */
export interface KnowledgeArticle {
  name: string;
  content: string;
  url: string | null;
}

export interface KnowledgeSearchHit {
  article: KnowledgeArticle;
  /** Words of the search the article contains, and the words its language does not ignore. */
  matched?: number;
  meaningful?: number;
}

export interface KnowledgeDeps {
  /** The knowledge module's search over an agent's enabled articles. */
  search(
    agentId: string,
    request: {
      text: string;
      language: string | null;
      limit: number;
      available?: (rules: unknown) => boolean;
      coverage?: boolean;
    },
  ): Promise<{ terms: string[]; hits: KnowledgeSearchHit[] }>;
  /** Whether an end user with this profile may be given an article with these rules. */
  isAvailableTo(rules: unknown, profile: Record<string, unknown>): boolean;
}

/** Characters of the article an answer quotes at most. */
export const EXCERPT_MAX = 600;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function messageText(message: Record<string, unknown> | null): string | null {
  const content = message?.content;
  return isRecord(content) && content.type === 'text' && typeof content.body === 'string' ? content.body : null;
}

/**
 * The paragraph of `content` that mentions the most of `terms` (the first on a tie; headings only
 * when nothing else mentions any), cut to EXCERPT_MAX characters at a word boundary.
 */
export function excerpt(content: string, terms: readonly string[]): string {
  const paragraphs = content
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (paragraphs.length === 0) return '';
  const hits = (p: string) => {
    const lower = p.toLowerCase();
    return terms.filter((t) => lower.includes(t)).length;
  };
  let best = paragraphs.find((p) => !p.startsWith('#')) ?? paragraphs[0] ?? '';
  let bestHits = hits(best);
  for (const paragraph of paragraphs) {
    const count = hits(paragraph) - (paragraph.startsWith('#') ? 0.5 : 0);
    if (count > bestHits) {
      best = paragraph;
      bestHits = count;
    }
  }
  if (best.length <= EXCERPT_MAX) return best;
  const cut = best.slice(0, EXCERPT_MAX);
  const space = cut.search(/\s\S*$/);
  return `${(space > EXCERPT_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A good answer contains at least half of the words that count, and at least one. */
function answers(hit: KnowledgeSearchHit): boolean {
  const matched = hit.matched ?? 0;
  const meaningful = hit.meaningful ?? 0;
  return matched > 0 && matched * 2 >= meaningful;
}

export function createKnowledgeResponder(noAnswer: string, deps: KnowledgeDeps): Responder {
  const reply = (content: Reply['content']): Reply => ({ content, display_name: null, avatar: null });
  const nothing = [reply({ type: 'text', body: storableText(noAnswer, REPLY_BODY_MAX) })];
  return {
    kind: 'knowledge',
    async respond(turn: ResponderTurn): Promise<Reply[]> {
      if (turn.kind === 'conversation_created') return [];
      const text = messageText(turn.message);
      if (text === null) return nothing;
      const profile = isRecord(turn.endUser.profile) ? turn.endUser.profile : {};
      const { terms, hits } = await deps.search(turn.agent.id, {
        text,
        language: typeof profile.language === 'string' ? profile.language : null,
        limit: 1,
        coverage: true,
        available: (rules) => deps.isAvailableTo(rules, profile),
      });
      const best = hits[0];
      if (!best || !answers(best)) return nothing;
      const { article } = best;
      const body = excerpt(article.content, terms) || article.name;
      const replies = [reply({ type: 'text', body: storableText(body, REPLY_BODY_MAX) })];
      if (article.url !== null)
        replies.push(reply({ type: 'link', url: article.url, link_text: storableText(article.name, LINK_TEXT_MAX) }));
      return replies;
    },
  };
}
