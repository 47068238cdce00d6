// Retrying work that has already had its effect elsewhere and must now be recorded (a webhook
// attempt's outcome, an AI Agent's replies): a passing database error should not lose it.

/** Runs `work`; after a failure waits the next of `delaysMs` and runs it again, then gives up. */
export async function retrying<T>(work: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
