// The JSON body parser every route uses. Two checks around Fastify's own parser (which keeps its
// __proto__ and constructor.prototype refusals):
// - nesting depth, counted on the raw text before anything is built: a 10 MiB body of nested
//   arrays otherwise holds the event loop for seconds (JSON.parse, then every recursive walk
//   after it), stalling every other client. No Roster schema nests deeper than a few levels;
//   32 leaves ample room. A flat body of any size within the body limit still parses.
// - non-finite numbers: JSON has none, but JSON.parse reads 1e400 as Infinity, which JSON then
//   stores as null. Such a number is refused wherever it appears, also in free-form metadata.
// Hand-written: secure-json-parse (Fastify's) has no depth bound, and a streaming parser would
// cost far more than one pass over the text.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, fieldError } from '../lib/errors.js';
import { jsonPath } from '../lib/schema-errors.js';

export const JSON_MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** True when the JSON text opens more than `max` arrays or objects inside one another. */
export function nestsDeeperThan(text: string, max: number = JSON_MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

/** The JSON Pointer of the first non-finite number in a parsed value, or null. */
export function nonFinitePointer(value: unknown, pointer = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : pointer;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinitePointer(value[i], `${pointer}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePointer(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found !== null) return found;
  }
  return null;
}

type Done = (error: Error | null, body?: unknown) => void;
type Parse = (request: FastifyRequest, body: string, done: Done) => void;

/**
 * A content-type parser body for application/json (parseAs: 'string') with both checks.
 * `emptyAsNone` makes an empty body count as no body (see optional-body.ts).
 */
export function checkedJsonParser(scope: FastifyInstance, emptyAsNone = false): Parse {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (emptyAsNone && body.length === 0) return done(null, undefined);
    if (nestsDeeperThan(body)) {
      return done(
        new AppError(
          'bad_request',
          `The request body nests arrays or objects more than ${JSON_MAX_DEPTH} levels deep; no request needs that many.`,
        ),
      );
    }
    void parseJson(request, body, (error: Error | null, parsed?: unknown) => {
      if (error) return done(error);
      const pointer = nonFinitePointer(parsed);
      if (pointer !== null) {
        return done(fieldError(jsonPath(pointer), 'is a number too large to represent; numbers must be finite'));
      }
      done(null, parsed);
    });
  };
}

/** Replaces the app's application/json parser with the checked one. */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = checkedJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parse(request, body as string, done),
  );
}
