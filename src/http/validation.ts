// Request validation: two Ajv instances, because bodies must be taken exactly as sent (a number
// is never turned into a string) while query strings and path parameters arrive as text and
// need coercion. Ajv's errors are rewritten into Roster's validation_error details.
import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse as parseLanguageTag } from 'bcp-47';
import type { FastifySchemaCompiler } from 'fastify';
import type { ParameterLocation, ValidationDetail } from '../lib/errors.js';
import { validationError, type AppError } from '../lib/errors.js';

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

// U+0000 cannot be stored in a PostgreSQL text column, and an unpaired UTF-16 surrogate has no
// UTF-8 form: both databases (and the encryption of sensitive values) would keep U+FFFD instead,
// so what is read back would differ from what was acknowledged, and two different external_ids
// could collide. Such strings are refused wherever the schema declares a field.
export const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_MESSAGE =
  'must not contain U+0000 or an unpaired UTF-16 surrogate (such text cannot be stored)';

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: unknown } | undefined;

/** The instance path of the first declared string (or free-form key) that cannot be stored, or null. */
function unstorablePath(value: unknown, schema: SchemaNode, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !schema) return null;
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

const PATTERN_MESSAGES: Record<string, string> = {
  '^[^<>]*$': 'must not contain < or >',
  '^[A-Za-z0-9_-]{1,128}$': 'must be 1 to 128 letters, digits, underscores or hyphens',
  '^[0-9a-fA-F]{24}$': 'must be a record id of 24 hexadecimal characters',
};

/** JSON Schema type names as the words error messages use. */
export const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** One step of a JSON path: `.key` for a plain name, `["key"]` otherwise. */
export function jsonMember(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** An Ajv instance path (/a/0/b) as a JSON path ($.a[0].b) below `root`. */
export function jsonPath(instancePath: string, root = '$'): string {
  if (instancePath === '') return root;
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return root + parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : jsonMember(part))).join('');
}

function describe(error: ErrorObject): { path: string; message: string } {
  const path = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const schemaType = (error.parentSchema as { type?: string | string[] } | undefined)?.type;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}.${String(params.missingProperty)}`, message: 'is required' };
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return { path, message: `must be ${listWords(types.map((t: string) => TYPE_WORDS[t] ?? t))}` };
    }
    case 'maxLength':
      return { path, message: `must be at most ${String(params.limit)} characters long` };
    case 'minLength':
      return {
        path,
        message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`,
      };
    case 'pattern':
      return {
        path,
        message: PATTERN_MESSAGES[String(params.pattern)] ?? `must match the pattern ${String(params.pattern)}`,
      };
    case 'format':
      return params.format === 'bcp47'
        ? { path, message: 'must be a well-formed BCP 47 language tag, such as en, en-US or pt-BR' }
        : { path, message: `must be a valid ${String(params.format)}` };
    case 'minimum':
    case 'maximum': {
      const parent = error.parentSchema as { minimum?: number; maximum?: number };
      const integerOnly = Array.isArray(schemaType) ? schemaType.includes('integer') : schemaType === 'integer';
      if (parent.minimum === Number.MIN_SAFE_INTEGER)
        return { path, message: 'must be an integer within ±9,007,199,254,740,991' };
      return {
        path,
        message: `must be ${integerOnly ? 'an integer' : 'a number'} from ${parent.minimum} to ${parent.maximum}`,
      };
    }
    case 'maxProperties':
      return { path, message: `must have at most ${String(params.limit)} keys` };
    case 'propertyNames':
      return { path, message: 'has an invalid key' };
    case 'enum':
      return {
        path,
        message: `must be one of ${listWords(((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)))}`,
      };
    case 'additionalProperties':
      return { path: `${path}.${String(params.additionalProperty)}`, message: 'is not allowed here' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

/** Turns Ajv's errors for one request part into a validation_error. */
export function toValidationError(errors: ErrorObject[], context: string): AppError {
  const location = LOCATIONS[context] ?? 'body';
  const details: ValidationDetail[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i] as ErrorObject;
    // A bad key reported under propertyNames arrives as two errors: the key's own failure (with
    // propertyName) followed by the propertyNames summary. Report the key with its reason.
    const key = error.propertyName;
    let detail: { path: string; message: string };
    if (key !== undefined && error.keyword !== 'propertyNames') {
      const reason = describe(error).message;
      detail = {
        path: `${jsonPath(error.instancePath)}${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`,
        message:
          error.keyword === 'minLength'
            ? 'is an empty key; keys must not be empty'
            : `is not an allowed key: keys ${reason}`,
      };
    } else if (error.keyword === 'propertyNames' && details.length > 0) {
      continue;
    } else {
      detail = describe(error);
    }
    const id = `${detail.path} ${detail.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    details.push({ parameter: detail.path, location, message: detail.message });
  }
  return validationError(details);
}
