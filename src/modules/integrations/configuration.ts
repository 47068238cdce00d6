// The two expressions an integration declares about its installation settings:
// configuration_fields, a JSON Schema validated with Ajv, and identifier_field_path, a JMESPath
// expression (the JMESPath Community implementation) that picks the installation's identifier
// out of the settings an admin fills in.
import { compile as compileJmesPath, search } from '@jmespath-community/jmespath';
import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';

/** A fresh Ajv per schema: partner schemas may carry their own $id, and none is kept once checked. */
function schemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
  // ajv-formats is CommonJS: its function is the default export's default.
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv;
}

const describe = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is not valid'}`)
    .join('; ');

/** Why `schema` is not a usable JSON Schema of an object's settings, or null when it is. */
export function configurationSchemaProblem(schema: Record<string, unknown>): string | null {
  const ajv = schemaAjv();
  if (!ajv.validateSchema(schema)) return `is not a valid JSON Schema: ${describe(ajv.errors)}`;
  if (schema.type !== 'object') return 'must be a JSON Schema whose type is "object"';
  try {
    ajv.compile(schema);
  } catch (error) {
    return `is not a usable JSON Schema: ${(error as Error).message}`;
  }
  return null;
}

/** The problems of `configuration` against the integration's schema, or null when it conforms. */
export function configurationProblems(schema: Record<string, unknown>, configuration: unknown): string | null {
  const validate = schemaAjv().compile(schema);
  return validate(configuration) ? null : describe(validate.errors);
}

/** Why `expression` is not a JMESPath expression, or null when it parses. */
export function identifierPathProblem(expression: string): string | null {
  try {
    compileJmesPath(expression);
    return null;
  } catch (error) {
    return `is not a JMESPath expression: ${(error as Error).message}`;
  }
}

/** What the expression selects in the configuration, as text; null when it selects no string or number. */
export function identifierOf(expression: string, configuration: Record<string, unknown>): string | null {
  const found = search(configuration as Parameters<typeof search>[0], expression);
  if (typeof found === 'string' && found.length > 0) return found;
  if (typeof found === 'number' && Number.isFinite(found)) return String(found);
  return null;
}
