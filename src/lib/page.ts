// Cursor pages: a store reads one row more than the page holds, so the page knows whether there
// is a next one, and that row's id is the next page's cursor (the first record it starts at).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page of `limit` items from `rows` read with limit + 1 (trimmed in place: no copy of the page). */
export function pageOf<T extends { id: string } | readonly [id: string, ...rest: unknown[]]>(
  rows: T[],
  limit: number,
): Page<T> {
  const next = rows.length > limit ? rows[limit] : undefined;
  if (rows.length > limit) rows.length = limit;
  return { items: rows, nextCursor: next === undefined ? null : 'id' in next ? next.id : next[0] };
}
