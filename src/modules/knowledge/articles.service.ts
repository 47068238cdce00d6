// Knowledge articles: the all-or-nothing bulk upsert (with the per-agent article cap), get, list
// with filters, delete one, delete by filter. No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound, validationError, type ValidationDetail } from '../../lib/errors.js';
import { jsonByteSize } from '../../lib/json-size.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { parseDateTime } from '../webhooks/webhooks.replay.js';
import type { Article, ArticleFilter, ArticleInput, ArticlesStore } from './articles.store.js';
import { ruleProblems, storedRule, variablesOf, type AvailabilityRule } from './availability.js';
import { ARTICLE_MAX_BYTES, type ArticleUpsertItem } from './knowledge.schemas.js';
import type { KnowledgeStore } from './knowledge.store.js';
import { DEFAULT_LANGUAGE, articleLanguageOf } from './languages.js';
import type { VariablesService } from './variables.service.js';

/** The most problems one 400 lists. */
const DETAILS_MAX = 100;
/** The most new ids the article-cap error lists. */
const NEW_IDS_SHOWN = 100;
/**
 * The background job that readies the search's index after large imports (planner statistics on
 * PostgreSQL, merged index segments on SQLite: FullTextSearch.optimize). The kind keeps its first name.
 */
export const ARTICLE_STATISTICS_KIND = 'knowledge.article_statistics';
/** Batches writing at least this many articles ask for it... */
const STATISTICS_AFTER_WRITES = 100;
/** ...this long after the last of them. */
const STATISTICS_DELAY_MS = 2_000;

export interface UpsertResult {
  id: string;
  success: boolean;
  created: boolean;
}

/** What a request item asks for, checked and converted; undefined leaves a stored value alone. */
interface Checked {
  item: ArticleUpsertItem;
  language: string | undefined;
  externalCreated: number | null | undefined;
  externalUpdated: number | null | undefined;
  tagIds: string[] | undefined;
  rules: AvailabilityRule | null | undefined;
}

/** Epoch ms of an RFC 3339 date-time; without an offset it is read as UTC. */
function dateTime(text: string): number | null {
  return parseDateTime(text) ?? parseDateTime(`${text}Z`);
}

function fail(problems: ValidationDetail[]): never {
  throw validationError(problems.slice(0, DETAILS_MAX));
}

const detail = (parameter: string, message: string): ValidationDetail => ({ parameter, location: 'body', message });

function sameArticle(a: ArticleInput, b: ArticleInput): boolean {
  return (
    a.sourceId === b.sourceId &&
    a.name === b.name &&
    a.content === b.content &&
    a.url === b.url &&
    a.language === b.language &&
    a.enabled === b.enabled &&
    a.externalCreated === b.externalCreated &&
    a.externalUpdated === b.externalUpdated &&
    JSON.stringify(a.metadata) === JSON.stringify(b.metadata) &&
    JSON.stringify(a.rules) === JSON.stringify(b.rules) &&
    a.tagIds.length === b.tagIds.length &&
    a.tagIds.every((t, i) => t === b.tagIds[i])
  );
}

export interface ArticlesServiceDeps {
  articles: ArticlesStore;
  store: KnowledgeStore;
  variables: VariablesService;
  units: UnitOfWork;
  clock: Clock;
  /** Articles an AI Agent may have. */
  cap: number;
}

export function createArticlesService(deps: ArticlesServiceDeps) {
  const { articles, store, variables, units, clock, cap } = deps;

  /** Everything that can be checked without the database. */
  function check(items: readonly ArticleUpsertItem[]): Checked[] {
    const problems: ValidationDetail[] = [];
    const firstIndex = new Map<string, number>();
    const checked = items.map((item, i): Checked => {
      const at = `$[${i}]`;
      const first = firstIndex.get(item.id);
      if (first !== undefined)
        problems.push(detail(`${at}.id`, `repeats the id of $[${first}]; send each article once`));
      else firstIndex.set(item.id, i);
      const size = jsonByteSize(item);
      if (size > ARTICLE_MAX_BYTES) {
        problems.push(
          detail(
            at,
            `is ${size.toLocaleString('en-US')} bytes as compact JSON; an article may be at most ${ARTICLE_MAX_BYTES.toLocaleString('en-US')} bytes (100 KB)`,
          ),
        );
      }
      let language: string | undefined;
      if (item.language !== undefined) {
        language = articleLanguageOf(item.language) ?? undefined;
        if (language === undefined)
          problems.push(detail(`${at}.language`, `is "${item.language}", a language articles cannot be written in`));
      }
      const times = (['external_created', 'external_updated'] as const).map((field) => {
        const value = item[field];
        if (value === undefined || value === null) return value;
        const ms = dateTime(value);
        if (ms === null)
          problems.push(
            detail(`${at}.${field}`, `"${value}" is not an RFC 3339 date-time such as 2026-05-01T12:00:00Z`),
          );
        return ms ?? undefined;
      });
      let rules: AvailabilityRule | null | undefined = item.availability_rules;
      if (rules) {
        problems.push(...ruleProblems(rules, `${at}.availability_rules`, () => true));
        rules = storedRule(rules);
      }
      return {
        item,
        language,
        externalCreated: times[0],
        externalUpdated: times[1],
        tagIds: item.tag_ids === undefined ? undefined : [...new Set(item.tag_ids)],
        rules,
      };
    });
    if (problems.length > 0) fail(problems);
    return checked;
  }

  /** Rules may only name the agent's variables. */
  async function checkVariables(agentId: string, checked: readonly Checked[]): Promise<void> {
    const named = new Set(checked.flatMap((c) => (c.rules ? variablesOf(c.rules) : [])));
    if (named.size === 0) return;
    const known = await variables.known(agentId, [...named]);
    if (known.size === named.size) return;
    const problems = checked.flatMap((c, i) =>
      c.rules
        ? ruleProblems(c.rules, `$[${i}].availability_rules`, (id) => known.has(id)).filter((p) =>
            p.parameter.endsWith('.variable.id'),
          )
        : [],
    );
    fail(problems);
  }

  function merged(agentId: string, c: Checked, old: Article | undefined, now: number): ArticleInput {
    const { item } = c;
    return {
      agentId,
      id: item.id,
      sourceId: item.knowledge_source_id,
      name: item.name,
      content: item.content,
      url: item.url !== undefined ? item.url : (old?.url ?? null),
      language: c.language ?? old?.language ?? DEFAULT_LANGUAGE,
      enabled: item.enabled ?? old?.enabled ?? true,
      metadata: item.metadata !== undefined ? item.metadata : (old?.metadata ?? null),
      rules: c.rules !== undefined ? c.rules : (old?.rules ?? null),
      externalCreated: c.externalCreated !== undefined ? c.externalCreated : (old?.externalCreated ?? null),
      externalUpdated: c.externalUpdated !== undefined ? c.externalUpdated : (old?.externalUpdated ?? null),
      tagIds: c.tagIds ?? old?.tagIds ?? [],
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    };
  }

  async function requireArticle(agentId: string, id: string): Promise<Article> {
    const article = await articles.get(agentId, id);
    if (!article) throw notFound(`Knowledge article "${id}"`);
    return article;
  }

  return {
    /** Creates or updates every article, or none (a 400 says why). */
    async upsert(agentId: string, items: readonly ArticleUpsertItem[]): Promise<UpsertResult[]> {
      const checked = check(items);
      await checkVariables(agentId, checked);
      return units.transaction(async (unit) => {
        // The cap and the sources' state are read and relied on until the commit.
        await store.lock(agentId, unit.ex);
        const sources = await store.sourcesByIds(
          agentId,
          [...new Set(items.map((i) => i.knowledge_source_id))],
          unit.ex,
        );
        const tags = await store.tagsByIds(agentId, [...new Set(checked.flatMap((c) => c.tagIds ?? []))], unit.ex);
        const problems: ValidationDetail[] = [];
        checked.forEach((c, i) => {
          const source = sources.get(c.item.knowledge_source_id);
          if (!source) {
            problems.push(
              detail(
                `$[${i}].knowledge_source_id`,
                `names no knowledge source of this AI Agent ("${c.item.knowledge_source_id}")`,
              ),
            );
          } else if (source.status !== null) {
            problems.push(
              detail(`$[${i}].knowledge_source_id`, `names a knowledge source that is being deleted ("${source.id}")`),
            );
          }
          c.tagIds?.forEach((tagId) => {
            if (!tags.has(tagId)) {
              const j = (c.item.tag_ids ?? []).indexOf(tagId);
              problems.push(detail(`$[${i}].tag_ids[${j}]`, `names no tag of this AI Agent ("${tagId}")`));
            }
          });
        });
        if (problems.length > 0) fail(problems);

        const existing = await articles.findByIds(
          agentId,
          items.map((i) => i.id),
          unit.ex,
        );
        const newIds = items.filter((i) => !existing.has(i.id)).map((i) => i.id);
        if (newIds.length > 0 && (await articles.count(agentId, unit.ex)) + newIds.length > cap) {
          throw new AppError('bad_request', `Maximum article limit of ${cap} exceeded`, {
            code: 'knowledge.articles.total_exceeded',
            new_article_ids: newIds.slice(0, NEW_IDS_SHOWN),
            new_article_count: newIds.length,
          });
        }

        const now = clock.now();
        const writes: ArticleInput[] = [];
        const retagged: ArticleInput[] = [];
        for (const c of checked) {
          const old = existing.get(c.item.id);
          const next = merged(agentId, c, old, now);
          // An upsert that changes nothing writes nothing, and `updated` stays.
          if (old && sameArticle(old, next)) continue;
          writes.push(next);
          if (next.tagIds.join('\u0000') !== (old?.tagIds ?? []).join('\u0000')) retagged.push(next);
        }
        const keys = await articles.upsert(writes, unit.ex);
        await articles.replaceTags(
          agentId,
          retagged.map((a) => ({ key: keys.get(a.id) as number, tagIds: a.tagIds })),
          unit.ex,
        );
        if (writes.length >= STATISTICS_AFTER_WRITES) {
          // Pushed back by every large batch: runs once an import has paused for a moment.
          unit.enqueue({
            kind: ARTICLE_STATISTICS_KIND,
            agentId,
            payload: {},
            dedupe: `statistics:${agentId}`,
            runAt: now + STATISTICS_DELAY_MS,
            onDuplicate: 'requeue',
          });
        }
        return items.map((i) => ({ id: i.id, success: true, created: !existing.has(i.id) }));
      });
    },

    get: requireArticle,

    async list(agentId: string, filter: ArticleFilter, cursor: string | null, limit: number): Promise<Page<Article>> {
      return pageOf(await articles.list(agentId, normalized(filter), cursor, limit + 1), limit);
    },

    async delete(agentId: string, id: string): Promise<void> {
      if (!(await articles.deleteOne(agentId, id))) throw notFound(`Knowledge article "${id}"`);
    },

    /** Deletes every article matching the filters; at least one filter is needed. */
    async deleteMatching(agentId: string, filter: ArticleFilter): Promise<void> {
      if (!Object.values(filter).some((values) => values !== undefined && values.length > 0)) {
        throw validationError([
          {
            parameter: '$',
            location: 'query',
            message:
              'needs at least one filter (id, enabled, language, knowledge_source_id or tag_ids); to delete every article, send enabled=true&enabled=false',
          },
        ]);
      }
      const deleted = await units.transaction((unit) => articles.deleteMatching(agentId, normalized(filter), unit.ex));
      if (deleted === 0) throw new AppError('not_found', 'No knowledge article matches the filters.');
    },
  };
}

/** Language filters match the way articles are stored: en-US finds articles in en. */
function normalized(filter: ArticleFilter): ArticleFilter {
  return filter.languages
    ? { ...filter, languages: filter.languages.map((l) => articleLanguageOf(l) ?? l.toLowerCase()) }
    : filter;
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
