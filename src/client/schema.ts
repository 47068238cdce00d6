// Generated from Roster's OpenAPI document by openapi-typescript (npm run client:generate).
// Do not edit: test/client.schema.test.ts fails when this file is not what the document generates.
export interface paths {
  '/_emulator/clock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read Roster's clock */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True while the clock stands still (it moves only when told). */
              frozen: boolean;
              /**
               * Format: date-time
               * @description Roster's time now.
               */
              now: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/clock/advance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Move the clock forward, running what becomes due
     * @description Moves the clock forward and, before answering, runs every job that became due on the way, each at its own time: webhook retries one attempt after another (and the disabling of an endpoint failing them all), then the sweeps (unattached end users, expired sensitive metadata, purges). So a test can check the outcome right after this call.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Whole milliseconds, or a duration such as 90s, 25h, 7d or 1h30m. */
            by: number | string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True while the clock stands still (it moves only when told). */
              frozen: boolean;
              /**
               * Format: date-time
               * @description Roster's time now.
               */
              now: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/clock/freeze': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Stop the clock
     * @description The clock stands still until it is set, advanced or resumed.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True while the clock stands still (it moves only when told). */
              frozen: boolean;
              /**
               * Format: date-time
               * @description Roster's time now.
               */
              now: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/clock/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Let a stopped clock run again
     * @description Runs on from where it stands, at the pace of real time.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True while the clock stands still (it moves only when told). */
              frozen: boolean;
              /**
               * Format: date-time
               * @description Roster's time now.
               */
              now: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/clock/set': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Set the clock
     * @description Jumps to a time. Forward, it runs what becomes due as advancing does; back, it runs nothing.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: date-time
             * @description The new time, ISO 8601.
             */
            time: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True while the clock stands still (it moves only when told). */
              frozen: boolean;
              /**
               * Format: date-time
               * @description Roster's time now.
               */
              now: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/faults': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the active fault rules */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                delay: number | null;
                drop: boolean;
                id: string;
                method: string | null;
                path: string | null;
                /** @description How many more matches it applies to. */
                remaining: number;
                retry_after: number | null;
                status: number | null;
                times: number;
                webhook: string | null;
              }[];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Add a fault rule
     * @description Makes the next `times` API requests matching `method` and the `path` glob, or webhook deliveries to endpoints matching the `webhook` glob, fail: with `status` (429 and 503 carry Retry-After: `retry_after` seconds), after a `delay`, or with the connection dropped. `*` stays within a path segment, `**` crosses segments; a trailing slash does not matter. Rules are tried in the order they were added. The control API is never faulted.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Exactly one of path or webhook, and status, delay or drop. */
      requestBody: {
        content: {
          'application/json': {
            /** @description Milliseconds to wait first (real time). */
            delay?: number;
            /** @description Close the connection without an answer. */
            drop?: boolean;
            /** @description HTTP method of API requests (default any). */
            method?: string;
            /** @description Path glob of API requests, such as /api/v2/end-users/*. */
            path?: string;
            /** @description Retry-After seconds of a 429 or 503 (default 1). */
            retry_after?: number;
            /** @description Answer with this status (400 to 599). */
            status?: number;
            /** @description How many matching requests it applies to (default 1). */
            times?: number;
            /** @description URL glob of webhook endpoints, such as roster-inbox://orders. */
            webhook?: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              delay: number | null;
              drop: boolean;
              id: string;
              method: string | null;
              path: string | null;
              /** @description How many more matches it applies to. */
              remaining: number;
              retry_after: number | null;
              status: number | null;
              times: number;
              webhook: string | null;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    /** Remove every fault rule */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/faults/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove one fault rule */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/inbox/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the deliveries an inbox received
     * @description An endpoint registered with the URL roster-inbox://<name> delivers into this inbox, in memory, signed as any endpoint is. Oldest first; an inbox keeps the last 10,000.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The inbox: roster-inbox://<name>. */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @description The body, parsed. */
                body: unknown;
                /** @description The request headers, signatures included. */
                headers: {
                  [key: string]: string;
                };
                /** @description The message id (webhook-id header): the same for every attempt of one event. */
                id: string;
                /** @description The body as sent, for checking the signature. */
                raw: string;
                /**
                 * Format: date-time
                 * @description When it arrived, on Roster's clock.
                 */
                received_at: string;
                /** @description The event type. */
                type: string;
              }[];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Empty an inbox */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The inbox: roster-inbox://<name>. */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/inbox/{name}/wait': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Wait for a delivery
     * @description Answers the first delivery (already received or still to come) of the given type, or of any type; 404 when none arrives within timeout_ms.
     */
    get: {
      parameters: {
        query?: {
          /** @description How long to wait, in real time (default 5000). */
          timeout_ms?: number;
          /** @description Only a delivery of this event type. */
          type?: string;
        };
        header?: never;
        path: {
          /** @description The inbox: roster-inbox://<name>. */
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The body, parsed. */
              body: unknown;
              /** @description The request headers, signatures included. */
              headers: {
                [key: string]: string;
              };
              /** @description The message id (webhook-id header): the same for every attempt of one event. */
              id: string;
              /** @description The body as sent, for checking the signature. */
              raw: string;
              /**
               * Format: date-time
               * @description When it arrived, on Roster's clock.
               */
              received_at: string;
              /** @description The event type. */
              type: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Remove data, keeping AI Agents and API keys
     * @description Deletes every AI Agent's end users, conversations, channels, webhooks, events, knowledge and queued jobs, or one agent's with `agent`. Agents and their API keys stay, so keys in use keep working.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Empty, or the one AI Agent whose data goes. */
      requestBody: {
        content: {
          'application/json': {
            /** @description The handle of an AI Agent. */
            agent?: string;
          };
        };
      };
      responses: {
        /** @description Done. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/_emulator/seed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Load a fixture
     * @description Loads a fixture document, JSON (application/json) or YAML (application/yaml). Its top-level keys: `agents` (handles and API keys with given values), `end_users`, `channels`, `conversations` (with `messages`), `webhooks` and `knowledge` (sources with their `tags` and `articles`). Items belong to the agent `default` unless they name another with `agent`; an item may name itself with `ref`, and a later `*_id` field written `ref:<name>` gets its id. Each item goes through the API as it would from a client; the first refusal answers 400 with the item's path in the fixture.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description The fixture document. */
      requestBody: {
        content: {
          'application/json': unknown;
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description How many items of each top-level key were loaded. */
              loaded: {
                [key: string]: number;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/data-subject-request': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Legacy data-subject request: erase the person with this email
     * @description Ada's deprecated API. Erases every end user whose profile email, or metadata key named exactly email, is the email given (or one of the email identifiers), and every end user named by a chatter_id. Answers 200 with the email given, or null. There is no job to follow.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "ERASURE",
           *       "email": "maria@example.com",
           *       "identifiers": [
           *         {
           *           "type": "chatter_id",
           *           "value": "6b09907429197363d02628e3"
           *         }
           *       ]
           *     }
           */
          'application/json': {
            email?: string | null;
            identifiers?: {
              type: 'email' | 'chatter_id';
              value: string;
            }[];
            /**
             * @description The only kind of request: ERASURE.
             * @enum {string}
             */
            type: 'ERASURE';
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "email": "maria@example.com"
             *     }
             */
            'application/json': {
              email: string | null;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/analytics/audit-log/events/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List audit log events
     * @description This AI Agent's configuration changes within a window of at most 30 days, newest first. Follow meta.next_page_url unchanged: its cursor holds the window.
     */
    get: {
      parameters: {
        query: {
          /** @description Opaque, from meta.next_page_url; only valid for the same window. */
          cursor?: string;
          /**
           * @description End of the window, inclusive; now when left out.
           * @example 2026-11-30T00:00:00Z
           */
          end_date?: string;
          /** @description Events per page, 1 to 100 (default 50). */
          limit?: number;
          /**
           * @description Start of the window, inclusive (RFC 3339).
           * @example 2026-11-01T00:00:00Z
           */
          start_date: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "3f0c9a52-7d1e-4b8a-9f43-2a6c1e5d8b70",
             *           "timestamp": "2026-11-27T14:30:05.120+00:00",
             *           "actor_email": "",
             *           "actor_name": "",
             *           "actor_user_id": "",
             *           "entity_type": "custom_instruction",
             *           "entity_id": "6b0a21109f1e4a0b3c5d7f21",
             *           "entity_name": "Gold plan refunds",
             *           "activity": "updated",
             *           "interface": "api",
             *           "context_ip": "203.0.113.7",
             *           "context_user_agent": "curl/8.5.0",
             *           "api_key_name": "",
             *           "actor_type": "api_key",
             *           "actor_id": "6b09901a9f1e4a0b3c5d7e02",
             *           "changes": [
             *             {
             *               "field": "enabled",
             *               "before": false,
             *               "after": true
             *             }
             *           ]
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: components['schemas']['AuditLogEvent'][];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/attachments/{attachment_id}/{filename}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an attachment by its signed URL
     * @description The url an upload answered, as it is: no API key needed. Serves the file as an attachment (Content-Disposition) of the type determined at upload. A URL whose signature does not hold or that expired answers 403; an attachment deleted since (its conversation erased) answers 404.
     */
    get: {
      parameters: {
        query?: {
          /** @description When the URL expires, in Unix seconds. */
          expires?: string;
          /** @description Roster's signature of the URL. */
          signature?: string;
        };
        header?: never;
        path: {
          /** @description The attachment's id, from its URL. */
          attachment_id: string;
          /** @description The file name, from its URL. */
          filename: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The file, with its Content-Type, Content-Disposition: attachment and X-Content-Type-Options: nosniff. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/octet-stream': string;
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/channels/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List channels
     * @description A page of this AI Agent's channels of the given type (required), optionally of one modality, oldest first. Follow meta.next_page_url for the next page.
     */
    get: {
      parameters: {
        query: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
          /** @description The kind of contact the channel carries; the AI Agent styles its replies for it. */
          modality?: 'messaging' | 'email' | 'voice';
          /**
           * @description custom: channels created through this API; native: the AI Agent's own surfaces, read-only here.
           * @example native
           */
          type: 'custom' | 'native';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "type": "native",
             *           "id": "6b0a19f09f1e4a0b3c5d7e01",
             *           "name": "Chat",
             *           "description": "The web chat surface.",
             *           "modality": "messaging",
             *           "capabilities": {
             *             "markdown": true
             *           }
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: (
                | {
                    capabilities: {
                      markdown: boolean;
                    };
                    /**
                     * Format: date-time
                     * @description RFC 3339 time, UTC, milliseconds.
                     */
                    created_at: string;
                    description: string;
                    id: string;
                    metadata: {
                      [key: string]: unknown;
                    };
                    /**
                     * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
                     * @enum {string}
                     */
                    modality: 'messaging' | 'email' | 'voice';
                    name: string;
                    /** @enum {string} */
                    type: 'custom';
                  }
                | {
                    capabilities: {
                      markdown: boolean;
                    };
                    description: string;
                    id: string;
                    /**
                     * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
                     * @enum {string}
                     */
                    modality: 'messaging' | 'email' | 'voice';
                    name: string;
                    /** @enum {string} */
                    type: 'native';
                  }
              )[];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a custom channel
     * @description Creates a custom channel for conversations started through this API. An AI Agent may create a limited number of custom channels in any 24 hours (100 by default); past it the answer is 429 with Retry-After.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description id, type and created_at are set by the server; if sent, they are ignored, as are unknown properties. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "name": "Support app",
           *       "description": "Our in-app chat",
           *       "modality": "messaging",
           *       "metadata": {
           *         "team": "support"
           *       },
           *       "capabilities": {
           *         "markdown": true
           *       }
           *     }
           */
          'application/json': {
            /** @description markdown defaults to false. */
            capabilities?: {
              /** @description Whether replies on this channel keep Markdown (bold, italics, links) rather than plain text. */
              markdown?: boolean;
            };
            /** @description What the channel is for, at most 1000 characters; may be empty. */
            description: string;
            /** @description Your own key/value pairs (string, boolean or number values, no nesting), at most 4096 bytes as compact JSON. */
            metadata?: {
              [key: string]: string | boolean | number;
            };
            /**
             * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
             * @enum {string}
             */
            modality: 'messaging' | 'email' | 'voice';
            /** @description A name for the channel, 1 to 255 characters. */
            name: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "type": "custom",
             *       "id": "6b0a1c2d9f1e4a0b3c5d7e91",
             *       "name": "Support app",
             *       "description": "Our in-app chat",
             *       "modality": "messaging",
             *       "capabilities": {
             *         "markdown": true
             *       },
             *       "metadata": {
             *         "team": "support"
             *       },
             *       "created_at": "2026-11-27T14:20:02.118+00:00"
             *     }
             */
            'application/json': {
              capabilities: {
                markdown: boolean;
              };
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              description: string;
              id: string;
              metadata: {
                [key: string]: unknown;
              };
              /**
               * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
               * @enum {string}
               */
              modality: 'messaging' | 'email' | 'voice';
              name: string;
              /** @enum {string} */
              type: 'custom';
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/channels/{channel_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update the capabilities of a custom channel
     * @description Changes only the capabilities sent. Native channels are read-only: updating one answers 400.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The channel id (24 hex characters). */
          channel_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "capabilities": {
           *         "markdown": false
           *       }
           *     }
           */
          'application/json': {
            /** @description Required; may be {}. Capabilities left out keep their values. */
            capabilities: {
              /** @description Whether replies on this channel keep Markdown (bold, italics, links) rather than plain text. */
              markdown?: boolean;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "type": "custom",
             *       "id": "6b0a1c2d9f1e4a0b3c5d7e91",
             *       "name": "Support app",
             *       "description": "Our in-app chat",
             *       "modality": "messaging",
             *       "capabilities": {
             *         "markdown": false
             *       },
             *       "metadata": {
             *         "team": "support"
             *       },
             *       "created_at": "2026-11-27T14:20:02.118+00:00"
             *     }
             */
            'application/json': {
              capabilities: {
                markdown: boolean;
              };
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              description: string;
              id: string;
              metadata: {
                [key: string]: unknown;
              };
              /**
               * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
               * @enum {string}
               */
              modality: 'messaging' | 'email' | 'voice';
              name: string;
              /** @enum {string} */
              type: 'custom';
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/conversations/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start a conversation on a custom channel
     * @description Answers 201. Without end_user_id a new end user is created with the conversation (v1.end_user.created is sent before v1.conversation.created). The end user is attached to the conversation, so it is never deleted as unused.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
           *       "end_user_id": "6b09907429197363d02628e3",
           *       "metadata": {
           *         "page": "/checkout"
           *       }
           *     }
           */
          'application/json': {
            /** @description A custom channel of this AI Agent. */
            channel_id: string;
            /** @description An end user of this AI Agent; omitted or null creates a new end user. Either way the end user is attached and never deleted as unused. */
            end_user_id?: string | null;
            /** @description Key/value pairs kept with the conversation (string, boolean, integer or number values; at most 4 KB as compact JSON). They do not change the end user. */
            metadata?: {
              [key: string]: string | boolean | number;
            };
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *       "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "status": "active",
             *       "created_at": "2026-11-27T14:20:31.540+00:00",
             *       "updated_at": "2026-11-27T14:20:31.540+00:00",
             *       "metadata": {
             *         "page": "/checkout"
             *       }
             *     }
             */
            'application/json': {
              channel_id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              end_user_id: string;
              id: string;
              metadata: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              status: 'active' | 'ended';
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              updated_at: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/{conversation_id}/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a conversation */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *       "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "status": "active",
             *       "created_at": "2026-11-27T14:20:31.540+00:00",
             *       "updated_at": "2026-11-27T14:20:31.540+00:00",
             *       "metadata": {
             *         "page": "/checkout"
             *       }
             *     }
             */
            'application/json': {
              channel_id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              end_user_id: string;
              id: string;
              metadata: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              status: 'active' | 'ended';
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              updated_at: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Merge keys into a conversation's metadata
     * @description Keys are added or replaced, a key set to null is removed. Ended conversations can be updated too.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "metadata": {
           *         "page": "/cart",
           *         "cart_items": 3
           *       }
           *     }
           */
          'application/json': {
            /** @description Keys to add or replace in the stored metadata; a key set to null is removed. Values: string, boolean, integer or number; at most 4 KB as compact JSON after merging. */
            metadata: {
              [key: string]: string | boolean | number | null;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *       "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "status": "active",
             *       "created_at": "2026-11-27T14:20:31.540+00:00",
             *       "updated_at": "2026-11-27T14:21:05.007+00:00",
             *       "metadata": {
             *         "page": "/cart",
             *         "cart_items": 3
             *       }
             *     }
             */
            'application/json': {
              channel_id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              end_user_id: string;
              id: string;
              metadata: {
                [key: string]: unknown;
              };
              /** @enum {string} */
              status: 'active' | 'ended';
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              updated_at: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/conversations/{conversation_id}/attachments/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upload a file to a conversation in a human handoff
     * @description Takes multipart/form-data with the file in the field `file`, at most 50 MB (52,428,800 bytes; more answers 413). Only while the conversation is in an active handoff (422 otherwise). Accepted: TXT, LOG, CSV, EML, PNG, SVG, JPEG, JPG, GIF, HEIF, HEIC, AVIF, WAV, M4A, MP3, MP4, M4V, MOV, MPEG, MPG, ZIP, PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, Keynote (.key), Pages (.pages) and Numbers (.numbers), told by the file name's extension, and the content must match it (400 otherwise). Answers 201 with a signed url that works for 7 days, and the mime_type and filename to send with it in a file message.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'multipart/form-data': {
            /**
             * Format: binary
             * @description The file, at most 50 MB, of an accepted type: txt, log, csv, eml, svg, png, jpeg, jpg, gif, heif, heic, avif, wav, m4a, mp3, mp4, m4v, mov, mpeg, mpg, zip, pdf, doc, xls, ppt, docx, xlsx, pptx, key, pages, numbers.
             */
            file: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "url": "https://roster.example.com/api/v2/attachments/6b0a1c709f1e4a0b3c5d7e99/receipt.pdf?expires=1796227200&signature=3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f",
             *       "mime_type": "application/pdf",
             *       "filename": "receipt.pdf"
             *     }
             */
            'application/json': {
              /** @description The file name as stored: without folders or control characters. */
              filename: string;
              /** @description The type Roster determined from the file name and its content. */
              mime_type: string;
              /** @description Where the file can be downloaded for 7 days, without an API key: a URL signed by Roster. Put it, with mime_type and filename, in a file message of this conversation. */
              url: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/{conversation_id}/end-handoff/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End the human handoff of a conversation
     * @description Takes no body. Gives the conversation back to the AI Agent after a responder handed it to a human integration; the conversation stays active. Sends v1.conversation.handoff.ended. A conversation not in an active handoff (never handed off, handoff already ended, or the conversation ended) answers 422.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "message": "The handoff has ended; the AI Agent has the conversation again."
             *     }
             */
            'application/json': {
              message: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/{conversation_id}/end/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End a conversation
     * @description Takes no body. Ending an ended conversation answers 200 again and sends no second v1.conversation.ended.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "message": "The conversation has ended."
             *     }
             */
            'application/json': {
              message: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/{conversation_id}/messages/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a conversation's messages, oldest first */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "type": "message_logs",
             *           "message_id": "6b0a1c709f1e4a0b3c5d7e99",
             *           "created_at": "2026-11-27T14:20:48.311+00:00",
             *           "author": {
             *             "id": "6b09907429197363d02628e3",
             *             "role": "end_user",
             *             "avatar": null,
             *             "display_name": null
             *           },
             *           "content": {
             *             "type": "text",
             *             "body": "Where is order #42?"
             *           }
             *         },
             *         {
             *           "type": "message_logs",
             *           "message_id": "6b0a1c719f1e4a0b3c5d7e9a",
             *           "created_at": "2026-11-27T14:20:48.907+00:00",
             *           "author": {
             *             "id": null,
             *             "role": "ai_agent",
             *             "avatar": null,
             *             "display_name": "Roster demo agent"
             *           },
             *           "content": {
             *             "type": "text",
             *             "body": "Order 42 is on its way."
             *           }
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: {
                author: {
                  avatar: string | null;
                  display_name: string | null;
                  /** @description The end user's id for end_user messages; null otherwise. */
                  id: string | null;
                  /** @enum {string} */
                  role: 'end_user' | 'ai_agent' | 'human_agent';
                };
                content:
                  | {
                      body: string;
                      /** @enum {string} */
                      type: 'text';
                    }
                  | {
                      link_text: string | null;
                      /** @enum {string} */
                      type: 'link';
                      /** Format: uri */
                      url: string;
                    }
                  | {
                      filename: string;
                      mime_type: string;
                      /** @enum {string} */
                      type: 'file';
                      /**
                       * Format: uri
                       * @description A signed URL issued by POST .../attachments/.
                       */
                      url: string;
                    };
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC, milliseconds.
                 */
                created_at: string;
                message_id: string;
                /** @enum {string} */
                type: 'message_logs';
              }[];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Add a message to a conversation
     * @description Answers 201. An end_user message must name the conversation's end user in author.id. Content is text (body) or file (url, mime_type and filename exactly as POST .../attachments/ answered them for this conversation, before the url expires; anything else answers 400). The AI Agent's replies are sent as v1.conversation.message webhooks. An ended conversation takes no messages (422).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The conversation id (24 hex characters). */
          conversation_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "author": {
           *         "role": "end_user",
           *         "id": "6b09907429197363d02628e3"
           *       },
           *       "content": {
           *         "type": "text",
           *         "body": "Where is order #42?"
           *       }
           *     }
           */
          'application/json': {
            author: {
              /** @description URL of a picture of the author. */
              avatar?: string | null;
              /** @description Required for human_agent. */
              display_name?: string | null;
              /** @description Required for end_user: the conversation's end user id. */
              id?: string | null;
              /**
               * @description end_user or human_agent. The AI Agent's messages come from the responder and cannot be posted.
               * @enum {string}
               */
              role: 'end_user' | 'human_agent';
            };
            content: {
              /** @description Required for text content. */
              body?: string;
              /** @description Required for file content: the upload's filename. */
              filename?: string;
              /** @description Required for file content: the upload's mime_type. */
              mime_type?: string;
              /**
               * @description text (with body) or file (with url, mime_type and filename, as POST .../attachments/ answered them during the handoff).
               * @enum {string}
               */
              type: 'text' | 'file';
              /** @description Required for file content: the url POST /api/v2/conversations/{conversation_id}/attachments/ answered for this conversation, before it expires. Any other URL answers 400. */
              url?: string;
            };
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1c709f1e4a0b3c5d7e99",
             *       "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *       "author": {
             *         "id": "6b09907429197363d02628e3",
             *         "role": "end_user",
             *         "avatar": null,
             *         "display_name": null
             *       },
             *       "content": {
             *         "type": "text",
             *         "body": "Where is order #42?"
             *       },
             *       "created_at": "2026-11-27T14:20:48.311+00:00",
             *       "updated_at": "2026-11-27T14:20:48.311+00:00"
             *     }
             */
            'application/json': {
              author: {
                avatar: string | null;
                display_name: string | null;
                /** @description The end user's id for end_user messages; null otherwise. */
                id: string | null;
                /** @enum {string} */
                role: 'end_user' | 'ai_agent' | 'human_agent';
              };
              content:
                | {
                    body: string;
                    /** @enum {string} */
                    type: 'text';
                  }
                | {
                    link_text: string | null;
                    /** @enum {string} */
                    type: 'link';
                    /** Format: uri */
                    url: string;
                  }
                | {
                    filename: string;
                    mime_type: string;
                    /** @enum {string} */
                    type: 'file';
                    /**
                     * Format: uri
                     * @description A signed URL issued by POST .../attachments/.
                     */
                    url: string;
                  };
              conversation_id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              updated_at: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/email/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start a conversation on the AI Agent's native Email channel
     * @description Answers 200 with the new conversation's id. A new end user is created (display_name from name, email from reply_to) and attached; the email (subject, a blank line, then text) becomes the conversation's first end_user message, which the responder answers like any other. Roster sends no email. A reply_as that is not an address of the AI Agent answers 422.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "name": "Maria Silva",
           *       "subject": "Order 42",
           *       "reply_to": "maria@example.com",
           *       "text": "Hello, where is my order?",
           *       "cc": [
           *         "orders@example.com"
           *       ],
           *       "metadata": {
           *         "plan": "pro"
           *       }
           *     }
           */
          'application/json': {
            /** @description At most 50 addresses. */
            cc?: string[];
            /** @description Kept as the conversation's metadata, where the responder reads it (string, boolean, integer or number values; at most 4 KB as compact JSON). */
            metadata?: {
              [key: string]: string | boolean | number;
            };
            /** @description The sender's full name. */
            name: string;
            /**
             * Format: email
             * @description The address the AI Agent answers from: its own (<handle>@email.roster.invalid, the default) or one of ROSTER_EMAIL_ADDRESSES; any other answers 422.
             */
            reply_as?: string;
            /**
             * Format: email
             * @description The sender's email address, kept as the new end user's profile email.
             */
            reply_to: string;
            /** @description The subject of the email; the first line of the end user message. */
            subject: string;
            /** @description The body of the email, at most 10 KB (10,240 bytes of UTF-8). */
            text?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94"
             *     }
             */
            'application/json': {
              conversation_id: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/conversations/proactive/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask for a proactive voice call to a person
     * @description Answers 202 with the queued Proactive Attempt. Roster places no call: the attempt goes through initiated to answered, machine_detected or failed on its own, with one v1.proactive_call.* event per state; an answered call starts a conversation on the native Voice channel. With an Idempotency-Key the first attempt made with that key is answered again, with Idempotent-Replayed: true, and nothing new is queued.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Makes a retry safe: 1 to 255 characters. */
          'idempotency-key'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "channel": "voice",
           *       "recipient": {
           *         "phone_number": "+14155550123"
           *       },
           *       "language": "en-US",
           *       "metadata": {
           *         "order": "42"
           *       }
           *     }
           */
          'application/json': {
            /**
             * @description The channel to reach the person on; only voice calls can be placed.
             * @enum {string}
             */
            channel: 'voice';
            /** @description The language of the call (BCP 47), kept for the end user. */
            language?: string;
            /** @description Kept as the metadata of the conversation an answered call starts (string, boolean, integer or number values; at most 4 KB as compact JSON). */
            metadata?: {
              [key: string]: string | boolean | number;
            };
            recipient: {
              /** @description The number to call, in E.164 form (+ and 7 to 15 digits). Roster simulates the call: a number ending in 0000 fails (no_answer), one ending in 1111 reaches a machine, any other is answered. */
              phone_number: string;
            };
          };
        };
      };
      responses: {
        /** @description Accepted */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1c709f1e4a0b3c5d7e99",
             *       "status": "queued",
             *       "channel": "voice",
             *       "recipient": {
             *         "phone_number": "+14155550123"
             *       },
             *       "language": "en-US",
             *       "metadata": {
             *         "order": "42"
             *       },
             *       "conversation_id": null,
             *       "failure_reason": null,
             *       "created_at": "2026-11-27T14:30:00.000+00:00",
             *       "updated_at": "2026-11-27T14:30:00.000+00:00"
             *     }
             */
            'application/json': {
              channel: string;
              /** @description The conversation an answered call started. */
              conversation_id: string | null;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              /** @description Why the call failed, when it did. */
              failure_reason: string | null;
              id: string;
              language: string | null;
              metadata: {
                [key: string]: unknown;
              };
              recipient: {
                phone_number: string;
              };
              /** @enum {string} */
              status: 'queued' | 'initiated' | 'answered' | 'machine_detected' | 'failed';
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              updated_at: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/custom-instructions/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List custom instructions
     * @description A page of the AI Agent's custom instructions, enabled or not, ordered by id.
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "6b0a21109f1e4a0b3c5d7f21",
             *           "title": "Gold plan refunds",
             *           "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
             *           "enabled": true,
             *           "notes": "Agreed with support leads in November.",
             *           "availability_rules": "v(\"plan\") == \"gold\" and v(\"language\") starts_with \"en\""
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": "http://127.0.0.1:8080/api/v2/custom-instructions/?cursor=6b0a21119f1e4a0b3c5d7f22&limit=1"
             *       }
             *     }
             */
            'application/json': {
              data: components['schemas']['CustomInstruction'][];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a custom instruction
     * @description Creates an instruction, inactive unless enabled is true. A title the AI Agent already uses, or enabling past 50 enabled instructions, is a 409.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "title": "Gold plan refunds",
           *       "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
           *       "enabled": true,
           *       "notes": "Agreed with support leads in November.",
           *       "availability_rules": "v(\"language\") starts_with \"en\""
           *     }
           */
          'application/json': {
            /** @description Which end users the instruction applies to, as a rule expression over their variables, such as v("plan") == "gold" and v("language") starts_with "en"; null for everyone. */
            availability_rules?: string | null;
            /** @description false (the default) keeps the instruction inactive. */
            enabled?: boolean;
            /** @description Your own notes; never shown to the AI Agent. */
            notes?: string | null;
            /** @description The instruction the AI Agent should follow. */
            text: string;
            /** @description A name for the instruction, unique per AI Agent regardless of case. */
            title: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a21109f1e4a0b3c5d7f21",
             *       "title": "Gold plan refunds",
             *       "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
             *       "enabled": true,
             *       "notes": "Agreed with support leads in November.",
             *       "availability_rules": "v(\"language\") starts_with \"en\""
             *     }
             */
            'application/json': components['schemas']['CustomInstruction'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/custom-instructions/{custom_instruction_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a custom instruction */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The custom instruction id (24 hex characters). */
          custom_instruction_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a21109f1e4a0b3c5d7f21",
             *       "title": "Gold plan refunds",
             *       "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
             *       "enabled": true,
             *       "notes": "Agreed with support leads in November.",
             *       "availability_rules": "v(\"plan\") == \"gold\" and v(\"language\") starts_with \"en\""
             *     }
             */
            'application/json': components['schemas']['CustomInstruction'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a custom instruction */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The custom instruction id (24 hex characters). */
          custom_instruction_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Update a custom instruction
     * @description Changes the fields sent. A title in use or enabling past the limit is a 409.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The custom instruction id (24 hex characters). */
          custom_instruction_id: string;
        };
        cookie?: never;
      };
      /** @description Only the fields sent change; availability_rules null removes the rule. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "enabled": false
           *     }
           */
          'application/json': {
            /** @description Which end users the instruction applies to, as a rule expression over their variables, such as v("plan") == "gold" and v("language") starts_with "en"; null for everyone. */
            availability_rules?: string | null;
            enabled?: boolean;
            /** @description Your own notes; never shown to the AI Agent. */
            notes?: string | null;
            /** @description The instruction the AI Agent should follow. */
            text?: string;
            /** @description A name for the instruction, unique per AI Agent regardless of case. */
            title?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a21109f1e4a0b3c5d7f21",
             *       "title": "Gold plan refunds",
             *       "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
             *       "enabled": false,
             *       "notes": "Agreed with support leads in November.",
             *       "availability_rules": "v(\"plan\") == \"gold\" and v(\"language\") starts_with \"en\""
             *     }
             */
            'application/json': components['schemas']['CustomInstruction'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/end-users/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List end users, or look one up by external_id
     * @description Without external_id: a page of end users, oldest first. With external_id: that single end user (not wrapped in data), or 404. external_id cannot be combined with cursor or limit.
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Your own identifier for the end user (1-36 characters, no < or >). Matched without regard to case; unique per AI Agent. */
          external_id?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "end_user_id": "6b09907429197363d02628e3",
             *           "external_id": "crm-123",
             *           "profile": {
             *             "first_name": "Maria",
             *             "last_name": "Silva",
             *             "display_name": null,
             *             "avatar": null,
             *             "email": "maria@example.com",
             *             "language": "pt-BR",
             *             "metadata": {
             *               "plan": "enterprise",
             *               "seats": 40
             *             },
             *             "system_properties": {
             *               "sunshine_user_id": null
             *             }
             *           },
             *           "created_at": "2026-11-27T14:15:16.783+00:00",
             *           "updated_at": "2026-11-27T14:15:16.783+00:00"
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": "http://127.0.0.1:8080/api/v2/end-users/?cursor=6b0990a1f3c2e85a1b7d4c10&limit=1"
             *       }
             *     }
             */
            'application/json':
              | components['schemas']['EndUser']
              | {
                  data: components['schemas']['EndUser'][];
                  meta: {
                    /**
                     * Format: uri-reference
                     * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                     */
                    next_page_url: string | null;
                  };
                };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create an end user, or return the one that already has this external_id
     * @description Answers 201 with a new end user, or 200 with the existing end user, unchanged, when external_id is already used on this AI Agent. End users created here and not attached to a conversation within 24 hours are deleted.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Every field is optional; {} creates a blank end user. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "external_id": "crm-123",
           *       "profile": {
           *         "first_name": "Maria",
           *         "last_name": "Silva",
           *         "email": "maria@example.com",
           *         "language": "pt-BR",
           *         "metadata": {
           *           "plan": "enterprise",
           *           "seats": 40
           *         },
           *         "sensitive_metadata": {
           *           "fields": {
           *             "auth_token": "eyJhbGciOiJIUzI1NiJ9.example"
           *           }
           *         }
           *       }
           *     }
           */
          'application/json': {
            /** @description Your own identifier for the end user (1-36 characters, no < or >). Matched without regard to case; unique per AI Agent. */
            external_id?: string | null;
            profile?: {
              /** @description URL of a picture of the end user. */
              avatar?: string | null;
              display_name?: string | null;
              email?: string | null;
              first_name?: string | null;
              /**
               * Format: bcp47
               * @description A BCP 47 language tag such as en-US.
               */
              language?: string | null;
              last_name?: string | null;
              /** @description Custom key/value pairs (string, boolean or integer values); at most 10240 bytes as compact JSON. */
              metadata?: {
                [key: string]: string | boolean | number;
              } | null;
              sensitive_metadata?: {
                /** @description Write-only values (at most 20 keys per request). Encrypted at rest, never returned, each key expiring 24 hours after its last write. A null value removes the key. */
                fields: {
                  [key: string]: string | boolean | number | null;
                };
              } | null;
            } | null;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "external_id": "crm-123",
             *       "profile": {
             *         "first_name": "Maria",
             *         "last_name": "Silva",
             *         "display_name": null,
             *         "avatar": null,
             *         "email": "maria@example.com",
             *         "language": "pt-BR",
             *         "metadata": {
             *           "plan": "enterprise",
             *           "seats": 40
             *         },
             *         "system_properties": {
             *           "sunshine_user_id": null
             *         }
             *       },
             *       "created_at": "2026-11-27T14:15:16.783+00:00",
             *       "updated_at": "2026-11-27T14:15:16.783+00:00"
             *     }
             */
            'application/json': components['schemas']['EndUser'];
          };
        };
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "external_id": "crm-123",
             *       "profile": {
             *         "first_name": "Maria",
             *         "last_name": "Silva",
             *         "display_name": null,
             *         "avatar": null,
             *         "email": "maria@example.com",
             *         "language": "pt-BR",
             *         "metadata": {
             *           "plan": "enterprise",
             *           "seats": 40
             *         },
             *         "system_properties": {
             *           "sunshine_user_id": null
             *         }
             *       },
             *       "created_at": "2026-11-27T14:15:16.783+00:00",
             *       "updated_at": "2026-11-27T14:15:16.783+00:00"
             *     }
             */
            'application/json': components['schemas']['EndUser'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/end-users/{end_user_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an end user */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The end user id (24 hex characters). */
          end_user_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "external_id": "crm-123",
             *       "profile": {
             *         "first_name": "Maria",
             *         "last_name": "Silva",
             *         "display_name": null,
             *         "avatar": null,
             *         "email": "maria@example.com",
             *         "language": "pt-BR",
             *         "metadata": {
             *           "plan": "enterprise",
             *           "seats": 40
             *         },
             *         "system_properties": {
             *           "sunshine_user_id": null
             *         }
             *       },
             *       "created_at": "2026-11-27T14:15:16.783+00:00",
             *       "updated_at": "2026-11-27T14:15:16.783+00:00"
             *     }
             */
            'application/json': components['schemas']['EndUser'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update an end user
     * @description Omitted fields are unchanged, null clears a field, metadata is merged key by key.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The end user id (24 hex characters). */
          end_user_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "profile": {
           *         "email": "maria@example.com",
           *         "metadata": {
           *           "seats": 45
           *         }
           *       }
           *     }
           */
          'application/json': {
            /** @description Your own identifier for the end user (1-36 characters, no < or >). Matched without regard to case; unique per AI Agent. */
            external_id?: string | null;
            /** @description Required; may be {}. Omitted fields stay as they are; null clears. */
            profile: {
              /** @description URL of a picture of the end user. */
              avatar?: string | null;
              display_name?: string | null;
              email?: string | null;
              first_name?: string | null;
              /**
               * Format: bcp47
               * @description A BCP 47 language tag such as en-US.
               */
              language?: string | null;
              last_name?: string | null;
              /** @description Custom key/value pairs (string, boolean or integer values); at most 10240 bytes as compact JSON. Keys are merged into the stored metadata; a key set to null is removed; null clears all metadata. */
              metadata?: {
                [key: string]: string | boolean | number | null;
              } | null;
              sensitive_metadata?: {
                /** @description Write-only values (at most 20 keys per request). Encrypted at rest, never returned, each key expiring 24 hours after its last write. A null value removes the key. */
                fields: {
                  [key: string]: string | boolean | number | null;
                };
              } | null;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "end_user_id": "6b09907429197363d02628e3",
             *       "external_id": "crm-123",
             *       "profile": {
             *         "first_name": "Maria",
             *         "last_name": "Silva",
             *         "display_name": null,
             *         "avatar": null,
             *         "email": "maria@example.com",
             *         "language": "pt-BR",
             *         "metadata": {
             *           "plan": "enterprise",
             *           "seats": 45
             *         },
             *         "system_properties": {
             *           "sunshine_user_id": null
             *         }
             *       },
             *       "created_at": "2026-11-27T14:15:16.783+00:00",
             *       "updated_at": "2026-11-27T14:18:02.412+00:00"
             *     }
             */
            'application/json': components['schemas']['EndUser'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/end-users/delete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Erase end users: submit a bulk deletion request
     * @description Answers 202 with a job to follow on GET /api/v2/jobs/{job_id}. Every end user an identifier matches is erased with their metadata, sensitive values, conversations, messages and recorded webhook events. An identifier submitted again within the cooldown (7 days) fails the whole job.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "identifiers": [
           *         {
           *           "type": "email",
           *           "value": "maria@example.com"
           *         },
           *         {
           *           "type": "external_id",
           *           "value": "crm-123"
           *         },
           *         {
           *           "type": "variable_match",
           *           "variable": "account_number",
           *           "value": "A-99"
           *         }
           *       ],
           *       "client_reference": "gdpr-ticket-42"
           *     }
           */
          'application/json': {
            /** @description Your reference, echoed on the job. An identical request with the same reference within 24 hours returns the same job; a different one is a 409. */
            client_reference?: string | null;
            /** @description From 1 to 1,000 identifiers of the people to erase. */
            identifiers: {
              /** @description What the value is: email, chatter_id, external_id, end_user_id or variable_match. */
              type: 'email' | 'chatter_id' | 'external_id' | 'end_user_id' | 'variable_match';
              /** @description The value to match, as the type says. */
              value: string;
              /** @description The profile field or metadata key to match; only, and required, with variable_match. */
              variable?: string | null;
            }[];
          };
        };
      };
      responses: {
        /** @description Accepted */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "job_id": "6b0a1d009f1e4a0b3c5d7ea0",
             *       "status": "queued",
             *       "submitted_count": 3,
             *       "created_at": "2026-11-27T14:15:16.783+00:00"
             *     }
             */
            'application/json': {
              /** Format: date-time */
              created_at: string;
              job_id: string;
              /** @description queued and in_progress, then one of completed, partial or failed. */
              status: 'queued' | 'in_progress' | 'completed' | 'partial' | 'failed';
              /** @description How many identifiers the request carried. */
              submitted_count: number;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/export/conversations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export the AI Agent's conversations
     * @description Conversations created (created_since) or last updated (updated_since) within the window. The window may last at most 60 days and start at most 12 months back; records younger than 5 seconds wait for a later request. Pages run oldest first and follow meta.next_page_uri to the end of the window.
     */
    get: {
      parameters: {
        query?: {
          /**
           * @description Export conversations created at or after this UTC time (ending in Z). Exactly one of created_since and updated_since.
           * @example 2026-11-27T00:00:00Z
           */
          created_since?: string;
          /**
           * @description Created before this UTC time; 7 days after created_since when omitted; at most 60 days after it.
           * @example 2026-11-28T00:00:00Z
           */
          created_to?: string;
          /** @description Where the page starts; only as found in meta.next_page_uri, with the other parameters unchanged. */
          cursor?: string;
          /**
           * @description Records per page, 100 to 10,000 (default 10,000).
           * @example 100
           */
          page_size?: number;
          /** @description Export conversations last updated at or after this UTC time (ending in Z). */
          updated_since?: string;
          /** @description Updated before this UTC time; 7 days after updated_since when omitted; at most 60 days after it. */
          updated_to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "_id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *           "agent_id": [],
             *           "agent_name": [],
             *           "agent_handle_time": null,
             *           "bot_handle_time": null,
             *           "automated_resolution_classification": null,
             *           "automated_resolution_classification_reason": null,
             *           "browser": null,
             *           "browser_version": null,
             *           "device": null,
             *           "chatter_id": "6b09907429197363d02628e3",
             *           "end_user_id": "6b09907429197363d02628e3",
             *           "classifications": [],
             *           "csat": {},
             *           "date_created": "2026-11-27T14:15:16.783+00:00",
             *           "date_updated": "2026-11-27T14:18:02.412+00:00",
             *           "generated_topic_id": null,
             *           "generated_topic_label": null,
             *           "generated_topic_v2_id": null,
             *           "generated_topic_v2_title": null,
             *           "generated_topic_v2_desc": null,
             *           "generated_topic_v2_parent_id": null,
             *           "inquiry_summary": null,
             *           "is_engaged": false,
             *           "is_escalated": false,
             *           "is_test_user": false,
             *           "language": "en",
             *           "last_agent_id": null,
             *           "last_agent_name": null,
             *           "metavariables": {
             *             "order_id": "A-1042"
             *           },
             *           "oauth_channel": null,
             *           "platform": "Support app",
             *           "record_last_updated": "2026-11-27T14:18:02.412+00:00",
             *           "used_articles": [],
             *           "used_coaching": [],
             *           "used_playbooks": [],
             *           "variables": {}
             *         }
             *       ],
             *       "meta": {
             *         "next_page_uri": null
             *       }
             *     }
             */
            'application/json': {
              data: {
                _id: string;
                agent_handle_time: number | null;
                agent_id: string[];
                agent_name: string[];
                automated_resolution_classification: string | null;
                automated_resolution_classification_reason: string | null;
                bot_handle_time: number | null;
                browser: string | null;
                browser_version: string | null;
                chatter_id: string;
                classifications: {
                  [key: string]: unknown;
                }[];
                csat: {
                  [key: string]: unknown;
                };
                /** @description UTC, RFC 3339 with milliseconds. */
                date_created: string;
                /** @description UTC, RFC 3339 with milliseconds. */
                date_updated: string;
                device: string | null;
                end_user_id: string | null;
                generated_topic_id: string | null;
                generated_topic_label: string | null;
                generated_topic_v2_desc: string | null;
                generated_topic_v2_id: string | null;
                generated_topic_v2_parent_id: string | null;
                generated_topic_v2_title: string | null;
                inquiry_summary: string | null;
                is_engaged: boolean;
                is_escalated: boolean;
                is_test_user: boolean;
                language: string | null;
                last_agent_id: string | null;
                last_agent_name: string | null;
                metavariables: {
                  [key: string]: unknown;
                };
                oauth_channel: string | null;
                /** @description The name of the conversation's channel. */
                platform: string;
                /** @description UTC, RFC 3339 with milliseconds. */
                record_last_updated: string | null;
                used_articles: {
                  [key: string]: unknown;
                }[];
                used_coaching: {
                  [key: string]: unknown;
                }[];
                used_playbooks: {
                  [key: string]: unknown;
                }[];
                variables: {
                  [key: string]: unknown;
                };
              }[];
              meta: {
                /** @description The next page, relative to the host (starting /api/v2/export/), or null on the last page. */
                next_page_uri: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/export/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export the AI Agent's messages
     * @description Messages created within the window, optionally of one conversation. The window may last at most 60 days and start at most 12 months back; records younger than 5 seconds wait for a later request. Pages run oldest first and follow meta.next_page_uri to the end of the window.
     */
    get: {
      parameters: {
        query: {
          /** @description Only this conversation's messages. */
          conversation_id?: string;
          /**
           * @description Export messages created at or after this UTC time (ending in Z).
           * @example 2026-11-27T00:00:00Z
           */
          created_since: string;
          /**
           * @description Created before this UTC time; 7 days after created_since when omitted; at most 60 days after it.
           * @example 2026-11-28T00:00:00Z
           */
          created_to?: string;
          /** @description Where the page starts; only as found in meta.next_page_uri, with the other parameters unchanged. */
          cursor?: string;
          /**
           * @description Records per page, 100 to 10,000 (default 10,000).
           * @example 100
           */
          page_size?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "_id": "6b0a1c709f1e4a0b3c5d7e99",
             *           "answer_id": null,
             *           "answer_title": null,
             *           "chatter_id": "6b09907429197363d02628e3",
             *           "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *           "date_created": "2026-11-27T14:15:16.783+00:00",
             *           "link_was_clicked": null,
             *           "message_data": {
             *             "_type": "text",
             *             "body": "Hi, I need help"
             *           },
             *           "recipient": "bot",
             *           "sender": "6b09907429197363d02628e3",
             *           "record_last_updated": "2026-11-27T14:15:16.783+00:00",
             *           "review": null,
             *           "in_response_to": null
             *         },
             *         {
             *           "_id": "6b0a1c719f1e4a0b3c5d7e9a",
             *           "answer_id": null,
             *           "answer_title": null,
             *           "chatter_id": "6b09907429197363d02628e3",
             *           "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
             *           "date_created": "2026-11-27T14:15:16.783+00:00",
             *           "link_was_clicked": null,
             *           "message_data": {
             *             "_type": "text",
             *             "body": "Happy to help. What is your order number?"
             *           },
             *           "recipient": "6b09907429197363d02628e3",
             *           "sender": "bot",
             *           "record_last_updated": "2026-11-27T14:15:16.783+00:00",
             *           "review": null,
             *           "in_response_to": "6b0a1c709f1e4a0b3c5d7e99"
             *         }
             *       ],
             *       "meta": {
             *         "next_page_uri": "/api/v2/export/messages?created_since=2026-11-27T00%3A00%3A00.000Z&created_to=2026-11-28T00%3A00%3A00.000Z&page_size=100&cursor=v1.8c1f2a9d.q2x..."
             *       }
             *     }
             */
            'application/json': {
              data: {
                _id: string;
                answer_id: string | null;
                answer_title: string | null;
                chatter_id: string | null;
                conversation_id: string;
                /** @description UTC, RFC 3339 with milliseconds. */
                date_created: string;
                in_response_to: string | null;
                link_was_clicked: boolean | null;
                message_data: {
                  [key: string]: unknown;
                };
                /** @description The end user id, "bot" (the AI Agent) or "agent" (a human agent). */
                recipient: string;
                /** @description UTC, RFC 3339 with milliseconds. */
                record_last_updated: string;
                review: number | null;
                /** @description The end user id, "bot" (the AI Agent) or "agent" (a human agent). */
                sender: string;
              }[];
              meta: {
                /** @description The next page, relative to the host (starting /api/v2/export/), or null on the last page. */
                next_page_uri: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/jobs/{job_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a deletion job, with the outcome of each identifier */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The job id (24 hex characters). */
          job_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "job_id": "6b0a1d009f1e4a0b3c5d7ea0",
             *       "type": "end_user_deletion",
             *       "client_reference": "gdpr-ticket-42",
             *       "status": "partial",
             *       "identifiers": [
             *         {
             *           "type": "email",
             *           "value": "maria@example.com",
             *           "variable": null,
             *           "disposition": "accepted",
             *           "matched_chatters": 1,
             *           "reason": null
             *         },
             *         {
             *           "type": "external_id",
             *           "value": "crm-123",
             *           "variable": null,
             *           "disposition": "accepted",
             *           "matched_chatters": 1,
             *           "reason": null
             *         },
             *         {
             *           "type": "variable_match",
             *           "value": "A-99",
             *           "variable": "account_number",
             *           "disposition": "not_found",
             *           "matched_chatters": 0,
             *           "reason": null
             *         }
             *       ],
             *       "created_at": "2026-11-27T14:15:16.783+00:00",
             *       "completed_at": "2026-11-27T14:18:02.412+00:00",
             *       "failure_reason": null
             *     }
             */
            'application/json': {
              client_reference: string | null;
              /** Format: date-time */
              completed_at: string | null;
              /** Format: date-time */
              created_at: string;
              /** @description Set only when the job failed; opaque. */
              failure_reason: string | null;
              identifiers: {
                disposition: 'accepted' | 'not_found' | 'invalid' | 'exceeds_limit' | 'duplicate';
                /** @description End users this identifier matched. */
                matched_chatters: number;
                reason: string | null;
                /** @description What the value is: email, chatter_id, external_id, end_user_id or variable_match. */
                type: 'email' | 'chatter_id' | 'external_id' | 'end_user_id' | 'variable_match';
                /** @description The value as submitted. */
                value: string;
                variable: string | null;
              }[];
              job_id: string;
              /** @description queued and in_progress, then one of completed, partial or failed. */
              status: 'queued' | 'in_progress' | 'completed' | 'partial' | 'failed';
              /** @description end_user_deletion, or data_subject_request for a legacy request. */
              type: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/articles/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List knowledge articles
     * @description A page of articles ordered by id (byte order), filtered by any of the filters given: within one filter any value matches, and every filter given must match.
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first article of the page, as found in meta.next_page_url. */
          cursor?: string;
          /** @description enabled; repeat the parameter for several (?enabled=a&enabled=b, or enabled[]=a). Any value matches. */
          enabled?: boolean[];
          /** @description id; repeat the parameter for several (?id=a&id=b, or id[]=a). Any value matches. */
          id?: string[];
          /** @description knowledge_source_id; repeat the parameter for several (?knowledge_source_id=a&knowledge_source_id=b, or knowledge_source_id[]=a). Any value matches. */
          knowledge_source_id?: string[];
          /** @description language; repeat the parameter for several (?language=a&language=b, or language[]=a). Any value matches. */
          language?: string[];
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
          /**
           * @description tag_ids; repeat the parameter for several (?tag_ids=a&tag_ids=b, or tag_ids[]=a). Any value matches.
           * @example billing
           */
          tag_ids?: string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "reset-password",
             *           "name": "Reset your password",
             *           "content": "Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.",
             *           "url": "https://help.example.com/articles/reset-password",
             *           "knowledge_source_id": "help-center",
             *           "language": "en",
             *           "tag_ids": [
             *             "billing"
             *           ],
             *           "created": "2026-11-27T14:15:16.783+00:00",
             *           "updated": "2026-11-27T14:18:02.412+00:00",
             *           "external_created": "2026-03-02T09:00:00.000+00:00",
             *           "external_updated": null,
             *           "enabled": true,
             *           "metadata": {
             *             "zendesk_id": 4411
             *           },
             *           "availability_rules": {
             *             "match": "all",
             *             "conditions": [
             *               {
             *                 "variable": {
             *                   "id": "ab36e2d03b1c14c56198fe39"
             *                 },
             *                 "operator": "starts_with",
             *                 "value": "en"
             *               }
             *             ]
             *           }
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": "http://127.0.0.1:8080/api/v2/knowledge/articles/?cursor=security-keys&tag_ids=billing"
             *       }
             *     }
             */
            'application/json': {
              data: components['schemas']['KnowledgeArticle'][];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /**
     * Delete the articles that match the filters
     * @description Deletes every matching article before answering 204. At least one filter is required (400 otherwise), and 404 when no article matches.
     */
    delete: {
      parameters: {
        query?: {
          /** @description enabled; repeat the parameter for several (?enabled=a&enabled=b, or enabled[]=a). Any value matches. */
          enabled?: boolean[];
          /**
           * @description id; repeat the parameter for several (?id=a&id=b, or id[]=a). Any value matches.
           * @example legacy-faq
           */
          id?: string[];
          /** @description knowledge_source_id; repeat the parameter for several (?knowledge_source_id=a&knowledge_source_id=b, or knowledge_source_id[]=a). Any value matches. */
          knowledge_source_id?: string[];
          /** @description language; repeat the parameter for several (?language=a&language=b, or language[]=a). Any value matches. */
          language?: string[];
          /** @description tag_ids; repeat the parameter for several (?tag_ids=a&tag_ids=b, or tag_ids[]=a). Any value matches. */
          tag_ids?: string[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done; the response has no body. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/articles/{article_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a knowledge article */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The article id. */
          article_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "reset-password",
             *       "name": "Reset your password",
             *       "content": "Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.",
             *       "url": "https://help.example.com/articles/reset-password",
             *       "knowledge_source_id": "help-center",
             *       "language": "en",
             *       "tag_ids": [
             *         "billing"
             *       ],
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:18:02.412+00:00",
             *       "external_created": "2026-03-02T09:00:00.000+00:00",
             *       "external_updated": null,
             *       "enabled": true,
             *       "metadata": {
             *         "zendesk_id": 4411
             *       },
             *       "availability_rules": {
             *         "match": "all",
             *         "conditions": [
             *           {
             *             "variable": {
             *               "id": "ab36e2d03b1c14c56198fe39"
             *             },
             *             "operator": "starts_with",
             *             "value": "en"
             *           }
             *         ]
             *       }
             *     }
             */
            'application/json': components['schemas']['KnowledgeArticle'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a knowledge article */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The article id. */
          article_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done; the response has no body. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/bulk/articles/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create or update articles
     * @description All or nothing: answers 200 with one result per article, in order, or 400 and changes nothing. An article may be at most 100 KB as JSON. With the AI Agent at its article limit, a request that adds any new article is refused with a 400 whose details list the new ids; requests that only update still succeed.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Articles to create or update, by id. Fields left out of an existing article keep their values; on a new one they take their defaults. */
      requestBody: {
        content: {
          /**
           * @example [
           *       {
           *         "id": "reset-password",
           *         "name": "Reset your password",
           *         "content": "Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.",
           *         "url": "https://help.example.com/articles/reset-password",
           *         "knowledge_source_id": "help-center",
           *         "tag_ids": [
           *           "billing"
           *         ],
           *         "language": "en-US",
           *         "external_created": "2026-03-02T09:00:00Z",
           *         "metadata": {
           *           "zendesk_id": 4411
           *         },
           *         "availability_rules": {
           *           "match": "all",
           *           "conditions": [
           *             {
           *               "variable": {
           *                 "id": "ab36e2d03b1c14c56198fe39"
           *               },
           *               "operator": "starts_with",
           *               "value": "en"
           *             }
           *           ]
           *         }
           *       }
           *     ]
           */
          'application/json': {
            /** @description Who may be given the article: conditions and condition groups (two levels at most), at most 1000 conditions in all. null: everyone. */
            availability_rules?: {
              conditions: unknown[];
              /**
               * @description all: every condition must hold; any: one is enough.
               * @enum {string}
               */
              match: 'all' | 'any';
            } | null;
            /** @description The article, in Markdown. */
            content: string;
            enabled?: boolean;
            external_created?: string | null;
            external_updated?: string | null;
            /** @description Your own id for the article: 1 to 100 characters, unique per AI Agent. */
            id: string;
            knowledge_source_id: string;
            /**
             * Format: bcp47
             * @description A BCP 47 tag (default en); stored as its language.
             */
            language?: string;
            /** @description Your own key/value pairs, kept as sent and never read by Roster. */
            metadata?: {
              [key: string]: unknown;
            } | null;
            name: string;
            tag_ids?: string[];
            /** @description an absolute http:// or https:// URL without spaces */
            url?: string | null;
          }[];
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example [
             *       {
             *         "id": "reset-password",
             *         "success": true,
             *         "created": false
             *       }
             *     ]
             */
            'application/json': {
              /** @description true for a new article or tag, false for an update. */
              created: boolean;
              id: string;
              success: boolean;
            }[];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/bulk/tags/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create or update article tags */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Tags to create or update, by id. */
      requestBody: {
        content: {
          /**
           * @example [
           *       {
           *         "id": "billing",
           *         "name": "Billing"
           *       },
           *       {
           *         "id": "returns",
           *         "name": "Returns"
           *       }
           *     ]
           */
          'application/json': {
            /** @description Your own id for the tag: 1 to 100 characters, unique per AI Agent. */
            id: string;
            name: string;
          }[];
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example [
             *       {
             *         "id": "billing",
             *         "success": true,
             *         "created": false
             *       },
             *       {
             *         "id": "returns",
             *         "success": true,
             *         "created": true
             *       }
             *     ]
             */
            'application/json': {
              /** @description true for a new article or tag, false for an update. */
              created: boolean;
              id: string;
              success: boolean;
            }[];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/search/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Search the knowledge base (Roster extension)
     * @description Roster extension, not part of Ada's API: full-text search over the AI Agent's enabled articles in one language, best match first. The words of query are looked for (common words such as "how" or "the" are left out), each word matching its other forms (reset, resets, resetting). With end_user_id, only articles available to that end user.
     */
    get: {
      parameters: {
        query: {
          /** @description Only articles whose availability rules admit this end user. */
          end_user_id?: string;
          /**
           * @description A BCP 47 tag: search articles in its language (default en).
           * @example en
           */
          language?: string;
          /** @description Articles to return, 1 to 20 (default 5). */
          limit?: number;
          /**
           * @description Free text, such as a question.
           * @example How do I reset my password?
           */
          query: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "score": 0.61,
             *           "article": {
             *             "id": "reset-password",
             *             "name": "Reset your password",
             *             "content": "Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.",
             *             "url": "https://help.example.com/articles/reset-password",
             *             "knowledge_source_id": "help-center",
             *             "language": "en",
             *             "tag_ids": [
             *               "billing"
             *             ],
             *             "created": "2026-11-27T14:15:16.783+00:00",
             *             "updated": "2026-11-27T14:18:02.412+00:00",
             *             "external_created": "2026-03-02T09:00:00.000+00:00",
             *             "external_updated": null,
             *             "enabled": true,
             *             "metadata": {
             *               "zendesk_id": 4411
             *             },
             *             "availability_rules": {
             *               "match": "all",
             *               "conditions": [
             *                 {
             *                   "variable": {
             *                     "id": "ab36e2d03b1c14c56198fe39"
             *                   },
             *                   "operator": "starts_with",
             *                   "value": "en"
             *                 }
             *               ]
             *             }
             *           }
             *         }
             *       ]
             *     }
             */
            'application/json': {
              /** @description Best match first. */
              data: {
                article: components['schemas']['KnowledgeArticle'];
                /** @description Higher is better; comparable within one answer only. */
                score: number;
              }[];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/sources/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List knowledge sources
     * @description Every source of the AI Agent, by id (not paginated).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "help-center",
             *           "external_id": "help-center",
             *           "name": "Help centre",
             *           "metadata": {
             *             "owner": "support"
             *           },
             *           "created": "2026-11-27T14:15:16.783+00:00",
             *           "updated": "2026-11-27T14:15:16.783+00:00",
             *           "last_sync": null,
             *           "status": null
             *         }
             *       ]
             *     }
             */
            'application/json': {
              data: components['schemas']['KnowledgeSource'][];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a knowledge source
     * @description Answers 200 with the new source; its external_id starts as its id. An id the AI Agent already uses is a 409.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "id": "faq",
           *       "name": "Frequent questions",
           *       "metadata": {
           *         "owner": "support"
           *       }
           *     }
           */
          'application/json': {
            /** @description Your own id for the knowledge source: 1 to 100 characters, unique per AI Agent. */
            id: string;
            /** @description Your own key/value pairs, kept as sent and never read by Roster. */
            metadata?: {
              [key: string]: unknown;
            } | null;
            name: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "faq",
             *       "external_id": "faq",
             *       "name": "Frequent questions",
             *       "metadata": {
             *         "owner": "support"
             *       },
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:15:16.783+00:00",
             *       "last_sync": null,
             *       "status": null
             *     }
             */
            'application/json': components['schemas']['KnowledgeSource'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/sources/{knowledge_source_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a knowledge source and its articles
     * @description Answers 204 at once; the source shows status deleting until it and its articles are gone, or delete_failed if that failed (DELETE again to retry).
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The knowledge source id. */
          knowledge_source_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done; the response has no body. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Update a knowledge source
     * @description Omitted fields are unchanged; null clears external_id or metadata; metadata is replaced whole.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The knowledge source id. */
          knowledge_source_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "name": "Help centre (public)"
           *     }
           */
          'application/json': {
            external_id?: string | null;
            /** @description Your own key/value pairs, kept as sent and never read by Roster. */
            metadata?: {
              [key: string]: unknown;
            } | null;
            name?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "help-center",
             *       "external_id": "help-center",
             *       "name": "Help centre (public)",
             *       "metadata": {
             *         "owner": "support"
             *       },
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:18:02.412+00:00",
             *       "last_sync": null,
             *       "status": null
             *     }
             */
            'application/json': components['schemas']['KnowledgeSource'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/knowledge/sources/{knowledge_source_id}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sync a knowledge source
     * @description Answers 202 and records the sync in last_sync when its job has run. Roster imports from no website, so a sync changes no article. 429 within 4 hours of the last sync, or while one is in progress.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The knowledge source id. */
          knowledge_source_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Accepted; the response has no body. */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/tags/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List article tags
     * @description Every tag of the AI Agent, by id (not paginated).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "billing",
             *           "name": "Billing"
             *         }
             *       ]
             *     }
             */
            'application/json': {
              data: components['schemas']['KnowledgeTag'][];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/knowledge/tags/{tag_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete an article tag
     * @description The tag is also taken off every article that had it.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The tag id. */
          tag_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done; the response has no body. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/persona/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the persona
     * @description The AI Agent's persona; an AI Agent that never changed it has the defaults.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "personality": [
             *         "friendly",
             *         "concise"
             *       ],
             *       "emoji_usage": true,
             *       "allowed_emojis": "🙂👍",
             *       "default_timezone": "Europe/Paris",
             *       "company_description": "Acme sells garden tools online.",
             *       "community_guidelines_url": "https://acme.example.com/community",
             *       "message_length": "concise",
             *       "ask_for_more_help": true,
             *       "no_customer_pi": true,
             *       "no_competitors": true,
             *       "competitor_names": "Globex, Initech",
             *       "enable_acknowledgment_messages": false
             *     }
             */
            'application/json': components['schemas']['Persona'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update the persona
     * @description Changes the fields sent; the others keep their values. Unknown fields are refused with 400.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description Only the fields sent change. A field that is not part of the persona is refused with 400. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "message_length": "concise",
           *       "no_competitors": true,
           *       "competitor_names": "Globex, Initech"
           *     }
           */
          'application/json': {
            /** @description The emojis it may use; empty means any. */
            allowed_emojis?: string;
            /** @description Whether the AI Agent asks if the end user needs more help. */
            ask_for_more_help?: boolean;
            /**
             * Format: uri
             * @description http(s) URL.
             */
            community_guidelines_url?: string | null;
            /** @description What the company does. */
            company_description?: string | null;
            /** @description Competitors it should not name. */
            competitor_names?: string | null;
            /** @description An IANA time zone name, such as Europe/Paris or UTC. */
            default_timezone?: string;
            /** @description Whether the AI Agent may use emojis. */
            emoji_usage?: boolean;
            /** @description Whether it acknowledges a question before answering it. */
            enable_acknowledgment_messages?: boolean;
            /**
             * @description How long the AI Agent keeps its replies.
             * @enum {string}
             */
            message_length?: 'concise' | 'normal';
            /** @description Whether it avoids talking about competitors. */
            no_competitors?: boolean;
            /** @description Whether it avoids repeating the end user's personal information. */
            no_customer_pi?: boolean;
            /** @description Traits of the AI Agent's voice (for example "friendly"), at most 20. */
            personality?: string[];
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "personality": [
             *         "friendly",
             *         "concise"
             *       ],
             *       "emoji_usage": true,
             *       "allowed_emojis": "🙂👍",
             *       "default_timezone": "Europe/Paris",
             *       "company_description": "Acme sells garden tools online.",
             *       "community_guidelines_url": "https://acme.example.com/community",
             *       "message_length": "concise",
             *       "ask_for_more_help": true,
             *       "no_customer_pi": true,
             *       "no_competitors": true,
             *       "competitor_names": "Globex, Initech",
             *       "enable_acknowledgment_messages": false
             *     }
             */
            'application/json': components['schemas']['Persona'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/platform-integrations/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List platform integrations
     * @description A page of the integrations this AI Agent develops, oldest first. API keys only.
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "6b0a20019f1e4a0b3c5d7f01",
             *           "status": "development",
             *           "created": "2026-11-27T14:15:16.783+00:00",
             *           "updated": "2026-11-27T14:15:16.783+00:00",
             *           "name": "Help centre sync",
             *           "description": "Keeps your knowledge base in step with your help centre.",
             *           "author": "Example Apps Ltd",
             *           "contact": "support@apps.example.com",
             *           "uninstallation_url": "https://apps.example.com/roster/uninstall",
             *           "oauth_callback_url": "https://apps.example.com/roster/callback",
             *           "icon_url": "https://apps.example.com/icon.png",
             *           "call_to_action": "Connect your help centre",
             *           "identifier_field_path": "subdomain",
             *           "tags": [
             *             "knowledge"
             *           ],
             *           "scopes": [
             *             "articles:read",
             *             "articles:write",
             *             "knowledge_sources:write"
             *           ],
             *           "configuration_fields": {
             *             "type": "object",
             *             "properties": {
             *               "subdomain": {
             *                 "type": "string",
             *                 "title": "Help centre subdomain",
             *                 "minLength": 1
             *               }
             *             },
             *             "required": [
             *               "subdomain"
             *             ]
             *           },
             *           "error_codes": {
             *             "not_found": "We could not find that help centre."
             *           }
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: components['schemas']['PlatformIntegration'][];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a platform integration
     * @description Creates an integration in development status and answers 200 with its client_secret, which no later response shows. API keys only.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description id, status, client_secret and the times are set by the server; unknown properties are ignored. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "name": "Help centre sync",
           *       "description": "Keeps your knowledge base in step with your help centre.",
           *       "author": "Example Apps Ltd",
           *       "contact": "support@apps.example.com",
           *       "uninstallation_url": "https://apps.example.com/roster/uninstall",
           *       "oauth_callback_url": "https://apps.example.com/roster/callback",
           *       "icon_url": "https://apps.example.com/icon.png",
           *       "call_to_action": "Connect your help centre",
           *       "identifier_field_path": "subdomain",
           *       "tags": [
           *         "knowledge"
           *       ],
           *       "scopes": [
           *         "articles:read",
           *         "articles:write",
           *         "knowledge_sources:write"
           *       ],
           *       "configuration_fields": {
           *         "type": "object",
           *         "properties": {
           *           "subdomain": {
           *             "type": "string",
           *             "title": "Help centre subdomain",
           *             "minLength": 1
           *           }
           *         },
           *         "required": [
           *           "subdomain"
           *         ]
           *       },
           *       "error_codes": {
           *         "not_found": "We could not find that help centre."
           *       }
           *     }
           */
          'application/json': {
            /** @description Who develops the integration. */
            author: string;
            /** @description The text of the button that starts an installation, or null. */
            call_to_action?: string | null;
            /** @description A JSON Schema (draft 7 or 2019-09 keywords) of the settings an admin fills in when installing the integration; validated as a schema. */
            configuration_fields: {
              [key: string]: unknown;
            };
            /** @description A URL or email address where users of the integration get support. */
            contact: string;
            /** @description What the integration does and how to use it. */
            description: string;
            /** @description Error codes the integration may send back to the OAuth failure page, each with the message to show; or null. */
            error_codes?: {
              [key: string]: string;
            } | null;
            /**
             * Format: uri
             * @description The URL of an icon shown with the integration, or null.
             */
            icon_url?: string | null;
            /** @description A JMESPath expression into the configuration an installing admin fills in; what it selects identifies the installation (for example an account subdomain). */
            identifier_field_path: string;
            /** @description The name of the integration. */
            name: string;
            /**
             * Format: uri
             * @description Where the consent page sends the admin back with the authorization code (the OAuth redirect URI).
             */
            oauth_callback_url: string;
            /** @description The OAuth scopes the integration asks for when installed. platform_integration_installations:read and :write are always granted. */
            scopes: (
              | 'articles:read'
              | 'articles:write'
              | 'article_tags:read'
              | 'article_tags:write'
              | 'knowledge_sources:read'
              | 'knowledge_sources:write'
              | 'platform_integration_installations:read'
              | 'platform_integration_installations:write'
            )[];
            /** @description What kind of integration this is; "knowledge" is the only kind. */
            tags: 'knowledge'[];
            /**
             * Format: uri
             * @description The URL Roster calls with DELETE to uninstall the integration from an AI Agent.
             */
            uninstallation_url: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a20019f1e4a0b3c5d7f01",
             *       "status": "development",
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:15:16.783+00:00",
             *       "name": "Help centre sync",
             *       "description": "Keeps your knowledge base in step with your help centre.",
             *       "author": "Example Apps Ltd",
             *       "contact": "support@apps.example.com",
             *       "uninstallation_url": "https://apps.example.com/roster/uninstall",
             *       "oauth_callback_url": "https://apps.example.com/roster/callback",
             *       "icon_url": "https://apps.example.com/icon.png",
             *       "call_to_action": "Connect your help centre",
             *       "identifier_field_path": "subdomain",
             *       "tags": [
             *         "knowledge"
             *       ],
             *       "scopes": [
             *         "articles:read",
             *         "articles:write",
             *         "knowledge_sources:write"
             *       ],
             *       "configuration_fields": {
             *         "type": "object",
             *         "properties": {
             *           "subdomain": {
             *             "type": "string",
             *             "title": "Help centre subdomain",
             *             "minLength": 1
             *           }
             *         },
             *         "required": [
             *           "subdomain"
             *         ]
             *       },
             *       "error_codes": {
             *         "not_found": "We could not find that help centre."
             *       },
             *       "client_secret": "roster_cs_5PRqJ9tA0m2lqk8Xw7eY3bV6nC1dZ4hG9sK2uT0oWfE"
             *     }
             */
            'application/json': {
              author: string;
              call_to_action: string | null;
              /** @description The OAuth client secret (the client id is the integration id). Shown in this response only. */
              client_secret: string;
              /** @description The JSON Schema of the installation settings. */
              configuration_fields: {
                [key: string]: unknown;
              };
              contact: string;
              /** @description When the integration was created (RFC 3339, UTC, milliseconds). */
              created: string;
              description: string;
              /** @description Error codes and their messages. */
              error_codes: {
                [key: string]: unknown;
              } | null;
              icon_url: string | null;
              id: string;
              identifier_field_path: string;
              name: string;
              oauth_callback_url: string;
              scopes: string[];
              /**
               * @description development, then approved, then archived.
               * @enum {string}
               */
              status: 'development' | 'approved' | 'archived';
              tags: string[];
              uninstallation_url: string;
              /** @description When it last changed (RFC 3339, UTC, milliseconds). */
              updated: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/platform-integrations/{platform_integration_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update a platform integration
     * @description Changes the fields sent. Only an integration in development can change: an approved or archived one answers 403. API keys only.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The platform integration id (24 hex characters). */
          platform_integration_id: string;
        };
        cookie?: never;
      };
      /** @description Only the fields sent change. Only an integration in development can be updated. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "description": "Keeps your knowledge base in step with your help centre, every hour."
           *     }
           */
          'application/json': {
            /** @description Who develops the integration. */
            author?: string;
            /** @description The text of the button that starts an installation, or null. */
            call_to_action?: string | null;
            /** @description A JSON Schema (draft 7 or 2019-09 keywords) of the settings an admin fills in when installing the integration; validated as a schema. */
            configuration_fields?: {
              [key: string]: unknown;
            };
            /** @description A URL or email address where users of the integration get support. */
            contact?: string;
            /** @description What the integration does and how to use it. */
            description?: string;
            /** @description Error codes the integration may send back to the OAuth failure page, each with the message to show; or null. */
            error_codes?: {
              [key: string]: string;
            } | null;
            /**
             * Format: uri
             * @description The URL of an icon shown with the integration, or null.
             */
            icon_url?: string | null;
            /** @description A JMESPath expression into the configuration an installing admin fills in; what it selects identifies the installation (for example an account subdomain). */
            identifier_field_path?: string;
            /** @description The name of the integration. */
            name?: string;
            /**
             * Format: uri
             * @description Where the consent page sends the admin back with the authorization code (the OAuth redirect URI).
             */
            oauth_callback_url?: string;
            /** @description The OAuth scopes the integration asks for when installed. platform_integration_installations:read and :write are always granted. */
            scopes?: (
              | 'articles:read'
              | 'articles:write'
              | 'article_tags:read'
              | 'article_tags:write'
              | 'knowledge_sources:read'
              | 'knowledge_sources:write'
              | 'platform_integration_installations:read'
              | 'platform_integration_installations:write'
            )[];
            /** @description What kind of integration this is; "knowledge" is the only kind. */
            tags?: 'knowledge'[];
            /**
             * Format: uri
             * @description The URL Roster calls with DELETE to uninstall the integration from an AI Agent.
             */
            uninstallation_url?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a20019f1e4a0b3c5d7f01",
             *       "status": "development",
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:18:02.412+00:00",
             *       "name": "Help centre sync",
             *       "description": "Keeps your knowledge base in step with your help centre, every hour.",
             *       "author": "Example Apps Ltd",
             *       "contact": "support@apps.example.com",
             *       "uninstallation_url": "https://apps.example.com/roster/uninstall",
             *       "oauth_callback_url": "https://apps.example.com/roster/callback",
             *       "icon_url": "https://apps.example.com/icon.png",
             *       "call_to_action": "Connect your help centre",
             *       "identifier_field_path": "subdomain",
             *       "tags": [
             *         "knowledge"
             *       ],
             *       "scopes": [
             *         "articles:read",
             *         "articles:write",
             *         "knowledge_sources:write"
             *       ],
             *       "configuration_fields": {
             *         "type": "object",
             *         "properties": {
             *           "subdomain": {
             *             "type": "string",
             *             "title": "Help centre subdomain",
             *             "minLength": 1
             *           }
             *         },
             *         "required": [
             *           "subdomain"
             *         ]
             *       },
             *       "error_codes": {
             *         "not_found": "We could not find that help centre."
             *       }
             *     }
             */
            'application/json': components['schemas']['PlatformIntegration'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/platform-integrations/{platform_integration_id}/installations/{installation_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update the status of an installation
     * @description Marks the installation complete or incomplete. Takes the installation's access token (scope platform_integration_installations:write).
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The installation id (24 hex characters). */
          installation_id: string;
          /** @description The platform integration id (24 hex characters). */
          platform_integration_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "status": "complete"
           *     }
           */
          'application/json': {
            /**
             * @description complete once the integration finished its setup; incomplete otherwise.
             * @enum {string}
             */
            status: 'complete' | 'incomplete';
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a20309f1e4a0b3c5d7f09",
             *       "platform_integration_id": "6b0a20019f1e4a0b3c5d7f01",
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:18:02.412+00:00",
             *       "configuration": {
             *         "subdomain": "acme"
             *       },
             *       "status": "complete"
             *     }
             */
            'application/json': components['schemas']['PlatformIntegrationInstallation'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/platform-integrations/{platform_integration_id}/installations/self': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the installation of the access token
     * @description The installation the OAuth access token was granted to, with the admin's configuration. Takes the installation's access token (scope platform_integration_installations:read).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The platform integration id (24 hex characters). */
          platform_integration_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a20309f1e4a0b3c5d7f09",
             *       "platform_integration_id": "6b0a20019f1e4a0b3c5d7f01",
             *       "created": "2026-11-27T14:15:16.783+00:00",
             *       "updated": "2026-11-27T14:18:02.412+00:00",
             *       "configuration": {
             *         "subdomain": "acme"
             *       },
             *       "status": "incomplete"
             *     }
             */
            'application/json': components['schemas']['PlatformIntegrationInstallation'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/variables/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the variables availability rules can use
     * @description The end users' profile fields, then the metadata keys the AI Agent's end users have, by name. A metadata key named like a profile field is reserved; sensitive metadata is never a variable.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "7b76c06048fe61ed5df56701",
             *           "name": "first_name"
             *         },
             *         {
             *           "id": "6009a22350c06799054e0a89",
             *           "name": "last_name"
             *         },
             *         {
             *           "id": "3456e7640ff25f188f583c7c",
             *           "name": "display_name"
             *         },
             *         {
             *           "id": "89fa82ccc126dddc6582f60b",
             *           "name": "avatar"
             *         },
             *         {
             *           "id": "8a82c207dd0161c275517a68",
             *           "name": "email"
             *         },
             *         {
             *           "id": "ab36e2d03b1c14c56198fe39",
             *           "name": "language"
             *         },
             *         {
             *           "id": "e239ad7cf7ed05951188c057",
             *           "name": "plan"
             *         }
             *       ]
             *     }
             */
            'application/json': {
              data: components['schemas']['Variable'][];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/variables/{variable_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a variable */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The variable id. */
          variable_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "ab36e2d03b1c14c56198fe39",
             *       "name": "language"
             *     }
             */
            'application/json': components['schemas']['Variable'];
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List webhook endpoints
     * @description A page of this AI Agent's endpoints, oldest first. Follow meta.next_page_url for the next page.
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "6b0a1b009f1e4a0b3c5d7e80",
             *           "url": "https://hooks.example.com/roster",
             *           "description": "CRM sync",
             *           "event_filters": [
             *             "v1.end_user.created",
             *             "v1.end_user.updated"
             *           ],
             *           "channels": [],
             *           "enabled": true,
             *           "created_at": "2026-11-27T14:10:00.000+00:00",
             *           "updated_at": "2026-11-27T14:10:00.000+00:00"
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: {
                /** @description Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not. */
                channels: string[];
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC, milliseconds.
                 */
                created_at: string;
                description: string;
                enabled: boolean;
                /** @description Event types delivered; empty means every event type. */
                event_filters: string[];
                id: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
                 */
                updated_at: string;
                /** Format: uri */
                url: string;
              }[];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a webhook endpoint
     * @description Registers an endpoint and gives it a new signing secret (read it with GET .../secret/). Unknown event type names are refused with 400; with no event_filters the endpoint receives every event type. channels (a Roster extension) narrows deliveries to events tagged with one of the listed custom channel ids or human integration names. An AI Agent has at most ROSTER_WEBHOOK_MAX_ENDPOINTS endpoints (50 by default); one more is refused with 422, details {"cap": n}.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "url": "https://hooks.example.com/roster",
           *       "description": "CRM sync",
           *       "event_filters": [
           *         "v1.end_user.created",
           *         "v1.end_user.updated"
           *       ]
           *     }
           */
          'application/json': {
            /** @description Roster extension, not part of Ada's API: the channels this endpoint receives events of, at most 100; each value is a custom channel id or a human integration's name, matched exactly. The endpoint then receives only events tagged with at least one of them (conversation events of a custom channel carry its id; events of a conversation in a human handoff carry the integration's name), and no untagged event. An empty list (the default) receives every event, tagged or not. Repeated values count once. PATCH replaces the whole list. */
            channels?: string[];
            /** @description Free text for your own reference, at most 1000 characters. */
            description?: string;
            /** @description Whether events are delivered to this endpoint. Roster turns it off after deliveries keep failing. */
            enabled?: boolean;
            /** @description Event type names this endpoint receives (see GET /api/v2/webhooks/event-types/), at most 50. An empty list subscribes to every event type; repeated names count once. */
            event_filters?: string[];
            /** @description Where events are POSTed: an absolute https URL of at most 2048 characters that points to a public address. */
            url: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1b009f1e4a0b3c5d7e80",
             *       "url": "https://hooks.example.com/roster",
             *       "description": "CRM sync",
             *       "event_filters": [
             *         "v1.end_user.created",
             *         "v1.end_user.updated"
             *       ],
             *       "channels": [],
             *       "enabled": true,
             *       "created_at": "2026-11-27T14:10:00.000+00:00",
             *       "updated_at": "2026-11-27T14:10:00.000+00:00"
             *     }
             */
            'application/json': {
              /** @description Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not. */
              channels: string[];
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              description: string;
              enabled: boolean;
              /** @description Event types delivered; empty means every event type. */
              event_filters: string[];
              id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
               */
              updated_at: string;
              /** Format: uri */
              url: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/{webhook_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a webhook endpoint */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1b009f1e4a0b3c5d7e80",
             *       "url": "https://hooks.example.com/roster",
             *       "description": "CRM sync",
             *       "event_filters": [
             *         "v1.end_user.created",
             *         "v1.end_user.updated"
             *       ],
             *       "channels": [],
             *       "enabled": true,
             *       "created_at": "2026-11-27T14:10:00.000+00:00",
             *       "updated_at": "2026-11-27T14:10:00.000+00:00"
             *     }
             */
            'application/json': {
              /** @description Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not. */
              channels: string[];
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              description: string;
              enabled: boolean;
              /** @description Event types delivered; empty means every event type. */
              event_filters: string[];
              id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
               */
              updated_at: string;
              /** Format: uri */
              url: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /**
     * Delete a webhook endpoint
     * @description Deletes the endpoint together with its queued deliveries and its delivery log. Answers 204 with no body.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted; the response has no body. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Update a webhook endpoint
     * @description Changes only the fields sent, with the rules of create for each. Turning a disabled endpoint back on with enabled: true also forgets its earlier run of failures.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      /** @description Send only the fields to change; the others keep their values. {} changes nothing. */
      requestBody: {
        content: {
          /**
           * @example {
           *       "description": "Support app, all events",
           *       "event_filters": [],
           *       "channels": [
           *         "6b0a1c2d9f1e4a0b3c5d7e91"
           *       ]
           *     }
           */
          'application/json': {
            /** @description Roster extension, not part of Ada's API: the channels this endpoint receives events of, at most 100; each value is a custom channel id or a human integration's name, matched exactly. The endpoint then receives only events tagged with at least one of them (conversation events of a custom channel carry its id; events of a conversation in a human handoff carry the integration's name), and no untagged event. An empty list (the default) receives every event, tagged or not. Repeated values count once. PATCH replaces the whole list. */
            channels?: string[];
            /** @description Free text for your own reference, at most 1000 characters. */
            description?: string;
            /** @description Whether events are delivered to this endpoint. Roster turns it off after deliveries keep failing. */
            enabled?: boolean;
            /** @description Event type names this endpoint receives (see GET /api/v2/webhooks/event-types/), at most 50. An empty list subscribes to every event type; repeated names count once. */
            event_filters?: string[];
            /** @description Where events are POSTed: an absolute https URL of at most 2048 characters that points to a public address. */
            url?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "6b0a1b009f1e4a0b3c5d7e80",
             *       "url": "https://hooks.example.com/roster",
             *       "description": "Support app, all events",
             *       "event_filters": [],
             *       "channels": [
             *         "6b0a1c2d9f1e4a0b3c5d7e91"
             *       ],
             *       "enabled": true,
             *       "created_at": "2026-11-27T14:10:00.000+00:00",
             *       "updated_at": "2026-11-27T14:18:02.412+00:00"
             *     }
             */
            'application/json': {
              /** @description Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not. */
              channels: string[];
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds.
               */
              created_at: string;
              description: string;
              enabled: boolean;
              /** @description Event types delivered; empty means every event type. */
              event_filters: string[];
              id: string;
              /**
               * Format: date-time
               * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
               */
              updated_at: string;
              /** Format: uri */
              url: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v2/webhooks/{webhook_id}/attempts/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List delivery attempts of a webhook endpoint (Roster extension)
     * @description Roster extension, not part of Ada's API: the delivery log of the endpoint, newest attempt first, one record per HTTP request made. Paginated like the lists (cursor is the id of the first record of the page).
     */
    get: {
      parameters: {
        query?: {
          /** @description Id of the first record of the page to return, as found in meta.next_page_url. */
          cursor?: string;
          /** @description Records per page, 1 to 100 (default 100). */
          limit?: number;
        };
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "id": "6b0a1b2c9f1e4a0b3c5d7e88",
             *           "webhook_id": "6b0a1b009f1e4a0b3c5d7e80",
             *           "message_id": "msg_6b0a1b1a9f1e4a0b3c5d7e84",
             *           "event_type": "v1.end_user.created",
             *           "attempt": 1,
             *           "trigger": "event",
             *           "status": "succeeded",
             *           "status_code": 204,
             *           "duration_ms": 38,
             *           "error": null,
             *           "response_body": "",
             *           "created_at": "2026-11-27T14:15:16.902+00:00"
             *         }
             *       ],
             *       "meta": {
             *         "next_page_url": null
             *       }
             *     }
             */
            'application/json': {
              data: {
                /** @description Which attempt at this event this was, counting from 1. */
                attempt: number;
                /**
                 * Format: date-time
                 * @description When the attempt finished.
                 */
                created_at: string;
                duration_ms: number;
                /** @description Why the attempt failed, when it did. */
                error: string | null;
                event_type: string;
                id: string;
                /** @description The svix-id / webhook-id header of the delivery; the same for every attempt at one event. */
                message_id: string;
                /** @description The start of the receiver's answer, when there was one. */
                response_body: string | null;
                status: 'succeeded' | 'failed';
                /** @description HTTP status the receiver answered; null when no answer arrived. */
                status_code: number | null;
                /** @description event: the first delivery of the event; replay: queued again by a replay. */
                trigger: 'event' | 'replay';
                webhook_id: string;
              }[];
              meta: {
                /**
                 * Format: uri-reference
                 * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
                 */
                next_page_url: string | null;
              };
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/{webhook_id}/replay/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replay past events to a webhook endpoint (Roster extension)
     * @description Roster extension, not part of Ada's API: queues again, for prompt delivery, every event of this AI Agent created between since and until (both inclusive) that the endpoint's current event_filters select, whether or not it was delivered before, and recorded since the endpoint was created. Answers 202 with the number of events queued. A disabled endpoint must be enabled first (422); a window holding more than 10,000 events is refused (422, details {"cap": 10000}); while deliveries queued by an earlier replay of the endpoint are still waiting, another replay is refused (409).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "since": "2026-11-27T00:00:00Z",
           *       "until": "2026-11-28T00:00:00Z"
           *     }
           */
          'application/json': {
            /**
             * Format: date-time
             * @description Start of the window, inclusive: RFC 3339 date and time with an offset, such as 2026-05-01T12:00:00Z.
             */
            since: string;
            /**
             * Format: date-time
             * @description End of the window, inclusive (default: now): RFC 3339 date and time with an offset, such as 2026-05-01T12:00:00Z.
             */
            until?: string;
          };
        };
      };
      responses: {
        /** @description Accepted */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "replayed": 3
             *     }
             */
            'application/json': {
              /** @description How many events were queued. */
              replayed: number;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/{webhook_id}/secret/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the signing secret of a webhook endpoint
     * @description The secret deliveries are signed with, as {"key": "whsec_..."}. The base64 after "whsec_" is the HMAC-SHA256 key; stock Svix and Standard Webhooks libraries take the whole string.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "key": "whsec_cm9zdGVyLWV4YW1wbGUtc2lnbmluZy1zZWNyZXQh"
             *     }
             */
            'application/json': {
              key: string;
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/{webhook_id}/secret/rotate/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate the signing secret of a webhook endpoint
     * @description Replaces the signing secret with the given key, or with a generated one. The answer is {}: read the new secret with GET .../secret/. For a grace period (24 hours by default) deliveries carry a signature with the new and with the replaced secret, so receivers can switch over without dropping events.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The webhook id (24 hex characters). */
          webhook_id: string;
        };
        cookie?: never;
      };
      /** @description Optional: the request may have no body at all. */
      requestBody?: {
        content: {
          /**
           * @example {
           *       "key": "whsec_bXktb3duLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzIQ=="
           *     }
           */
          'application/json': {
            /** @description A signing secret of your choosing: the standard base64 of 24 to 64 random bytes, with or without the prefix "whsec_" (kept with it). Omit it to have Roster generate one. */
            key?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /** @example {} */
            'application/json': Record<string, never>;
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v2/webhooks/event-types/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the event types
     * @description Ada's event types, by name, with what makes each fire. With include=extensions, Roster's extension types too (roster.*), which are sent only to endpoints that name them in event_filters. These are the names event_filters accepts.
     */
    get: {
      parameters: {
        query?: {
          /** @description extensions: list Roster's extension event types as well. */
          include?: 'extensions';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "data": [
             *         {
             *           "name": "v1.end_user.created",
             *           "description": "An end user was created: by POST /api/v2/end-users/ answering 201 (not for an existing external_id)."
             *         },
             *         {
             *           "name": "v1.end_user.updated",
             *           "description": "A returned field of an end user changed (profile fields, metadata or external_id). Not sent for a PATCH that changes nothing visible, such as a sensitive_metadata-only write."
             *         },
             *         {
             *           "name": "v1.audit_log.emitted",
             *           "description": "A configuration change was recorded in the audit log (API keys, webhooks, channels, knowledge sources, integrations and installations, persona, custom instructions). Tagged with entity_type, activity and entity_id. Sent only to endpoints that name it in event_filters."
             *         },
             *         {
             *           "name": "v1.conversation.created",
             *           "description": "A conversation was created on a custom channel by POST /api/v2/conversations/. When the request created the end user too, v1.end_user.created comes first."
             *         },
             *         {
             *           "name": "v1.conversation.message",
             *           "description": "A message was added to a conversation: the end user's and human agents' messages posted through the API, and the AI Agent's replies."
             *         },
             *         {
             *           "name": "v1.conversation.ended",
             *           "description": "A conversation was ended by POST /api/v2/conversations/{id}/end/ (sent once; ending again sends nothing)."
             *         },
             *         {
             *           "name": "v1.conversation.handoff.ended",
             *           "description": "A human handoff ended by POST /api/v2/conversations/{id}/end-handoff/: the AI Agent has the conversation again. Tagged with the channel id and the integration name."
             *         },
             *         {
             *           "name": "v1.proactive_call.queued",
             *           "description": "A proactive call was asked for and queued (POST /api/v2/conversations/proactive/)."
             *         },
             *         {
             *           "name": "v1.proactive_call.initiated",
             *           "description": "The simulated call of a Proactive Attempt was placed."
             *         },
             *         {
             *           "name": "v1.proactive_call.answered",
             *           "description": "A person answered a proactive call; its conversation exists (conversation_id), on the native Voice channel."
             *         },
             *         {
             *           "name": "v1.proactive_call.machine_detected",
             *           "description": "A proactive call reached an answering machine; no conversation was started."
             *         },
             *         {
             *           "name": "v1.proactive_call.failed",
             *           "description": "A proactive call failed (failure_reason says why); no conversation was started."
             *         },
             *         {
             *           "name": "roster.end_user.erased",
             *           "description": "Roster extension: an end user was erased by a deletion job; carries only the end user id and the job id. Sent only to endpoints that name it in their event filters."
             *         }
             *       ]
             *     }
             */
            'application/json': {
              data: {
                description: string;
                name: string;
              }[];
            };
          };
        };
        /** @description Every error response has this shape. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        500: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
        /** @description Every error response has this shape. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ErrorEnvelope'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface webhooks {
  'roster.end_user.erased': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * roster.end_user.erased
     * @description Roster extension: an end user was erased by a deletion job; carries only the end user id and the job id. Sent only to endpoints that name it in their event filters. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "roster.end_user.erased",
           *       "timestamp": "2026-11-27T14:18:02.412+00:00",
           *       "data": {
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "job_id": "6b0a1d009f1e4a0b3c5d7ea0"
           *       }
           *     }
           */
          'application/json': components['schemas']['ErasedEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.audit_log.emitted': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.audit_log.emitted
     * @description A configuration change was recorded in the audit log (API keys, webhooks, channels, knowledge sources, integrations and installations, persona, custom instructions). Tagged with entity_type, activity and entity_id. Sent only to endpoints that name it in event_filters. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.audit_log.emitted",
           *       "timestamp": "2026-11-27T14:30:05.120+00:00",
           *       "data": {
           *         "id": "3f0c9a52-7d1e-4b8a-9f43-2a6c1e5d8b70",
           *         "timestamp": "2026-11-27T14:30:05.120+00:00",
           *         "actor_email": "",
           *         "actor_name": "",
           *         "actor_user_id": "",
           *         "entity_type": "custom_instruction",
           *         "entity_id": "6b0a21109f1e4a0b3c5d7f21",
           *         "entity_name": "Gold plan refunds",
           *         "activity": "updated",
           *         "interface": "api",
           *         "context_ip": "203.0.113.7",
           *         "context_user_agent": "curl/8.5.0",
           *         "api_key_name": "",
           *         "actor_type": "api_key",
           *         "actor_id": "6b09901a9f1e4a0b3c5d7e02",
           *         "changes": [
           *           {
           *             "field": "enabled",
           *             "before": false,
           *             "after": true
           *           }
           *         ]
           *       },
           *       "tags": [
           *         "custom_instruction",
           *         "updated",
           *         "6b0a21109f1e4a0b3c5d7f21"
           *       ]
           *     }
           */
          'application/json': components['schemas']['AuditLogEmittedEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.conversation.created': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.conversation.created
     * @description A conversation was created on a custom channel by POST /api/v2/conversations/. When the request created the end user too, v1.end_user.created comes first. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.conversation.created",
           *       "timestamp": "2026-11-27T14:20:31.540+00:00",
           *       "data": {
           *         "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
           *         "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
           *         "created_at": "2026-11-27T14:20:31.540+00:00",
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "metadata": {
           *           "page": "/checkout"
           *         },
           *         "ai_agent_domain": "default"
           *       }
           *     }
           */
          'application/json': components['schemas']['ConversationCreatedEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.conversation.ended': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.conversation.ended
     * @description A conversation was ended by POST /api/v2/conversations/{id}/end/ (sent once; ending again sends nothing). Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.conversation.ended",
           *       "timestamp": "2026-11-27T14:25:10.005+00:00",
           *       "data": {
           *         "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
           *         "channel_id": "6b0a1c2d9f1e4a0b3c5d7e91",
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "created_at": "2026-11-27T14:20:31.540+00:00",
           *         "updated_at": "2026-11-27T14:25:10.005+00:00",
           *         "ended_by": {
           *           "role": "end_user",
           *           "id": "6b09907429197363d02628e3"
           *         },
           *         "metadata": {
           *           "page": "/checkout"
           *         },
           *         "ai_agent_domain": "default"
           *       }
           *     }
           */
          'application/json': components['schemas']['ConversationEndedEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.conversation.handoff.ended': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.conversation.handoff.ended
     * @description A human handoff ended by POST /api/v2/conversations/{id}/end-handoff/: the AI Agent has the conversation again. Tagged with the channel id and the integration name. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.conversation.handoff.ended",
           *       "timestamp": "2026-11-27T14:24:02.118+00:00",
           *       "data": {
           *         "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "handoff_integration": "zendesk_chat",
           *         "ai_agent_domain": "default"
           *       }
           *     }
           */
          'application/json': components['schemas']['ConversationHandoffEndedEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.conversation.message': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.conversation.message
     * @description A message was added to a conversation: the end user's and human agents' messages posted through the API, and the AI Agent's replies. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.conversation.message",
           *       "timestamp": "2026-11-27T14:20:48.907+00:00",
           *       "data": {
           *         "message_id": "6b0a1c719f1e4a0b3c5d7e9a",
           *         "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "handoff_integration": null,
           *         "channel": {
           *           "type": "custom",
           *           "id": "6b0a1c2d9f1e4a0b3c5d7e91",
           *           "name": "Support app",
           *           "description": "Our in-app chat",
           *           "modality": "messaging",
           *           "capabilities": {
           *             "markdown": true
           *           },
           *           "metadata": {
           *             "team": "support"
           *           },
           *           "created_at": "2026-11-27T14:20:02.118+00:00"
           *         },
           *         "created_at": "2026-11-27T14:20:48.907+00:00",
           *         "author": {
           *           "id": null,
           *           "role": "ai_agent",
           *           "avatar": null,
           *           "display_name": "Roster demo agent"
           *         },
           *         "content": {
           *           "type": "text",
           *           "body": "Order 42 is on its way."
           *         },
           *         "ai_agent_domain": "default"
           *       }
           *     }
           */
          'application/json': components['schemas']['ConversationMessageEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.end_user.created': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.end_user.created
     * @description An end user was created: by POST /api/v2/end-users/ answering 201 (not for an existing external_id). Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.end_user.created",
           *       "timestamp": "2026-11-27T14:15:16.783+00:00",
           *       "data": {
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "external_id": "crm-123",
           *         "profile": {
           *           "first_name": "Maria",
           *           "last_name": "Silva",
           *           "display_name": null,
           *           "avatar": null,
           *           "email": "maria@example.com",
           *           "language": "pt-BR",
           *           "metadata": {
           *             "plan": "enterprise",
           *             "seats": 40
           *           },
           *           "system_properties": {
           *             "sunshine_user_id": null
           *           }
           *         },
           *         "created_at": "2026-11-27T14:15:16.783+00:00",
           *         "updated_at": "2026-11-27T14:15:16.783+00:00"
           *       },
           *       "tags": [
           *         "6b09907429197363d02628e3"
           *       ]
           *     }
           */
          'application/json': components['schemas']['EndUserEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.end_user.updated': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.end_user.updated
     * @description A returned field of an end user changed (profile fields, metadata or external_id). Not sent for a PATCH that changes nothing visible, such as a sensitive_metadata-only write. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.end_user.updated",
           *       "timestamp": "2026-11-27T14:18:02.412+00:00",
           *       "data": {
           *         "end_user_id": "6b09907429197363d02628e3",
           *         "external_id": "crm-123",
           *         "profile": {
           *           "first_name": "Maria",
           *           "last_name": "Silva",
           *           "display_name": null,
           *           "avatar": null,
           *           "email": "maria@example.com",
           *           "language": "pt-BR",
           *           "metadata": {
           *             "plan": "enterprise",
           *             "seats": 45
           *           },
           *           "system_properties": {
           *             "sunshine_user_id": null
           *           }
           *         },
           *         "created_at": "2026-11-27T14:15:16.783+00:00",
           *         "updated_at": "2026-11-27T14:18:02.412+00:00"
           *       },
           *       "tags": [
           *         "6b09907429197363d02628e3"
           *       ]
           *     }
           */
          'application/json': components['schemas']['EndUserEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.proactive_call.answered': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.proactive_call.answered
     * @description A person answered a proactive call; its conversation exists (conversation_id), on the native Voice channel. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.proactive_call.answered",
           *       "timestamp": "2026-11-27T14:30:03.000+00:00",
           *       "data": {
           *         "proactive_attempt_id": "6b0a1c709f1e4a0b3c5d7e99",
           *         "status": "answered",
           *         "channel": "voice",
           *         "recipient": {
           *           "phone_number": "+14155550123"
           *         },
           *         "language": "en-US",
           *         "metadata": {
           *           "order": "42"
           *         },
           *         "conversation_id": "6b0a1c5e9f1e4a0b3c5d7e94",
           *         "failure_reason": null,
           *         "created_at": "2026-11-27T14:30:00.000+00:00",
           *         "updated_at": "2026-11-27T14:30:03.000+00:00"
           *       }
           *     }
           */
          'application/json': components['schemas']['ProactiveCallEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.proactive_call.failed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.proactive_call.failed
     * @description A proactive call failed (failure_reason says why); no conversation was started. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.proactive_call.failed",
           *       "timestamp": "2026-11-27T14:30:03.000+00:00",
           *       "data": {
           *         "proactive_attempt_id": "6b0a1c709f1e4a0b3c5d7e99",
           *         "status": "failed",
           *         "channel": "voice",
           *         "recipient": {
           *           "phone_number": "+14155550123"
           *         },
           *         "language": "en-US",
           *         "metadata": {
           *           "order": "42"
           *         },
           *         "conversation_id": null,
           *         "failure_reason": "no_answer",
           *         "created_at": "2026-11-27T14:30:00.000+00:00",
           *         "updated_at": "2026-11-27T14:30:03.000+00:00"
           *       }
           *     }
           */
          'application/json': components['schemas']['ProactiveCallEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.proactive_call.initiated': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.proactive_call.initiated
     * @description The simulated call of a Proactive Attempt was placed. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.proactive_call.initiated",
           *       "timestamp": "2026-11-27T14:30:03.000+00:00",
           *       "data": {
           *         "proactive_attempt_id": "6b0a1c709f1e4a0b3c5d7e99",
           *         "status": "initiated",
           *         "channel": "voice",
           *         "recipient": {
           *           "phone_number": "+14155550123"
           *         },
           *         "language": "en-US",
           *         "metadata": {
           *           "order": "42"
           *         },
           *         "conversation_id": null,
           *         "failure_reason": null,
           *         "created_at": "2026-11-27T14:30:00.000+00:00",
           *         "updated_at": "2026-11-27T14:30:03.000+00:00"
           *       }
           *     }
           */
          'application/json': components['schemas']['ProactiveCallEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.proactive_call.machine_detected': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.proactive_call.machine_detected
     * @description A proactive call reached an answering machine; no conversation was started. Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.proactive_call.machine_detected",
           *       "timestamp": "2026-11-27T14:30:03.000+00:00",
           *       "data": {
           *         "proactive_attempt_id": "6b0a1c709f1e4a0b3c5d7e99",
           *         "status": "machine_detected",
           *         "channel": "voice",
           *         "recipient": {
           *           "phone_number": "+14155550123"
           *         },
           *         "language": "en-US",
           *         "metadata": {
           *           "order": "42"
           *         },
           *         "conversation_id": null,
           *         "failure_reason": null,
           *         "created_at": "2026-11-27T14:30:00.000+00:00",
           *         "updated_at": "2026-11-27T14:30:03.000+00:00"
           *       }
           *     }
           */
          'application/json': components['schemas']['ProactiveCallEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'v1.proactive_call.queued': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * v1.proactive_call.queued
     * @description A proactive call was asked for and queued (POST /api/v2/conversations/proactive/). Sent as a signed POST to every endpoint whose event_filters select it.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description The message id, msg_ and the event id: the same on every attempt, so receivers can skip duplicates. */
          'svix-id': string;
          /** @description Space-separated v1,<base64 HMAC-SHA256 of {svix-id}.{svix-timestamp}.{raw body}>, one per signing secret in use. */
          'svix-signature': string;
          /** @description When this attempt was sent, in Unix seconds. */
          'svix-timestamp': string;
          /** @description The same as svix-id, for Standard Webhooks libraries. */
          'webhook-id': string;
          /** @description The same as svix-signature. */
          'webhook-signature': string;
          /** @description The same as svix-timestamp. */
          'webhook-timestamp': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "type": "v1.proactive_call.queued",
           *       "timestamp": "2026-11-27T14:30:03.000+00:00",
           *       "data": {
           *         "proactive_attempt_id": "6b0a1c709f1e4a0b3c5d7e99",
           *         "status": "queued",
           *         "channel": "voice",
           *         "recipient": {
           *           "phone_number": "+14155550123"
           *         },
           *         "language": "en-US",
           *         "metadata": {
           *           "order": "42"
           *         },
           *         "conversation_id": null,
           *         "failure_reason": null,
           *         "created_at": "2026-11-27T14:30:00.000+00:00",
           *         "updated_at": "2026-11-27T14:30:03.000+00:00"
           *       }
           *     }
           */
          'application/json': components['schemas']['ProactiveCallEvent'];
        };
      };
      responses: {
        /** @description Received. Any 2xx within the timeout (15 s by default) counts as delivered. */
        '2XX': {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Anything else, or no answer in time, is retried on the retry schedule. */
        default: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface components {
  schemas: {
    /** @description v1.audit_log.emitted: data is the audit event as the audit log API returns it; tags are its entity_type, activity and entity_id. */
    AuditLogEmittedEvent: {
      data: components['schemas']['AuditLogEvent'];
      /** @description The end user's id, for filtering on the receiver. */
      tags: string[];
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.audit_log.emitted';
    };
    /**
     * @example {
     *       "id": "3f0c9a52-7d1e-4b8a-9f43-2a6c1e5d8b70",
     *       "timestamp": "2026-11-27T14:30:05.120+00:00",
     *       "actor_email": "",
     *       "actor_name": "",
     *       "actor_user_id": "",
     *       "entity_type": "custom_instruction",
     *       "entity_id": "6b0a21109f1e4a0b3c5d7f21",
     *       "entity_name": "Gold plan refunds",
     *       "activity": "updated",
     *       "interface": "api",
     *       "context_ip": "203.0.113.7",
     *       "context_user_agent": "curl/8.5.0",
     *       "api_key_name": "",
     *       "actor_type": "api_key",
     *       "actor_id": "6b09901a9f1e4a0b3c5d7e02",
     *       "changes": [
     *         {
     *           "field": "enabled",
     *           "before": false,
     *           "after": true
     *         }
     *       ]
     *     }
     */
    AuditLogEvent: {
      /** @description created, updated, deleted, executed, activated or deactivated. */
      activity: string;
      /** @description Always empty: Roster has no user accounts. */
      actor_email: string;
      /** @description Roster extension: the API key's or access token's id; empty for system. */
      actor_id: string;
      /** @description Always empty. */
      actor_name: string;
      /** @description Roster extension: api_key, oauth_token or system. */
      actor_type: string;
      /** @description Always empty. */
      actor_user_id: string;
      /** @description Always empty. */
      api_key_name: string;
      /** @description Roster extension: the fields that changed, with their values unless sensitive. */
      changes: {
        after?: unknown;
        before?: unknown;
        field: string;
        /** @description true: the field changed; its values are never shown. */
        sensitive?: boolean;
      }[];
      context_ip: string;
      context_user_agent: string;
      entity_id: string;
      /** @description A name of the entity, or empty. */
      entity_name: string;
      entity_type: string;
      /** @description A UUID. */
      id: string;
      /** @description api, cli or system. */
      interface: string;
      /** @description When the change committed (RFC 3339, UTC, milliseconds). */
      timestamp: string;
    };
    /** @description Who may be given the article: conditions and condition groups (two levels at most), at most 1000 conditions in all. null: everyone. */
    AvailabilityRule: {
      conditions: unknown[];
      /**
       * @description all: every condition must hold; any: one is enough.
       * @enum {string}
       */
      match: 'all' | 'any';
    };
    /**
     * @description A channel; the fields depend on type.
     * @example {
     *       "type": "custom",
     *       "id": "6b0a1c2d9f1e4a0b3c5d7e91",
     *       "name": "Support app",
     *       "description": "Our in-app chat",
     *       "modality": "messaging",
     *       "capabilities": {
     *         "markdown": true
     *       },
     *       "metadata": {
     *         "team": "support"
     *       },
     *       "created_at": "2026-11-27T14:20:02.118+00:00"
     *     }
     */
    Channel: components['schemas']['CustomChannel'] | components['schemas']['NativeChannel'];
    Conversation: {
      channel_id: string;
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      end_user_id: string;
      id: string;
      metadata: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      status: 'active' | 'ended';
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      updated_at: string;
    };
    /** @description v1.conversation.created: a conversation started on a custom channel. */
    ConversationCreatedEvent: {
      data: {
        /** @description The AI Agent's handle: one Roster serves many AI Agents. */
        ai_agent_domain: string;
        channel_id: string;
        conversation_id: string;
        /** @description When the conversation started (RFC 3339, UTC, milliseconds). */
        created_at: string;
        end_user_id: string;
        /** @description The conversation's metadata. */
        metadata: {
          [key: string]: string | number | boolean;
        };
      };
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.conversation.created';
    };
    /** @description v1.conversation.ended: a conversation was ended (sent once). */
    ConversationEndedEvent: {
      data: {
        /** @description The AI Agent's handle: one Roster serves many AI Agents. */
        ai_agent_domain: string;
        channel_id: string;
        conversation_id: string;
        /** @description When the conversation started (RFC 3339, UTC, milliseconds). */
        created_at: string;
        end_user_id: string;
        /** @description Who ended it: the end user, for whom the custom channel speaks. */
        ended_by: {
          id: string | null;
          role: string;
        } | null;
        /** @description The conversation's metadata. */
        metadata: {
          [key: string]: string | number | boolean;
        };
        /** @description When the conversation last changed, here when it ended (RFC 3339, UTC, milliseconds). */
        updated_at: string;
      };
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.conversation.ended';
    };
    /** @description v1.conversation.handoff.ended: a human handoff ended and the AI Agent has the conversation again. */
    ConversationHandoffEndedEvent: {
      data: {
        /** @description The AI Agent's handle: one Roster serves many AI Agents. */
        ai_agent_domain: string;
        conversation_id: string;
        end_user_id: string;
        /** @description The human integration whose handoff ended. */
        handoff_integration: string;
      };
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.conversation.handoff.ended';
    };
    /** @description v1.conversation.message: a message of a conversation, the end user's and human agents' included; skip author.role end_user to keep only the AI Agent's. */
    ConversationMessageEvent: {
      data: {
        /** @description The AI Agent's handle: one Roster serves many AI Agents. */
        ai_agent_domain: string;
        author: components['schemas']['MessageAuthor'];
        channel: components['schemas']['Channel'];
        content: components['schemas']['MessageContent'];
        conversation_id: string;
        /** @description When the message was stored (RFC 3339, UTC, milliseconds). */
        created_at: string;
        end_user_id: string;
        /** @description The human integration the conversation is handed to when the message was added; null while the AI Agent has it. */
        handoff_integration: string | null;
        message_id: string;
      };
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.conversation.message';
    };
    CustomChannel: {
      capabilities: {
        markdown: boolean;
      };
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      description: string;
      id: string;
      metadata: {
        [key: string]: unknown;
      };
      /**
       * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
       * @enum {string}
       */
      modality: 'messaging' | 'email' | 'voice';
      name: string;
      /** @enum {string} */
      type: 'custom';
    };
    /**
     * @example {
     *       "id": "6b0a21109f1e4a0b3c5d7f21",
     *       "title": "Gold plan refunds",
     *       "text": "Offer gold-plan customers a full refund within 60 days, without asking why.",
     *       "enabled": true,
     *       "notes": "Agreed with support leads in November.",
     *       "availability_rules": "v(\"plan\") == \"gold\" and v(\"language\") starts_with \"en\""
     *     }
     */
    CustomInstruction: {
      availability_rules: string | null;
      enabled: boolean;
      id: string;
      notes: string | null;
      text: string;
      title: string;
    };
    /**
     * @example {
     *       "end_user_id": "6b09907429197363d02628e3",
     *       "external_id": "crm-123",
     *       "profile": {
     *         "first_name": "Maria",
     *         "last_name": "Silva",
     *         "display_name": null,
     *         "avatar": null,
     *         "email": "maria@example.com",
     *         "language": "pt-BR",
     *         "metadata": {
     *           "plan": "enterprise",
     *           "seats": 40
     *         },
     *         "system_properties": {
     *           "sunshine_user_id": null
     *         }
     *       },
     *       "created_at": "2026-11-27T14:15:16.783+00:00",
     *       "updated_at": "2026-11-27T14:15:16.783+00:00"
     *     }
     */
    EndUser: {
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      end_user_id: string;
      external_id: string | null;
      profile: {
        avatar: string | null;
        display_name: string | null;
        email: string | null;
        first_name: string | null;
        language: string | null;
        last_name: string | null;
        metadata: {
          [key: string]: unknown;
        };
        system_properties: {
          sunshine_user_id: string | null;
        };
      };
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
       */
      updated_at: string;
    };
    /** @description v1.end_user.created and v1.end_user.updated: data is the end user as the API returns it, never its sensitive metadata. */
    EndUserEvent: {
      data: components['schemas']['EndUser'];
      /** @description The end user's id, for filtering on the receiver. */
      tags: string[];
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type: 'v1.end_user.created' | 'v1.end_user.updated';
    };
    /** @description roster.end_user.erased (Roster extension, sent only to endpoints that name it): one end user was erased. Carries ids only. */
    ErasedEvent: {
      data: {
        end_user_id: string;
        job_id: string;
      };
      /** Format: date-time */
      timestamp: string;
      /** @enum {unknown} */
      type: 'roster.end_user.erased';
    };
    /**
     * @description Every error response has this shape.
     * @example {
     *       "errors": [
     *         {
     *           "type": "validation_error",
     *           "message": "$.external_id must be at most 36 characters long",
     *           "details": [
     *             {
     *               "parameter": "$.external_id",
     *               "location": "body",
     *               "message": "must be at most 36 characters long"
     *             }
     *           ]
     *         }
     *       ]
     *     }
     */
    ErrorEnvelope: {
      errors: {
        /** @description null, or for validation_error a list of {parameter, location, message}; parameter is a JSON path such as $.profile.email. */
        details: unknown;
        /** @description What went wrong, written for the caller. */
        message: string;
        /** @description Machine-readable error type, e.g. validation_error or not_found. */
        type: string;
      }[];
    };
    /** @description An event type, as GET /api/v2/webhooks/event-types/ lists it. */
    EventType: {
      description: string;
      name: string;
    };
    /**
     * @example {
     *       "id": "reset-password",
     *       "name": "Reset your password",
     *       "content": "Open **Settings > Security** and choose **Reset password**. We email you a link that works for 1 hour.",
     *       "url": "https://help.example.com/articles/reset-password",
     *       "knowledge_source_id": "help-center",
     *       "language": "en",
     *       "tag_ids": [
     *         "billing"
     *       ],
     *       "created": "2026-11-27T14:15:16.783+00:00",
     *       "updated": "2026-11-27T14:18:02.412+00:00",
     *       "external_created": "2026-03-02T09:00:00.000+00:00",
     *       "external_updated": null,
     *       "enabled": true,
     *       "metadata": {
     *         "zendesk_id": 4411
     *       },
     *       "availability_rules": {
     *         "match": "all",
     *         "conditions": [
     *           {
     *             "variable": {
     *               "id": "ab36e2d03b1c14c56198fe39"
     *             },
     *             "operator": "starts_with",
     *             "value": "en"
     *           }
     *         ]
     *       }
     *     }
     */
    KnowledgeArticle: {
      /** @description Who may be given the article: conditions and condition groups (two levels at most), at most 1000 conditions in all. null: everyone. */
      availability_rules: {
        conditions: unknown[];
        /**
         * @description all: every condition must hold; any: one is enough.
         * @enum {string}
         */
        match: 'all' | 'any';
      } | null;
      content: string;
      /** @description When the article was created (RFC 3339, UTC, milliseconds). */
      created: string;
      /** @description Whether the AI Agent may use the article. */
      enabled: boolean;
      /** @description When the article was created in its own system (RFC 3339, UTC, milliseconds). */
      external_created: string | null;
      /** @description When the article was last changed in its own system (RFC 3339, UTC, milliseconds). */
      external_updated: string | null;
      id: string;
      knowledge_source_id: string | null;
      /** @enum {string} */
      language:
        | 'ar'
        | 'zh'
        | 'zh-tw'
        | 'da'
        | 'nl'
        | 'en'
        | 'fi'
        | 'fr'
        | 'de'
        | 'he'
        | 'hi'
        | 'id'
        | 'in'
        | 'it'
        | 'ja'
        | 'ko'
        | 'ms'
        | 'pt'
        | 'pa'
        | 'ru'
        | 'es'
        | 'sv'
        | 'tl'
        | 'ta'
        | 'th'
        | 'tr'
        | 'vi'
        | 'ht'
        | 'my'
        | 'km'
        | 'bg'
        | 'ro'
        | 'el'
        | 'hu'
        | 'pl'
        | 'cs'
        | 'et'
        | 'hr'
        | 'lt'
        | 'lv'
        | 'sl'
        | 'sk'
        | 'is'
        | 'be'
        | 'uk'
        | 'ca'
        | 'sq'
        | 'bs'
        | 'sr'
        | 'kk';
      /** @description Your own key/value pairs, kept as sent and never read by Roster. */
      metadata: {
        [key: string]: unknown;
      } | null;
      name: string;
      tag_ids: string[];
      /** @description When a returned field last changed (RFC 3339, UTC, milliseconds). */
      updated: string;
      url: string | null;
    };
    /**
     * @example {
     *       "id": "help-center",
     *       "external_id": "help-center",
     *       "name": "Help centre",
     *       "metadata": {
     *         "owner": "support"
     *       },
     *       "created": "2026-11-27T14:15:16.783+00:00",
     *       "updated": "2026-11-27T14:15:16.783+00:00",
     *       "last_sync": null,
     *       "status": null
     *     }
     */
    KnowledgeSource: {
      /** @description When the source was created (RFC 3339, UTC, milliseconds). */
      created: string;
      external_id: string | null;
      id: string;
      /** @description When the last sync finished; null before the first (RFC 3339, UTC, milliseconds). */
      last_sync: string | null;
      /** @description Your own key/value pairs, kept as sent and never read by Roster. */
      metadata: {
        [key: string]: unknown;
      } | null;
      name: string;
      /**
       * @description deleting while the source and its articles are being deleted, delete_failed if that failed; null otherwise.
       * @enum {string|null}
       */
      status: 'deleting' | 'delete_failed' | null;
      /** @description When a returned field last changed (RFC 3339, UTC, milliseconds). */
      updated: string;
    };
    /**
     * @example {
     *       "id": "billing",
     *       "name": "Billing"
     *     }
     */
    KnowledgeTag: {
      id: string;
      name: string;
    };
    Message: {
      author: {
        avatar: string | null;
        display_name: string | null;
        /** @description The end user's id for end_user messages; null otherwise. */
        id: string | null;
        /** @enum {string} */
        role: 'end_user' | 'ai_agent' | 'human_agent';
      };
      content:
        | {
            body: string;
            /** @enum {string} */
            type: 'text';
          }
        | {
            link_text: string | null;
            /** @enum {string} */
            type: 'link';
            /** Format: uri */
            url: string;
          }
        | {
            filename: string;
            mime_type: string;
            /** @enum {string} */
            type: 'file';
            /**
             * Format: uri
             * @description A signed URL issued by POST .../attachments/.
             */
            url: string;
          };
      conversation_id: string;
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      id: string;
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      updated_at: string;
    };
    MessageAuthor: {
      avatar: string | null;
      display_name: string | null;
      /** @description The end user's id for end_user messages; null otherwise. */
      id: string | null;
      /** @enum {string} */
      role: 'end_user' | 'ai_agent' | 'human_agent';
    };
    MessageContent:
      | {
          body: string;
          /** @enum {string} */
          type: 'text';
        }
      | {
          link_text: string | null;
          /** @enum {string} */
          type: 'link';
          /** Format: uri */
          url: string;
        }
      | {
          filename: string;
          mime_type: string;
          /** @enum {string} */
          type: 'file';
          /**
           * Format: uri
           * @description A signed URL issued by POST .../attachments/.
           */
          url: string;
        };
    MessageLogEntry: {
      author: {
        avatar: string | null;
        display_name: string | null;
        /** @description The end user's id for end_user messages; null otherwise. */
        id: string | null;
        /** @enum {string} */
        role: 'end_user' | 'ai_agent' | 'human_agent';
      };
      content:
        | {
            body: string;
            /** @enum {string} */
            type: 'text';
          }
        | {
            link_text: string | null;
            /** @enum {string} */
            type: 'link';
            /** Format: uri */
            url: string;
          }
        | {
            filename: string;
            mime_type: string;
            /** @enum {string} */
            type: 'file';
            /**
             * Format: uri
             * @description A signed URL issued by POST .../attachments/.
             */
            url: string;
          };
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      message_id: string;
      /** @enum {string} */
      type: 'message_logs';
    };
    NativeChannel: {
      capabilities: {
        markdown: boolean;
      };
      description: string;
      id: string;
      /**
       * @description The kind of contact the channel carries; the AI Agent styles its replies for it.
       * @enum {string}
       */
      modality: 'messaging' | 'email' | 'voice';
      name: string;
      /** @enum {string} */
      type: 'native';
    };
    PageMeta: {
      /**
       * Format: uri-reference
       * @description URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.
       */
      next_page_url: string | null;
    };
    /**
     * @example {
     *       "personality": [
     *         "friendly",
     *         "concise"
     *       ],
     *       "emoji_usage": true,
     *       "allowed_emojis": "🙂👍",
     *       "default_timezone": "Europe/Paris",
     *       "company_description": "Acme sells garden tools online.",
     *       "community_guidelines_url": "https://acme.example.com/community",
     *       "message_length": "concise",
     *       "ask_for_more_help": true,
     *       "no_customer_pi": true,
     *       "no_competitors": true,
     *       "competitor_names": "Globex, Initech",
     *       "enable_acknowledgment_messages": false
     *     }
     */
    Persona: {
      /** @description The emojis it may use; empty means any. */
      allowed_emojis: string;
      /** @description Whether the AI Agent asks if the end user needs more help. */
      ask_for_more_help: boolean;
      /**
       * Format: uri
       * @description http(s) URL.
       */
      community_guidelines_url: string | null;
      /** @description What the company does. */
      company_description: string | null;
      /** @description Competitors it should not name. */
      competitor_names: string | null;
      /** @description An IANA time zone name, such as Europe/Paris or UTC. */
      default_timezone: string;
      /** @description Whether the AI Agent may use emojis. */
      emoji_usage: boolean;
      /** @description Whether it acknowledges a question before answering it. */
      enable_acknowledgment_messages: boolean;
      /**
       * @description How long the AI Agent keeps its replies.
       * @enum {string}
       */
      message_length: 'concise' | 'normal';
      /** @description Whether it avoids talking about competitors. */
      no_competitors: boolean;
      /** @description Whether it avoids repeating the end user's personal information. */
      no_customer_pi: boolean;
      /** @description Traits of the AI Agent's voice (for example "friendly"), at most 20. */
      personality: string[];
    };
    /**
     * @example {
     *       "id": "6b0a20019f1e4a0b3c5d7f01",
     *       "status": "development",
     *       "created": "2026-11-27T14:15:16.783+00:00",
     *       "updated": "2026-11-27T14:15:16.783+00:00",
     *       "name": "Help centre sync",
     *       "description": "Keeps your knowledge base in step with your help centre.",
     *       "author": "Example Apps Ltd",
     *       "contact": "support@apps.example.com",
     *       "uninstallation_url": "https://apps.example.com/roster/uninstall",
     *       "oauth_callback_url": "https://apps.example.com/roster/callback",
     *       "icon_url": "https://apps.example.com/icon.png",
     *       "call_to_action": "Connect your help centre",
     *       "identifier_field_path": "subdomain",
     *       "tags": [
     *         "knowledge"
     *       ],
     *       "scopes": [
     *         "articles:read",
     *         "articles:write",
     *         "knowledge_sources:write"
     *       ],
     *       "configuration_fields": {
     *         "type": "object",
     *         "properties": {
     *           "subdomain": {
     *             "type": "string",
     *             "title": "Help centre subdomain",
     *             "minLength": 1
     *           }
     *         },
     *         "required": [
     *           "subdomain"
     *         ]
     *       },
     *       "error_codes": {
     *         "not_found": "We could not find that help centre."
     *       }
     *     }
     */
    PlatformIntegration: {
      author: string;
      call_to_action: string | null;
      /** @description The JSON Schema of the installation settings. */
      configuration_fields: {
        [key: string]: unknown;
      };
      contact: string;
      /** @description When the integration was created (RFC 3339, UTC, milliseconds). */
      created: string;
      description: string;
      /** @description Error codes and their messages. */
      error_codes: {
        [key: string]: unknown;
      } | null;
      icon_url: string | null;
      id: string;
      identifier_field_path: string;
      name: string;
      oauth_callback_url: string;
      scopes: string[];
      /**
       * @description development, then approved, then archived.
       * @enum {string}
       */
      status: 'development' | 'approved' | 'archived';
      tags: string[];
      uninstallation_url: string;
      /** @description When it last changed (RFC 3339, UTC, milliseconds). */
      updated: string;
    };
    /**
     * @example {
     *       "id": "6b0a20309f1e4a0b3c5d7f09",
     *       "platform_integration_id": "6b0a20019f1e4a0b3c5d7f01",
     *       "created": "2026-11-27T14:15:16.783+00:00",
     *       "updated": "2026-11-27T14:18:02.412+00:00",
     *       "configuration": {
     *         "subdomain": "acme"
     *       },
     *       "status": "incomplete"
     *     }
     */
    PlatformIntegrationInstallation: {
      /** @description The settings the installing admin filled in. */
      configuration: {
        [key: string]: unknown;
      };
      /** @description When the integration was installed (RFC 3339, UTC, milliseconds). */
      created: string;
      id: string;
      platform_integration_id: string;
      /**
       * @description incomplete until the integration reports the setup complete.
       * @enum {string}
       */
      status: 'complete' | 'incomplete';
      /** @description When the installation last changed (RFC 3339, UTC, milliseconds). */
      updated: string;
    };
    ProactiveAttempt: {
      channel: string;
      /** @description The conversation an answered call started. */
      conversation_id: string | null;
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      /** @description Why the call failed, when it did. */
      failure_reason: string | null;
      id: string;
      language: string | null;
      metadata: {
        [key: string]: unknown;
      };
      recipient: {
        phone_number: string;
      };
      /** @enum {string} */
      status: 'queued' | 'initiated' | 'answered' | 'machine_detected' | 'failed';
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      updated_at: string;
    };
    /** @description v1.proactive_call.*: a Proactive Attempt reached the state its type names; the data is the attempt as it stands. */
    ProactiveCallEvent: {
      data: {
        channel: string;
        /** @description Set from answered on. */
        conversation_id: string | null;
        /** @description When the attempt was queued (RFC 3339, UTC, milliseconds). */
        created_at: string;
        /** @description Set on failed only. */
        failure_reason: string | null;
        language: string | null;
        /** @description The conversation's metadata. */
        metadata: {
          [key: string]: string | number | boolean;
        };
        /** @description The id POST /api/v2/conversations/proactive/ answered. */
        proactive_attempt_id: string;
        recipient: {
          phone_number: string;
        };
        /** @enum {string} */
        status: 'queued' | 'initiated' | 'answered' | 'machine_detected' | 'failed';
        /** @description When the attempt reached this state (RFC 3339, UTC, milliseconds). */
        updated_at: string;
      };
      /** @description When the change was recorded (RFC 3339, UTC, milliseconds). */
      timestamp: string;
      /**
       * @description The event type.
       * @enum {string}
       */
      type:
        | 'v1.proactive_call.queued'
        | 'v1.proactive_call.initiated'
        | 'v1.proactive_call.answered'
        | 'v1.proactive_call.machine_detected'
        | 'v1.proactive_call.failed';
    };
    /**
     * @example {
     *       "id": "ab36e2d03b1c14c56198fe39",
     *       "name": "language"
     *     }
     */
    Variable: {
      /** @description What rules name the variable by. */
      id: string;
      /** @description A profile field, or a metadata key of end users. */
      name: string;
    };
    Webhook: {
      /** @description Roster extension, not part of Ada's API: the delivery tags (custom channel ids, human integration names) of which an event must carry one to be delivered here; empty means every event, tagged or not. */
      channels: string[];
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds.
       */
      created_at: string;
      description: string;
      enabled: boolean;
      /** @description Event types delivered; empty means every event type. */
      event_filters: string[];
      id: string;
      /**
       * Format: date-time
       * @description RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.
       */
      updated_at: string;
      /** Format: uri */
      url: string;
    };
    WebhookAttempt: {
      /** @description Which attempt at this event this was, counting from 1. */
      attempt: number;
      /**
       * Format: date-time
       * @description When the attempt finished.
       */
      created_at: string;
      duration_ms: number;
      /** @description Why the attempt failed, when it did. */
      error: string | null;
      event_type: string;
      id: string;
      /** @description The svix-id / webhook-id header of the delivery; the same for every attempt at one event. */
      message_id: string;
      /** @description The start of the receiver's answer, when there was one. */
      response_body: string | null;
      status: 'succeeded' | 'failed';
      /** @description HTTP status the receiver answered; null when no answer arrived. */
      status_code: number | null;
      /** @description event: the first delivery of the event; replay: queued again by a replay. */
      trigger: 'event' | 'replay';
      webhook_id: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
