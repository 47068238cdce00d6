// Flat metadata of channels and conversations: string keys; string, boolean, integer or number
// values; at most 4 KB as compact JSON (the UTF-8 byte length, over 4,096 is refused). Nested
// values are refused. On PATCH a null value removes a key; on create null is refused.
import { Type } from 'typebox';
import { fieldError } from './errors.js';
import { jsonByteSize } from './json-size.js';

export const FLAT_METADATA_MAX_BYTES = 4_096;

export type FlatValue = string | number | boolean;
export type FlatMetadata = Record<string, FlatValue>;

/** The JSON Schema of a flat metadata object; `allowNull` for PATCH, where null removes a key. */
export function FlatMetadataSchema(options: { allowNull: boolean; description: string }) {
  const types = ['string', 'boolean', 'number', ...(options.allowNull ? ['null'] : [])];
  return Type.Unsafe<Record<string, FlatValue | null>>({
    type: 'object',
    propertyNames: { minLength: 1, maxLength: 256 },
    additionalProperties: { type: types },
    description: options.description,
  });
}

/** Refuses a metadata object whose compact JSON is over 4 KB, naming the field. */
export function checkFlatMetadataSize(parameter: string, metadata: FlatMetadata): void {
  const size = jsonByteSize(metadata);
  if (size > FLAT_METADATA_MAX_BYTES) {
    throw fieldError(
      parameter,
      `is ${size.toLocaleString('en-US')} bytes as compact JSON; metadata may be at most ${FLAT_METADATA_MAX_BYTES.toLocaleString('en-US')} bytes (4 KB)`,
    );
  }
}
