// The webhook inbox: an endpoint whose URL is roster-inbox://<name> receives its deliveries in
// memory, signed exactly as a real receiver gets them, so a test needs no receiver process. An
// inbox answers every delivery with 204, unless a fault rule says otherwise.

export const INBOX_SCHEME = 'roster-inbox:';
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** One delivery as the inbox received it. */
export interface InboxDelivery {
  /** The message id (the webhook-id and svix-id headers): the same for every attempt of one event. */
  id: string;
  /** The event type, from the body. */
  type: string;
  /** When it arrived, on Roster's clock (ISO 8601). */
  received_at: string;
  /** The request headers, signature headers included. */
  headers: Record<string, string>;
  /** The body, parsed. */
  body: unknown;
  /** The body as sent, byte for byte: what a signature check needs. */
  raw: string;
}

export class InboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboxError';
  }
}

/** The inbox name of a roster-inbox:// URL, or null for any other URL. */
export function inboxNameOf(url: string): string | null {
  if (!url.toLowerCase().startsWith(`${INBOX_SCHEME}//`)) return null;
  const name = url.slice(`${INBOX_SCHEME}//`.length).replace(/\/$/, '');
  return NAME.test(name) ? name : null;
}

export function checkInboxName(name: string): string {
  if (!NAME.test(name)) throw new InboxError(`"${name}" is not an inbox name: use 1 to 100 letters, digits, _ . or -`);
  return name;
}

/** Most deliveries one inbox keeps; the oldest go first. */
export const INBOX_MAX = 10_000;

interface Waiter {
  match(delivery: InboxDelivery): boolean;
  resolve(delivery: InboxDelivery): void;
}

export function createInbox(now: () => number) {
  const boxes = new Map<string, InboxDelivery[]>();
  const waiters = new Map<string, Set<Waiter>>();

  return {
    url: (name: string) => `${INBOX_SCHEME}//${checkInboxName(name)}`,

    receive(name: string, headers: Record<string, string>, raw: string): void {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Deliveries are JSON; keep anything else as text.
      }
      const type =
        typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string'
          ? (body as { type: string }).type
          : '';
      const delivery: InboxDelivery = {
        id: headers['webhook-id'] ?? headers['svix-id'] ?? '',
        type,
        received_at: new Date(now()).toISOString(),
        headers: { ...headers },
        body,
        raw,
      };
      const box = boxes.get(name) ?? [];
      box.push(delivery);
      if (box.length > INBOX_MAX) box.shift();
      boxes.set(name, box);
      for (const waiter of waiters.get(name) ?? []) {
        if (waiter.match(delivery)) waiter.resolve(delivery);
      }
    },

    list(name: string): InboxDelivery[] {
      return [...(boxes.get(checkInboxName(name)) ?? [])];
    },

    /**
     * The first delivery, received already or later, that matches; rejects after timeoutMs of
     * real time (deliveries happen in real time even with the clock stopped).
     */
    wait(name: string, match: (d: InboxDelivery) => boolean = () => true, timeoutMs = 5_000): Promise<InboxDelivery> {
      const found = (boxes.get(checkInboxName(name)) ?? []).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const set = waiters.get(name) ?? new Set<Waiter>();
        waiters.set(name, set);
        const waiter: Waiter = {
          match,
          resolve(delivery) {
            clearTimeout(timer);
            set.delete(waiter);
            resolve(delivery);
          },
        };
        const timer = setTimeout(() => {
          set.delete(waiter);
          reject(new InboxError(`no matching delivery reached the inbox "${name}" within ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref?.();
        set.add(waiter);
      });
    },

    /** Empties one inbox, or all. */
    clear(name?: string): void {
      if (name === undefined) boxes.clear();
      else boxes.delete(checkInboxName(name));
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
