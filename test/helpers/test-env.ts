// What a test run is told by its environment, and what the global setup hands to every test file.
// Kept free of vitest's runtime and of src/, so the global setup (which runs in vitest's own
// process, before any worker) can import it.

export type EngineName = 'sqlite' | 'postgres';

/** Engines under test: ROSTER_TEST_ENGINES=sqlite,postgres (both by default). */
export function enginesUnderTest(env: NodeJS.ProcessEnv = process.env): EngineName[] {
  return (env.ROSTER_TEST_ENGINES ?? 'sqlite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is EngineName => s === 'sqlite' || s === 'postgres');
}

/** The local PostgreSQL the tests use unless told otherwise (trust auth, user postgres). */
export const LOCAL_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The local Redis tried after ROSTER_TEST_REDIS_URL. */
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** A server chosen by the global setup: where it is, or (one line) why there is none. */
export interface ChosenServer {
  url: string | null;
  missing: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rosterTestPostgres: ChosenServer;
    rosterTestRedis: ChosenServer;
  }
}

/** A URL fit to print: any password replaced. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** One line out of any error, including the AggregateError (empty message) of a refused dual-stack connect. */
export function oneLine(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: unknown[] };
  let text = e?.message || e?.code || '';
  if (!text && Array.isArray(e?.errors) && e.errors.length > 0) text = oneLine(e.errors[0]);
  return (text || String(error)).split('\n')[0]!.trim();
}
