// Request validation: two Ajv instances, because bodies must be taken exactly as sent (a number
// is never turned into a string) while query strings and path parameters arrive as text and
// need coercion. Ajv's errors are rewritten into Roster's validation_error details.
import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse as parseLanguageTag } from 'bcp-47';
import type { FastifySchemaCompiler } from 'fastify';
import type { ParameterLocation, ValidationDetail } from '../lib/errors.js';
import { validationError, type AppError } from '../lib/errors.js';
import { describeSchemaError, jsonMember, jsonPath } from '../lib/schema-errors.js';
import { UNSTORABLE, UNSTORABLE_MESSAGE } from '../lib/storable-text.js';

export function isWellFormedLanguageTag(tag: string): boolean {
  let warned = false;
  const parsed = parseLanguageTag(tag, {
    normalize: false,
    warning: () => {
      warned = true;
    },
  });
  return !warned && Boolean(parsed.language || parsed.privateuse.length > 0 || parsed.irregular || parsed.regular);
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    verbose: true,
    strict: false,
    // `strict: false` turns this off too; NaN and Infinity are never numbers on the wire.
    strictNumbers: true,
  });
  // ajv-formats is CommonJS: its function is the default export's default.
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default(ajv);
  ajv.addFormat('bcp47', { type: 'string', validate: isWellFormedLanguageTag });
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);

// Ajv's coercion reads any text JavaScript takes for a number ("1e1", "0x10", " 5", "10.0"); an
// integer in a query string or path must be plain decimal digits, anything else is a 400.
const DECIMAL_INTEGER = /^-?[0-9]+$/;

type CompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

type SchemaNode =
  { properties?: Record<string, SchemaNode>; additionalProperties?: unknown; items?: SchemaNode } | undefined;

/** The instance path of the first declared string (or free-form key) that cannot be stored, or null. */
function unstorablePath(value: unknown, schema: SchemaNode, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    const items = schema?.items;
    for (let i = 0; i < value.length && items; i++) {
      const found = unstorablePath(value[i], items, `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object' || !schema) return null;
  const free =
    typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaNode) : undefined;
  for (const [key, child] of Object.entries(value)) {
    const declared = schema.properties?.[key];
    const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!declared && free && UNSTORABLE.test(key)) return childPath;
    const found = unstorablePath(child, declared ?? free, childPath);
    if (found !== null) return found;
  }
  return null;
}

function withStorableStrings(validate: CompiledValidator, schema: SchemaNode): CompiledValidator {
  const checked: CompiledValidator = (data) => {
    const ok = validate(data);
    checked.errors = validate.errors;
    if (!ok) return false;
    const path = unstorablePath(data, schema, '');
    if (path === null) return true;
    checked.errors = [
      { instancePath: path, schemaPath: '#', keyword: 'encoding', params: {}, message: UNSTORABLE_MESSAGE },
    ];
    return false;
  };
  return checked;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  const compiled = ajv.compile(schema as object) as CompiledValidator;
  // Path parameters are left alone: an id that is not 24 hex characters is answered 404.
  const validate = httpPart === 'params' ? compiled : withStorableStrings(compiled, schema as SchemaNode);
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  const integers = httpPart === 'body' ? [] : Object.keys(properties).filter((k) => properties[k]?.type === 'integer');
  if (integers.length === 0) return validate as ReturnType<FastifySchemaCompiler<unknown>>;
  const checked: CompiledValidator = (data) => {
    for (const key of integers) {
      const value = (data as Record<string, unknown> | null)?.[key];
      if (typeof value === 'string' && !DECIMAL_INTEGER.test(value)) {
        checked.errors = [
          {
            instancePath: `/${key}`,
            schemaPath: `#/properties/${key}/type`,
            keyword: 'type',
            params: { type: 'integer' },
            parentSchema: properties[key],
          },
        ];
        return false;
      }
    }
    const ok = validate(data);
    checked.errors = validate.errors;
    return ok;
  };
  return checked as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** Shared schemas referenced by $ref must be known to both Ajv instances. */
export function addSharedSchema(schema: { $id?: string }): void {
  const id = schema.$id;
  if (id === undefined) throw new Error('a shared schema needs an $id');
  for (const ajv of [bodyAjv, textAjv]) if (!ajv.getSchema(id)) ajv.addSchema(schema);
}

const LOCATIONS: Record<string, ParameterLocation> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Turns Ajv's errors for one request part into a validation_error. */
export function toValidationError(errors: ErrorObject[], context: string): AppError {
  const location = LOCATIONS[context] ?? 'body';
  const details: ValidationDetail[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i] as ErrorObject;
    // An if/then/else schema reports the failed branch's own errors, then "must match then": the
    // first say what is wrong.
    if (error.keyword === 'if') continue;
    // A bad key reported under propertyNames arrives as two errors: the key's own failure (with
    // propertyName) followed by the propertyNames summary. Report the key with its reason.
    const key = error.propertyName;
    let detail: { path: string; message: string };
    if (key !== undefined && error.keyword !== 'propertyNames') {
      const reason = describeSchemaError(error).message;
      detail = {
        path: jsonPath(error.instancePath) + jsonMember(key),
        message:
          error.keyword === 'minLength'
            ? 'is an empty key; keys must not be empty'
            : `is not an allowed key: keys ${reason}`,
      };
    } else if (error.keyword === 'propertyNames' && details.length > 0) {
      continue;
    } else {
      detail = describeSchemaError(error);
    }
    const id = `${detail.path} ${detail.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    details.push({ parameter: detail.path, location, message: detail.message });
  }
  return validationError(details);
}
