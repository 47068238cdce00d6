// Wire schemas of the End Users API (snake_case, as Ada's API). Request schemas bound every field;
// the response schema is an allowlist, so no internal column can reach a client.
import { Type, type Static } from 'typebox';
import {
  ErrorEnvelope,
  IdParam,
  PageMeta,
  PageQuery,
  errorResponses,
  nullable,
  WireTime,
} from '../../http/common.schemas.js';

export const EXTERNAL_ID_MAX = 36;
export const METADATA_MAX_BYTES = 10_240;
export const SENSITIVE_MAX_KEYS = 20;
export const SENSITIVE_KEY_PATTERN = '^[A-Za-z0-9_-]{1,128}$';
export const NO_ANGLE_BRACKETS = '^[^<>]*$';
const SAFE_INT = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

const ExternalId = Type.String({
  minLength: 1,
  maxLength: EXTERNAL_ID_MAX,
  pattern: NO_ANGLE_BRACKETS,
  description:
    'Your own identifier for the end user (1-36 characters, no < or >). Matched without regard to case; unique per AI Agent.',
});

const MetadataValue = (allowNull: boolean) =>
  Type.Unsafe<string | number | boolean | null>({
    type: allowNull ? ['string', 'boolean', 'integer', 'null'] : ['string', 'boolean', 'integer'],
    ...SAFE_INT,
  });

const Metadata = (allowNullValues: boolean) =>
  nullable(
    Type.Unsafe<Record<string, string | number | boolean | null>>({
      type: 'object',
      propertyNames: { minLength: 1 },
      additionalProperties: MetadataValue(allowNullValues),
      description: `Custom key/value pairs (string, boolean or integer values); at most ${METADATA_MAX_BYTES} bytes as compact JSON.${
        allowNullValues
          ? ' Keys are merged into the stored metadata; a key set to null is removed; null clears all metadata.'
          : ''
      }`,
    }),
  );

const SensitiveMetadata = nullable(
  Type.Object(
    {
      fields: Type.Unsafe<Record<string, string | number | boolean | null>>({
        type: 'object',
        maxProperties: SENSITIVE_MAX_KEYS,
        propertyNames: { pattern: SENSITIVE_KEY_PATTERN },
        additionalProperties: {
          type: ['string', 'boolean', 'integer', 'null'],
          minLength: 1,
          maxLength: 4096,
          ...SAFE_INT,
        },
        description: `Write-only values (at most ${SENSITIVE_MAX_KEYS} keys per request). Encrypted at rest, never returned, each key expiring 24 hours after its last write. A null value removes the key.`,
      }),
    },
    { required: ['fields'] },
  ),
);

const ProfileInputFields = (patch: boolean) => ({
  first_name: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
  last_name: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
  display_name: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
  avatar: Type.Optional(nullable(Type.String({ maxLength: 2048, description: 'URL of a picture of the end user.' }))),
  email: Type.Optional(nullable(Type.String({ maxLength: 320 }))),
  language: Type.Optional(
    nullable(Type.String({ maxLength: 255, format: 'bcp47', description: 'A BCP 47 language tag such as en-US.' })),
  ),
  metadata: Type.Optional(Metadata(patch)),
  sensitive_metadata: Type.Optional(SensitiveMetadata),
});

export const CreateEndUserBody = Type.Object(
  {
    external_id: Type.Optional(nullable(ExternalId)),
    profile: Type.Optional(nullable(Type.Object(ProfileInputFields(false)))),
  },
  { description: 'Every field is optional; {} creates a blank end user.' },
);
export type CreateEndUserBody = Static<typeof CreateEndUserBody>;

export const PatchEndUserBody = Type.Object({
  external_id: Type.Optional(nullable(ExternalId)),
  profile: Type.Object(ProfileInputFields(true), {
    description: 'Required; may be {}. Omitted fields stay as they are; null clears.',
  }),
});
export type PatchEndUserBody = Static<typeof PatchEndUserBody>;

export const EndUserSchema = Type.Object(
  {
    end_user_id: Type.String(),
    external_id: nullable(Type.String()),
    profile: Type.Object({
      first_name: nullable(Type.String()),
      last_name: nullable(Type.String()),
      display_name: nullable(Type.String()),
      avatar: nullable(Type.String()),
      email: nullable(Type.String()),
      language: nullable(Type.String()),
      metadata: Type.Unsafe<Record<string, string | number | boolean>>({ type: 'object', additionalProperties: true }),
      system_properties: Type.Object({ sunshine_user_id: nullable(Type.String()) }),
    }),
    created_at: WireTime(),
    updated_at: WireTime('RFC 3339 time, UTC, milliseconds; changes only when a returned field changes.'),
  },
  { $id: 'EndUser' },
);
export type EndUserWire = Static<typeof EndUserSchema>;

export const EndUserList = Type.Object({ data: Type.Array(Type.Ref('EndUser')), meta: PageMeta });

export const ListQuery = Type.Object({
  ...PageQuery,
  external_id: Type.Optional(ExternalId),
});
export type ListQuery = { limit?: number; cursor?: string; external_id?: string };

export const EndUserIdParams = IdParam('end_user_id', 'end user');

const endUserRef = Type.Ref('EndUser');

export const routeSchemas = {
  create: {
    tags: ['End users'],
    summary: 'Create an end user, or return the one that already has this external_id',
    description:
      'Answers 201 with a new end user, or 200 with the existing end user, unchanged, when external_id is already used on this AI Agent. End users created here and not attached to a conversation within 24 hours are deleted.',
    body: CreateEndUserBody,
    response: { 200: endUserRef, 201: endUserRef, ...errorResponses(413) },
  },
  get: {
    tags: ['End users'],
    summary: 'Get an end user',
    params: EndUserIdParams,
    response: { 200: endUserRef, ...errorResponses(404) },
  },
  patch: {
    tags: ['End users'],
    summary: 'Update an end user',
    description: 'Omitted fields are unchanged, null clears a field, metadata is merged key by key.',
    params: EndUserIdParams,
    body: PatchEndUserBody,
    response: { 200: endUserRef, ...errorResponses(404, 409, 413) },
  },
  list: {
    tags: ['End users'],
    summary: 'List end users, or look one up by external_id',
    description:
      'Without external_id: a page of end users, oldest first. With external_id: that single end user (not wrapped in data), or 404. external_id cannot be combined with cursor or limit.',
    querystring: ListQuery,
    response: { 200: Type.Union([endUserRef, EndUserList]), ...errorResponses(404) },
  },
};

export { ErrorEnvelope };
