// Article tags: list, upsert by id, delete (which takes the tag off every article). No HTTP, no SQL.
import type { Clock } from '../../lib/clock.js';
import { notFound, validationError, type ValidationDetail } from '../../lib/errors.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import type { TagUpsertBody } from './knowledge.schemas.js';
import type { KnowledgeStore, Tag } from './knowledge.store.js';
import type { UpsertResult } from './articles.service.js';

export function createTagsService(deps: { store: KnowledgeStore; units: UnitOfWork; clock: Clock }) {
  const { store, units, clock } = deps;
  return {
    list: (agentId: string) => store.tags(agentId),

    async upsert(agentId: string, items: TagUpsertBody): Promise<UpsertResult[]> {
      const firstIndex = new Map<string, number>();
      const problems: ValidationDetail[] = [];
      items.forEach((item, i) => {
        const first = firstIndex.get(item.id);
        if (first === undefined) firstIndex.set(item.id, i);
        else
          problems.push({
            parameter: `$[${i}].id`,
            location: 'body',
            message: `repeats the id of $[${first}]; send each tag once`,
          });
      });
      if (problems.length > 0) throw validationError(problems.slice(0, 100));
      return units.transaction(async (unit) => {
        const existing = await store.tagsByIds(
          agentId,
          items.map((t) => t.id),
          unit.ex,
        );
        const now = clock.now();
        const writes: Tag[] = items
          .filter((item) => existing.get(item.id)?.name !== item.name)
          .map((item) => ({
            agentId,
            id: item.id,
            name: item.name,
            createdAt: existing.get(item.id)?.createdAt ?? now,
            updatedAt: now,
          }));
        await store.upsertTags(writes, unit.ex);
        return items.map((item) => ({ id: item.id, success: true, created: !existing.has(item.id) }));
      });
    },

    async delete(agentId: string, id: string): Promise<void> {
      const deleted = await units.transaction((unit) => store.deleteTag(agentId, id, unit.ex));
      if (!deleted) throw notFound(`Tag "${id}"`);
    },
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
