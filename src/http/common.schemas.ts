// Schemas shared by every module: the error envelope, pagination parameters and page metadata.
// They are plain JSON Schema (TypeBox builds them), so Ajv validates with them, fast-json-stringify
// serialises with them and the OpenAPI document is generated from them.
import { Type, type TSchema, type TString } from 'typebox';

export const MAX_PAGE_SIZE = 100;

/** A JSON Schema "type" union with null, e.g. ["string","null"], keeping TypeBox's static type. */
export function nullable<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>;
  return Type.Unsafe<Type.Static<T> | null>({ ...rest, type: [type, 'null'] });
}

export const ErrorEnvelope = Type.Object(
  {
    errors: Type.Array(
      Type.Object({
        type: Type.String({ description: 'Machine-readable error type, e.g. validation_error or not_found.' }),
        message: Type.String({ description: 'What went wrong, written for the caller.' }),
        details: Type.Unsafe<unknown>({
          description:
            'null, or for validation_error a list of {parameter, location, message}; parameter is a JSON path such as $.profile.email.',
        }),
      }),
    ),
  },
  { $id: 'ErrorEnvelope', description: 'Every error response has this shape.' },
);

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Records per page, 1 to 100 (default 100).' }),
  ),
  cursor: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{24}$',
      description: 'Id of the first record of the page to return, as found in meta.next_page_url.',
    }),
  ),
};

/** A time on the wire: RFC 3339, UTC, milliseconds, explicit offset. */
export function WireTime(description = 'RFC 3339 time, UTC, milliseconds.') {
  return Type.String({ format: 'date-time', description });
}

/** An absolute URL in a response. */
export function WireUrl(description?: string) {
  return Type.String({ format: 'uri', ...(description === undefined ? {} : { description }) });
}

export const PageMeta = Type.Object({
  // A reference rather than a URL: when the request's Host header is not a plain host[:port] and
  // ROSTER_PUBLIC_URL is unset, the link carries no origin (path and query only).
  next_page_url: nullable(
    Type.String({
      format: 'uri-reference',
      description:
        'URL of the next page, or null on the last page: absolute, unless the request named no usable host and ROSTER_PUBLIC_URL is unset, then path and query only.',
    }),
  ),
});

/** The path parameters of a route on one record: `{ [name]: string }`, typed by its name. */
export function IdParam<K extends string>(name: K, what: string) {
  const properties = { [name]: Type.String({ description: `The ${what} id (24 hex characters).` }) };
  return Type.Object(properties as Record<K, TString>);
}

/** Error responses every authenticated route can give; added to each route's response map. */
export function errorResponses(...statuses: number[]) {
  const out: Record<number, { $ref: string }> = {};
  for (const status of [400, 401, 429, 500, 503, ...statuses]) out[status] = { $ref: 'ErrorEnvelope#' };
  return out;
}
