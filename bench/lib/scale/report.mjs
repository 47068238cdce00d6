// @ts-check
// Reporting of scale mode: per engine, the reads at both sizes against their target ratio, the
// load rate, and the sweep under load against its p99 target.
import { table } from '../report.mjs';
import { SCALE_SCENARIOS } from './reads.mjs';
/** @import { Measured } from '../drive.mjs' */
/** @import { ScaleEngine } from './run.mjs' */

const MIN_SCALE_RATIO = 0.8;
const MAX_SWEEP_P99_RATIO = 2;

/**
 * @param {string} name
 * @param {ScaleEngine} e
 */
export function printEngine(name, e) {
  /** @param {number} v */
  const n = (v) => v.toLocaleString('en-US');
  /** @param {number | null} v */
  const ms = (v) => (v === null ? '-' : v.toFixed(2));
  const rows = SCALE_SCENARIOS.map(([label]) => {
    const [s, l, ratio] = [e.small[label], e.large[label], e.ratios[label]];
    const errors = s.errors + l.errors;
    const verdict = errors > 0 ? 'MISS errors' : ratio < MIN_SCALE_RATIO ? `MISS ratio<${MIN_SCALE_RATIO}` : 'ok';
    /** @param {Measured} r */
    const cpu = (r) => (r.cpuUsPerRequest === null ? '-' : n(Math.round(r.cpuUsPerRequest)));
    return [
      label,
      n(Math.round(s.rps)),
      ms(s.p99),
      cpu(s),
      n(Math.round(l.rps)),
      ms(l.p99),
      cpu(l),
      ratio.toFixed(2),
      verdict,
    ];
  });
  const big = n(e.largeUsers);
  process.stdout.write(
    `\n${table([`${name} scale`, `${n(e.smallUsers)} req/s`, 'p99 ms', 'CPU us/req', `${big} req/s`, 'p99 ms', 'CPU us/req', `${big}/${n(e.smallUsers)}`, 'targets'], rows)}\n`,
  );
  process.stdout.write(
    `loaded ${n(e.largeUsers - e.smallUsers)} end users in ${e.loadSeconds.toFixed(1)} s (${n(Math.round(e.loadRowsPerSecond))} rows/s)\n`,
  );
  const w = e.sweep;
  const verdict =
    w.errors > 0
      ? 'MISS errors'
      : w.p99Ratio !== null && w.p99Ratio > MAX_SWEEP_P99_RATIO
        ? `MISS >${MAX_SWEEP_P99_RATIO}x`
        : 'ok';
  process.stdout.write(
    `\n${table(
      [
        'sweep under get-by-id',
        'deleted',
        'seconds',
        'p99 without',
        'p99 during',
        'during/without',
        'req/s without',
        'req/s during',
        'errors',
        'targets',
      ],
      [
        [
          name,
          n(w.deleted),
          w.sweepSeconds === null ? 'unfinished' : w.sweepSeconds.toFixed(1),
          ms(w.without.p99),
          ms(w.during.p99),
          w.p99Ratio === null ? '-' : w.p99Ratio.toFixed(2),
          n(Math.round(w.without.rps)),
          w.during.rps === null ? '-' : n(Math.round(w.during.rps)),
          w.errors,
          verdict,
        ],
      ],
    )}\n`,
  );
}
