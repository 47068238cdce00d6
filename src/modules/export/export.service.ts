// The Data Export API's pages. A page is read from the database a chunk at a time and handed on
// as text a chunk at a time, so a page of 10,000 records never exists whole in memory. The first
// chunk is read before the page is handed over: a bad request or an unreachable database still
// gets its own status, and only a failure in the middle of a page can cut it short.
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import { exportMessageJson, presentExportConversation } from './export.presenter.js';
import type { ChunkQuery, ConversationRow, ExportStore, MessageRow, Position } from './export.store.js';
import {
  nextPageQuery,
  pageStart,
  parseWindow,
  sealCursor,
  type ExportKind,
  type ExportQuery,
  type Window,
} from './export.window.js';

/** Rows of the first query of a page: small, so the first bytes leave soon. */
const FIRST_CHUNK = 100;
/**
 * Rows of each later query. Larger chunks save round trips but keep more text alive while the
 * socket drains: with four clients paging at once, chunks of 1,000 grew the server's memory by
 * 70 to 110 MB, chunks of 250 by 2 to 34 MB, for about the same throughput.
 */
const CHUNK = 250;

/** How a page is wrapped: Ada's v2 body or the legacy v1.4 one. */
export interface PageShape {
  /** The path next_page_uri points at. */
  path: string;
  open: string;
  close(nextPageUri: string | null): string;
}

export interface ExportPage {
  /** The page's JSON text, chunk by chunk. */
  body: AsyncIterable<string>;
  /** Where the window stops for this and every later page of it (records from then on wait for another request). */
  until: number;
}

interface Chunk {
  /** Each row's record as JSON text. */
  text: string[];
  /** The position of row i in the export's order. */
  positionOf(i: number): Position;
}

export function createExportService(deps: { store: ExportStore; keyring: Keyring; clock: Clock }) {
  const { store, keyring, clock } = deps;

  /**
   * What each AI Agent reply of a page answers: the end user's latest message before it in its
   * conversation. Read in the page's order, that is the last end-user message of the conversation
   * seen so far; only a conversation whose first row in the page is a reply needs a query (one,
   * for all its replies up to its next end-user message). The map holds one entry per
   * conversation of the page, so at most one per record.
   */
  function answers(
    rows: MessageRow[],
    asked: Map<string, string | null>,
  ): Promise<Array<string | null>> | Array<string | null> {
    const result: Array<string | null> = new Array<string | null>(rows.length).fill(null);
    const waiting = new Map<string, { before: string; rows: number[] }>();
    rows.forEach((row, i) => {
      if (row.author_role === 'end_user') asked.set(row.conversation_id, row.id);
      if (row.author_role !== 'ai_agent') return;
      const known = asked.get(row.conversation_id);
      if (known !== undefined) {
        result[i] = known;
        return;
      }
      const wait = waiting.get(row.conversation_id);
      if (wait) wait.rows.push(i);
      else waiting.set(row.conversation_id, { before: row.id, rows: [i] });
    });
    if (waiting.size === 0) return result;
    return (async () => {
      for (const [conversationId, wait] of waiting) {
        const found = await store.lastEndUserMessage(conversationId, wait.before);
        for (const i of wait.rows) result[i] = found;
        if (!asked.has(conversationId)) asked.set(conversationId, found);
      }
      return result;
    })();
  }

  function reader(window: Window): (chunk: ChunkQuery) => Promise<Chunk> {
    if (window.kind === 'messages') {
      const asked = new Map<string, string | null>();
      return async (chunk) => {
        const rows = await store.messages(window.conversationId, chunk);
        const inResponseTo = await answers(rows, asked);
        return {
          text: rows.map((row, i) => exportMessageJson(row, inResponseTo[i] ?? null)),
          positionOf: (i) => position(rows[i] as MessageRow, (rows[i] as MessageRow).created_at),
        };
      };
    }
    return async (chunk) => {
      const rows = await store.conversations(window.field, chunk);
      return {
        text: rows.map((row) => JSON.stringify(presentExportConversation(row))),
        positionOf: (i) => {
          const row = rows[i] as ConversationRow;
          return position(row, window.field === 'created' ? row.created_at : row.updated_at);
        },
      };
    };
  }

  return {
    /** The page a request asks for; throws the 400 of a broken rule before anything is sent. */
    async page(agentId: string, kind: ExportKind, query: ExportQuery, shape: PageShape): Promise<ExportPage> {
      const now = clock.now();
      const window = parseWindow(kind, query, now);
      const start = pageStart(window, query.cursor, agentId, keyring, now);
      const read = reader(window);

      let remaining = window.pageSize;
      let after = start.after;
      let more = false;
      /**
       * The next rows of the page. A query asks for one row more than the page still takes, so
       * the page knows whether more follow; when a chunk fills the page exactly, one more query of
       * a single row (remaining is 0) finds out.
       */
      const next = async (size: number) => {
        const limit = Math.min(size, remaining + 1);
        const chunk = await read({ agentId, after, end: start.end, limit });
        const rows = chunk.text.length;
        const taken = Math.min(rows, remaining);
        more = rows > remaining;
        if (taken > 0) after = chunk.positionOf(taken - 1);
        remaining -= taken;
        return { text: chunk.text.slice(0, taken), done: more || rows < limit };
      };

      const first = await next(FIRST_CHUNK);
      return {
        until: start.end,
        body: (async function* () {
          let current = first;
          let wrote = current.text.length > 0;
          let text = shape.open + current.text.join(',');
          while (!current.done) {
            yield text;
            current = await next(CHUNK);
            text = (wrote && current.text.length > 0 ? ',' : '') + current.text.join(',');
            wrote ||= current.text.length > 0;
          }
          const cursor = more ? sealCursor(window, start, after, agentId, keyring, now) : null;
          yield text + shape.close(cursor === null ? null : `${shape.path}?${nextPageQuery(window, cursor)}`);
        })(),
      };
    },
  };
}

function position(row: { id: string }, at: number | string): Position {
  return { at: Number(at), id: row.id };
}

export type ExportService = ReturnType<typeof createExportService>;
