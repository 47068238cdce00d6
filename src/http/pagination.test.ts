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

  it.each([
    'evil.example.com/phish?x=',
    'evil.example.com@good.example',
    'good.example:8080/x',
    'a b',
    'host:99999999',
    '',
  ])('gives a link without origin for the Host %j', (host) => {
    expect(nextPageUrl(request('/api/v2/end-users/?limit=2', 'http', host), ID)).toBe(
      `/api/v2/end-users/?cursor=${ID}&limit=2`,
    );
  });

  it('takes a plain host, an IPv6 literal and a port', () => {
    expect(nextPageUrl(request('/x', 'https', 'api.example.com:8443'), ID)).toBe(
      `https://api.example.com:8443/x?cursor=${ID}`,
    );
    expect(nextPageUrl(request('/x', 'http', '[::1]:8080'), ID)).toBe(`http://[::1]:8080/x?cursor=${ID}`);
  });

  it('never copies a protocol other than http or https', () => {
    const fake = {
      url: '/x',
      protocol: 'javascript',
      host: 'api.example.com',
      raw: { socket: {} },
    } as unknown as FastifyRequest;
    expect(nextPageUrl(fake, ID)).toBe(`http://api.example.com/x?cursor=${ID}`);
  });

  it('keeps only the path and query of an absolute-form request target', () => {
    expect(nextPageUrl(request('http://localhost:8080/api/v2/end-users/?limit=2'), ID)).toBe(
      `http://localhost:8080/api/v2/end-users/?cursor=${ID}&limit=2`,
    );
  });

  it('builds on ROSTER_PUBLIC_URL when it is set, whatever the Host', () => {
    const fake = {
      url: '/api/v2/end-users/?limit=2',
      protocol: 'http',
      host: 'evil.example.com',
      server: { publicUrl: 'https://roster.example.com/prefix' },
    } as unknown as FastifyRequest;
    expect(nextPageUrl(fake, ID)).toBe(`https://roster.example.com/prefix/api/v2/end-users/?cursor=${ID}&limit=2`);
  });
});
