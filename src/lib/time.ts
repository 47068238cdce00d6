// Wire timestamps: RFC 3339, UTC, milliseconds, explicit "+00:00" offset.
//
// A list page writes two timestamps per record, so this runs hundreds of times per request.
// Date#toISOString allocates a Date and its string, and the offset then needs another string.
// Here the date part is computed once per day and cached, and the time of day is assembled from
// two-digit strings made once at start.

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const THREE = Array.from({ length: 1000 }, (_, i) => (i < 10 ? `00${i}` : i < 100 ? `0${i}` : `${i}`));

let cachedDay = Number.NaN;
let cachedPrefix = '';

function slow(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export function toWireTime(ms: number): string {
  // Years outside 0000-9999 are written with a sign and six digits by toISOString.
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000) || !Number.isInteger(ms)) return slow(ms);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedPrefix}${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${THREE[milli]}+00:00`;
}
