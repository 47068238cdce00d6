// Driver errors, translated once where statements run (dialect.ts), so no other code reads a
// driver's codes or messages: a unique-constraint violation becomes UniqueViolation, which a store
// turns into its own domain conflict, and "the database cannot be reached right now" becomes
// DatabaseUnavailable, which the HTTP layer answers as 503 and background work retries.

/** A statement broke a unique constraint. Stores catch it and throw a domain error instead. */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
  constructor(
    message: string,
    readonly constraint: string | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The database did not answer, refused the connection, or is shutting down. */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
}

/** Runs `work`; a UniqueViolation inside it is replaced by what `conflict` returns. */
export async function onUniqueViolation<T>(work: Promise<T>, conflict: (error: UniqueViolation) => Error): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UniqueViolation) throw conflict(error);
    throw error;
  }
}
