// The process's logger for `roster serve` and `roster worker`: pino writing to stdout through an
// asynchronous destination. A synchronous write per line blocks the event loop on the pipe or
// terminal for every request; the asynchronous one queues lines while a write is in flight and
// writes them together. What is queued is written before the process exits: flush() on a
// shutdown, and a synchronous last write should the process end any other way.
import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';

export interface ProcessLogger {
  log: Logger;
  /** Resolves once every line logged so far has been written. */
  flush(): Promise<void>;
}

type Destination = ReturnType<typeof pino.destination>;

/** Destinations not flushed yet; one exit handler for all (a test process may start many servers). */
const open = new Set<Destination>();
let exitHandler = false;

function flushAllNow() {
  for (const destination of open) {
    try {
      destination.flushSync();
    } catch {
      // Nothing more can be done for stdout while the process exits.
    }
  }
}

/**
 * `asynchronous: false` (roster worker, which logs per job, not per request) writes each line at
 * once, as a plain pino logger does.
 */
export function createProcessLogger(
  config: Pick<Config, 'logLevel'>,
  redact: string[],
  { asynchronous = true }: { asynchronous?: boolean } = {},
): ProcessLogger {
  const destination = pino.destination({ dest: 1, sync: !asynchronous });
  const log = pino({ level: config.logLevel, redact: { paths: redact, censor: '[redacted]' } }, destination);
  open.add(destination);
  if (!exitHandler) {
    exitHandler = true;
    process.once('exit', flushAllNow);
  }
  return {
    log,
    flush: () =>
      new Promise((resolve) => {
        log.flush(() => resolve());
      }),
  };
}
