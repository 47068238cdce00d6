import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.js';
import { cursorOf, nextPageUrl } from './pagination.js';

const ID = '65f0c0ffee00000000000001';

describe('cursorOf', () => {
  it('is null without a cursor', () => {
    expect(cursorOf(undefined)).toBeNull();
  });

  it('returns the canonical lowercase id', () => {
    expect(cursorOf(ID)).toBe(ID);
    expect(cursorOf(ID.toUpperCase())).toBe(ID);
  });

  it.each(['', 'abc', ID.slice(1), `${ID}0`, `${ID.slice(1)}g`])(
    'rejects %j as a query validation_error on $.cursor',
    (cursor) => {
      let caught: unknown;
      try {
        cursorOf(cursor);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      const error = caught as AppError;
      expect(error.status).toBe(400);
      expect(error.type).toBe('validation_error');
      expect(error.details).toEqual([{ parameter: '$.cursor', location: 'query', message: expect.any(String) }]);
    },
  );
});

describe('nextPageUrl', () => {
  const request = (url: string, protocol = 'http', host = 'localhost:8080') =>
    ({ url, protocol, host }) as FastifyRequest;

  it('is null on the last page', () => {
    expect(nextPageUrl(request('/api/v2/end-users/'), null)).toBeNull();
  });

  it('keeps scheme, host and path and adds the cursor', () => {
    expect(nextPageUrl(request('/api/v2/end-users/'), ID)).toBe(`http://localhost:8080/api/v2/end-users/?cursor=${ID}`);
    expect(nextPageUrl(request('/api/v2/end-users', 'https', 'roster.example.com'), ID)).toBe(
      `https://roster.example.com/api/v2/end-users?cursor=${ID}`,
    );
  });

  it('replaces an earlier cursor and keeps limit', () => {
    const url = nextPageUrl(request('/api/v2/end-users/?limit=2&cursor=65f0c0ffee00000000000000'), ID);
    expect(url).toBe(`http://localhost:8080/api/v2/end-users/?cursor=${ID}&limit=2`);
  });
});
