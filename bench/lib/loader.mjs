// @ts-check
// Bulk loading straight through the store's Kysely instance: multi-row INSERTs, several per
// transaction, with a progress bar on stderr. Ids come from Roster's own id generator, so they
// have the layout and ordering of ids the server makes.
import { sql } from 'kysely';
import { openContainer } from './engines.mjs';
import { seedRow } from './fixtures.mjs';
/** @import { Dist, Engine, RosterDb } from './engines.mjs' */

const ROWS_PER_INSERT = 1000; // 14 columns x 1000 rows stays under both engines' parameter limits
const INSERTS_PER_TX = 10;

/**
 * @param {string} label
 * @param {number} total
 */
function progressBar(label, total) {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  return {
    /** @param {number} done rows loaded so far */
    update(done) {
      const fraction = total === 0 ? 1 : done / total;
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(
          `\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
            `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rate.toLocaleString('en-US')} rows/s)`,
        );
      } else if (Math.floor(fraction * 10) > lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        process.stderr.write(
          `  ${label}: ${(fraction * 100).toFixed(0)}% (${done.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s)\n`,
        );
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
      return (Date.now() - started) / 1000;
    },
  };
}

/**
 * @typedef {object} LoadSpec
 * @property {string} agentId
 * @property {number} count
 * @property {number} [firstIndex]
 * @property {(index: number) => number} createdAt each user's creation time, epoch ms
 * @property {string} [label] of the progress bar
 * @property {(index: number) => string} [externalId] seedExternalId(index) without it
 */

/**
 * Inserts `count` end users for `agentId`, numbered from `firstIndex`; createdAt(i) gives each
 * creation time. Returns their ids in insertion order and the seconds it took.
 * @param {RosterDb} kysely
 * @param {Dist['newId']} newId
 * @param {LoadSpec} spec
 */
export async function loadUsers(
  kysely,
  newId,
  { agentId, count, firstIndex = 0, createdAt, label = 'loading', externalId },
) {
  /** @type {string[]} */
  const ids = new Array(count);
  const bar = progressBar(label, count);
  let done = 0;
  while (done < count) {
    const txRows = Math.min(count - done, ROWS_PER_INSERT * INSERTS_PER_TX);
    await kysely.transaction().execute(async (tx) => {
      for (let offset = 0; offset < txRows; offset += ROWS_PER_INSERT) {
        const rows = [];
        for (let k = offset; k < Math.min(txRows, offset + ROWS_PER_INSERT); k++) {
          const n = done + k;
          const index = firstIndex + n;
          const at = createdAt(index);
          const id = newId(at);
          ids[n] = id;
          rows.push(
            seedRow({ id, agentId, index, createdAt: at, ...(externalId ? { externalId: externalId(index) } : {}) }),
          );
        }
        await tx.insertInto('end_users').values(rows).execute();
      }
    });
    done += txRows;
    bar.update(done);
  }
  return { ids, seconds: bar.done() };
}

/**
 * Fresh planner statistics after a bulk load; SQLite needs none for these queries.
 * @param {Engine} engine
 * @param {RosterDb} kysely
 */
export async function analyzeEndUsers(engine, kysely) {
  if (engine.name === 'postgres') await sql`analyze end_users`.execute(kysely);
}

/**
 * Seeds `count` end users numbered from `firstIndex` through Roster's own container, created an
 * hour ago a millisecond apart. Returns their ids and the seconds the inserts took.
 * @param {Dist} dist
 * @param {Engine} engine
 * @param {{ count: number, firstIndex?: number, label: string }} spec
 */
export async function seedUsers(dist, engine, { count, firstIndex = 0, label }) {
  const { container, kysely, agentId } = await openContainer(dist, engine);
  try {
    const base = Date.now() - 3_600_000;
    const { ids, seconds } = await loadUsers(kysely, dist.newId, {
      agentId,
      count,
      firstIndex,
      createdAt: (i) => base + i,
      label,
    });
    await analyzeEndUsers(engine, kysely);
    return { ids, seconds };
  } finally {
    await container.close();
  }
}
