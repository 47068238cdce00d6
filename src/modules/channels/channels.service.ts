// The Channels rules: custom channels are created under a rolling 24-hour limit per AI Agent,
// only their capabilities change afterwards, and native channels are read-only. No HTTP, no SQL.
import type { Executor } from '../../db/executor.js';
import { checkFlatMetadataSize, type FlatMetadata } from '../../lib/flat-metadata.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { newId, normalizeId } from '../../lib/ids.js';
import { pageOf, type Page } from '../../lib/page.js';
import type { UnitOfWork } from '../../platform/unit-of-work.js';
import { presentCustomChannel } from './channels.presenter.js';
import type { CreateChannelBody, PatchChannelBody } from './channels.schemas.js';
import type { Channel, ChannelsStore } from './channels.store.js';
import type { Modality } from './channels.tables.js';

export interface ChannelsServiceDeps {
  store: ChannelsStore;
  units: UnitOfWork;
  clock: Clock;
  /** Custom channels an agent may create in any rolling 24 hours; 0 means no limit. */
  dailyLimit: number;
}

const DAY_MS = 24 * 60 * 60 * 1_000;

export function createChannelsService(deps: ChannelsServiceDeps) {
  const { store, units, clock, dailyLimit } = deps;

  /**
   * Refuses the creation when the agent is at its limit. Retry-After is when enough of the
   * counted channels will have aged out of the window for one more to fit.
   */
  async function checkDailyLimit(agentId: string, now: number, tx: Executor): Promise<void> {
    const since = now - DAY_MS;
    const count = await store.countCustomSince(agentId, since, tx);
    if (count < dailyLimit) return;
    const freeing = await store.customCreatedAt(agentId, since, count - dailyLimit, tx);
    const seconds = Math.max(1, Math.ceil(((freeing ?? now) + DAY_MS - now) / 1_000));
    throw new AppError(
      'rate_limited',
      `This AI Agent has created ${count.toLocaleString('en-US')} custom channels in the last 24 hours; at most ${dailyLimit.toLocaleString('en-US')} may be created in any 24 hours. Retry after ${seconds} s.`,
      null,
      { 'retry-after': String(seconds) },
    );
  }

  /** Who a change of this channel is about, for the audit log. */
  const audited = (channel: Channel) => ({
    agentId: channel.agentId,
    entityType: 'channel',
    entityId: channel.id,
    entityName: channel.name,
  });

  return {
    async list(
      agentId: string,
      filter: { type: Channel['type']; modality: Modality | null },
      cursor: string | null,
      limit: number,
    ): Promise<Page<Channel>> {
      return pageOf(await store.list(agentId, filter, cursor, limit + 1), limit);
    },

    async create(agentId: string, body: CreateChannelBody): Promise<Channel> {
      const metadata = (body.metadata ?? {}) as FlatMetadata;
      checkFlatMetadataSize('$.metadata', metadata);
      const build = (now: number): Channel => ({
        id: newId(now, agentId),
        agentId,
        type: 'custom',
        name: body.name,
        description: body.description,
        modality: body.modality,
        markdown: body.capabilities?.markdown ?? false,
        metadata,
        createdAt: now,
      });
      if (dailyLimit === 0) {
        const channel = build(clock.now());
        await units.transaction(async (unit) => {
          await store.insert(channel, unit.ex);
          unit.change({ ...audited(channel), activity: 'created', before: null, after: presentCustomChannel(channel) });
        });
        return channel;
      }
      // Counting and inserting in one transaction, with the agent locked, keeps concurrent
      // creations from overshooting the limit together.
      return units.transaction(async (unit) => {
        await store.lockAgent(agentId, unit.ex);
        const now = clock.now();
        await checkDailyLimit(agentId, now, unit.ex);
        const channel = build(now);
        await store.insert(channel, unit.ex);
        unit.change({ ...audited(channel), activity: 'created', before: null, after: presentCustomChannel(channel) });
        return channel;
      });
    },

    /** Changes only the capabilities sent; native channels are refused. */
    async update(agentId: string, rawId: string, body: PatchChannelBody): Promise<Channel> {
      const id = normalizeId(rawId);
      const channel = id === null ? null : await store.findById(agentId, id);
      if (!channel) throw notFound(`Channel "${rawId}"`);
      if (channel.type === 'native') {
        throw fieldError(
          '$.channel_id',
          `is the native channel "${channel.name}"; native channels are read-only, only custom channels can be updated`,
          'path',
        );
      }
      const markdown = body.capabilities.markdown;
      if (markdown === undefined || markdown === channel.markdown) return channel;
      const next = { ...channel, markdown };
      await units.transaction(async (unit) => {
        if (!(await store.setMarkdown(agentId, channel.id, markdown, unit.ex))) throw notFound(`Channel "${rawId}"`);
        unit.change({
          ...audited(next),
          activity: 'updated',
          before: presentCustomChannel(channel),
          after: presentCustomChannel(next),
        });
      });
      return next;
    },
  };
}

export type ChannelsService = ReturnType<typeof createChannelsService>;
