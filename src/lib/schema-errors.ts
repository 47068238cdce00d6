// One way of putting JSON Schema (Ajv) errors into words, for every place Roster checks a
// document against a schema: request validation (validation_error details) and what the AI
// Agent's responders give back. Paths are JSON paths such as $.profile.metadata.plan.
import type { ErrorObject } from 'ajv';

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

/** Patterns whose meaning is better said in words than shown. */
const PATTERN_MESSAGES: Record<string, string> = {
  '^[^<>]*$': 'must not contain < or >',
  '^[A-Za-z0-9_-]{1,128}$': 'must be 1 to 128 letters, digits, underscores or hyphens',
  '^[0-9a-fA-F]{24}$': 'must be a record id of 24 hexadecimal characters',
};

export function listWords(words: string[]): string {
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

/** The JSON path an error is about and what is wrong there. */
export function describeSchemaError(error: ErrorObject, root = '$'): { path: string; message: string } {
  const path = jsonPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as {
    type?: string | string[];
    description?: string;
    minimum?: number;
    maximum?: number;
    oneOf?: Array<{ properties?: Record<string, { const?: unknown }> }>;
  };
  switch (error.keyword) {
    case 'required':
      return { path: path + jsonMember(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: path + jsonMember(String(params.additionalProperty)), message: 'is not an allowed key' };
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
    case 'minItems':
      return { path, message: `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, message: `must have at most ${String(params.limit)} items` };
    case 'pattern': {
      const pattern = String(params.pattern);
      const words = PATTERN_MESSAGES[pattern] ?? (parent.description ? `must be ${parent.description}` : undefined);
      return { path, message: words ?? `must match the pattern ${pattern}` };
    }
    case 'format':
      return params.format === 'bcp47'
        ? { path, message: 'must be a well-formed BCP 47 language tag, such as en, en-US or pt-BR' }
        : { path, message: `must be a valid ${String(params.format)}` };
    case 'minimum':
    case 'maximum': {
      const integerOnly = Array.isArray(parent.type) ? parent.type.includes('integer') : parent.type === 'integer';
      if (parent.minimum === Number.MIN_SAFE_INTEGER) {
        return { path, message: 'must be an integer within ±9,007,199,254,740,991' };
      }
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
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'anyOf':
      return { path, message: `must be ${parent.description ?? 'of another form'}` };
    case 'discriminator': {
      const tag = String(params.tag);
      const allowed = (parent.oneOf ?? []).map((branch) => JSON.stringify(branch.properties?.[tag]?.const));
      return params.tagValue === undefined
        ? { path: path + jsonMember(tag), message: 'is required' }
        : { path: path + jsonMember(tag), message: `must be ${listWords(allowed)}` };
    }
    case 'encoding':
      return { path, message: error.message ?? 'cannot be stored' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}
