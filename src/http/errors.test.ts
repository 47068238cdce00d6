import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable } from '../db/errors.js';
import { toAppError } from './errors.js';

describe('toAppError', () => {
  it('answers a body that failed to parse as bad_request', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token } in JSON at position 4'), { statusCode: 400 });
    expect(toAppError(parseError).type).toBe('bad_request');
  });

  it('keeps a server-side SyntaxError an internal error, without its text', () => {
    const bug = new SyntaxError('Unexpected token in JSON at position 0');
    const appError = toAppError(bug);
    expect(appError.type).toBe('internal_error');
    expect(appError.message).not.toContain('JSON');
  });

  it('does not take a client that hung up for a database outage', () => {
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    expect(toAppError(reset).type).toBe('bad_request');
  });

  it('answers an unreachable database as service_unavailable with Retry-After', () => {
    const refused = new DatabaseUnavailable('the database connection failed: ECONNREFUSED');
    const appError = toAppError(refused);
    expect(appError.type).toBe('service_unavailable');
    expect(appError.status).toBe(503);
    expect(appError.headers['retry-after']).toBe('1');
  });
});
