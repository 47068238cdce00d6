import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { type AppError } from '../lib/errors.js';
import { CreateEndUserBody, PatchEndUserBody } from '../modules/end-users/end-users.schemas.js';
import { isWellFormedLanguageTag, toValidationError, validatorCompiler } from './validation.js';

describe('isWellFormedLanguageTag', () => {
  it.each([
    'en',
    'en-US',
    'pt-BR',
    'zh-Hant-TW',
    'es-419',
    'de-CH-1901',
    'en-US-u-ca-gregory',
    'sr-Latn-RS',
    'EN-us',
    'qaa',
    'x-private',
    'en-x-custom',
    'i-klingon',
    'sgn-BE-FR',
  ])('accepts %j', (tag) => {
    expect(isWellFormedLanguageTag(tag)).toBe(true);
  });

  it.each([
    '',
    ' ',
    'e',
    '123',
    'en_US',
    'en-',
    '-en',
    'en--US',
    'en US',
    'en-US-',
    'toolonglanguage',
    'zh-Hant-Hans',
    'en-a',
    'x',
    'en-US ',
    '日本',
  ])('rejects %j', (tag) => {
    expect(isWellFormedLanguageTag(tag)).toBe(false);
  });
});

/** Validates `data` the way Fastify does for `httpPart` and returns the resulting validation_error. */
function errorFor(schema: unknown, data: unknown, httpPart = 'body'): AppError {
  const validate = validatorCompiler({ schema, httpPart, method: 'POST', url: '/' } as never) as unknown as {
    (value: unknown): boolean;
    errors?: ErrorObject[] | null;
  };
  const ok = validate(data);
  if (ok || !validate.errors) throw new Error(`${JSON.stringify(data)} passed validation`);
  return toValidationError(validate.errors, httpPart);
}

function firstDetail(schema: unknown, data: unknown, httpPart = 'body') {
  const error = errorFor(schema, data, httpPart);
  expect(error.type).toBe('validation_error');
  expect(error.status).toBe(400);
  return (error.details as Array<{ parameter: string; location: string; message: string }>)[0]!;
}

describe('toValidationError with the end user schemas', () => {
  it('names a bad metadata value by its JSON path', () => {
    const detail = firstDetail(CreateEndUserBody, { profile: { metadata: { plan: 1.5 } } });
    expect(detail).toEqual({
      parameter: '$.profile.metadata.plan',
      location: 'body',
      message: expect.stringMatching(/integer/),
    });
  });

  it('uses the bracket form for keys that are not identifiers', () => {
    expect(firstDetail(CreateEndUserBody, { profile: { metadata: { 'key with space': [] } } }).parameter).toBe(
      '$.profile.metadata["key with space"]',
    );
    expect(firstDetail(CreateEndUserBody, { profile: { metadata: { '9lives': {} } } }).parameter).toBe(
      '$.profile.metadata["9lives"]',
    );
    expect(firstDetail(CreateEndUserBody, { profile: { metadata: { 'a.b': 0.5 } } }).parameter).toBe(
      '$.profile.metadata["a.b"]',
    );
    expect(firstDetail(CreateEndUserBody, { profile: { metadata: { 'say "hi"': 0.5 } } }).parameter).toBe(
      '$.profile.metadata["say \\"hi\\""]',
    );
  });

  it('unescapes JSON pointer characters in keys', () => {
    expect(firstDetail(CreateEndUserBody, { profile: { metadata: { 'a/b~c': 0.5 } } }).parameter).toBe(
      '$.profile.metadata["a/b~c"]',
    );
  });

  it('names a missing required field', () => {
    const detail = firstDetail(PatchEndUserBody, {});
    expect(detail.parameter).toBe('$.profile');
    expect(detail.message).toBe('is required');
  });

  it('names a too-long or malformed field with a readable message', () => {
    const long = firstDetail(CreateEndUserBody, { external_id: 'x'.repeat(37) });
    expect(long).toEqual({
      parameter: '$.external_id',
      location: 'body',
      message: 'must be at most 36 characters long',
    });
    expect(firstDetail(CreateEndUserBody, { external_id: '<b>' }).message).toBe('must not contain < or >');
    expect(firstDetail(CreateEndUserBody, { external_id: '' }).message).toBe('must not be empty');
    const language = firstDetail(CreateEndUserBody, { profile: { language: 'en_US' } });
    expect(language.parameter).toBe('$.profile.language');
    expect(language.message).toMatch(/BCP 47/);
    expect(firstDetail(CreateEndUserBody, { profile: { email: 5 } }).message).toBe('must be a string or null');
  });

  it('rejects metadata integers outside the safe range', () => {
    const detail = firstDetail(CreateEndUserBody, { profile: { metadata: { big: 2 ** 53 } } });
    expect(detail.parameter).toBe('$.profile.metadata.big');
    expect(detail.message).toMatch(/9,007,199,254,740,991/);
  });

  it('reports an empty metadata key once, naming the key', () => {
    const error = errorFor(CreateEndUserBody, { profile: { metadata: { '': 'x' } } });
    expect(error.details).toEqual([
      { parameter: '$.profile.metadata[""]', location: 'body', message: 'is an empty key; keys must not be empty' },
    ]);
  });

  it('reports a sensitive key that breaks the key pattern', () => {
    const error = errorFor(CreateEndUserBody, { profile: { sensitive_metadata: { fields: { 'bad key': 'x' } } } });
    const details = error.details as Array<{ parameter: string; message: string }>;
    expect(details).toHaveLength(1);
    expect(details[0]!.parameter).toBe('$.profile.sensitive_metadata.fields["bad key"]');
    expect(details[0]!.message).toMatch(/^is not an allowed key: keys must be 1 to 128 letters/);
  });

  it('reports array items with an index', () => {
    const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } };
    expect(firstDetail(schema, { tags: ['a', 2] }).parameter).toBe('$.tags[1]');
  });

  it('takes body values exactly as sent (no coercion)', () => {
    expect(firstDetail(CreateEndUserBody, { external_id: 123 }).message).toBe('must be a string or null');
  });
});

describe('toValidationError locations', () => {
  const query = {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      cursor: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
    },
  };

  it('maps querystring to query and coerces numbers', () => {
    const detail = firstDetail(query, { limit: '0' }, 'querystring');
    expect(detail).toEqual({ parameter: '$.limit', location: 'query', message: 'must be an integer from 1 to 100' });
    expect(firstDetail(query, { limit: 'ten' }, 'querystring').message).toBe('must be an integer');
    expect(firstDetail(query, { cursor: 'abc' }, 'querystring').message).toBe(
      'must be a record id of 24 hexadecimal characters',
    );
  });

  it('maps params to path and headers to header', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 3 } } };
    expect(firstDetail(schema, { id: 'abcd' }, 'params').location).toBe('path');
    expect(firstDetail(schema, { id: 'abcd' }, 'headers').location).toBe('header');
  });

  it('reports the root as $', () => {
    expect(firstDetail({ type: 'object' }, 'text')).toEqual({
      parameter: '$',
      location: 'body',
      message: 'must be an object',
    });
  });
});

describe('toValidationError messages', () => {
  it('quotes the field in the top-level message when there is one error', () => {
    const error = errorFor(CreateEndUserBody, { profile: { metadata: { plan: 1.5 } } });
    expect(error.message).toMatch(/^\$\.profile\.metadata\.plan /);
  });

  it('counts the fields when there are several', () => {
    const errors = [
      { keyword: 'type', instancePath: '/a', schemaPath: '', params: { type: 'string' } },
      { keyword: 'type', instancePath: '/b', schemaPath: '', params: { type: 'integer' } },
      { keyword: 'type', instancePath: '/b', schemaPath: '', params: { type: 'integer' } },
    ] as ErrorObject[];
    const error = toValidationError(errors, 'body');
    expect(error.details).toEqual([
      { parameter: '$.a', location: 'body', message: 'must be a string' },
      { parameter: '$.b', location: 'body', message: 'must be an integer' },
    ]);
    expect(error.message).toBe('The request has 2 invalid fields.');
  });
});
