// Retrying work that has already had its effect elsewhere and must now be recorded (a webhook
// attempt's outcome, an AI Agent's replies): a passing database error should not lose it.

/**
 * Runs `work`; after a failure waits the next of `delaysMs` and runs it again, then gives up.
 * Failures `worthRetrying` refuses are thrown at once.
 */
export async function retrying<T>(
  work: () => Promise<T>,
  delaysMs: readonly number[],
  worthRetrying: (error: unknown) => boolean = () => true,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !worthRetrying(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
