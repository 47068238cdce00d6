// Durations as operators write them in the environment: "500ms", "2s", "5m", "24h", "7d".
// A bare "0" is allowed and means zero. Compound forms ("1h30m") are accepted as well.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Parses a duration into milliseconds; returns null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const input = text.trim();
  if (input === '0') return 0;
  if (input === '') return null;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const match = PART.exec(input);
    if (!match) return null;
    total += Number(match[1]) * (UNIT_MS[match[2]!] as number);
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** Formats milliseconds the way parseDuration reads them back, with the largest whole unit. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] as number;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
