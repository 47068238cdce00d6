// Wire schemas of the Channels part of the Conversations API (snake_case, as Ada's API). Request
// schemas bound every field; the response schemas are allowlists, and a native channel has no
// metadata and no created_at on the wire.
import { Type, type Static } from 'typebox';
import { IdParam, PageMeta, PageQuery, errorResponses, WireTime } from '../../http/common.schemas.js';
import { FLAT_METADATA_MAX_BYTES, FlatMetadataSchema } from '../../lib/flat-metadata.js';

export const NAME_MAX = 255;
export const DESCRIPTION_MAX = 1_000;
export const CHANNEL_TYPES = ['custom', 'native'] as const;
export const MODALITIES = ['messaging', 'email', 'voice'] as const;

const TAGS = ['Channels'];

// A plain string enum: Ajv then reports "must be one of ...", and the OpenAPI document shows the values.
const StringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const ChannelTypeField = StringEnum(
  CHANNEL_TYPES,
  "custom: channels created through this API; native: the AI Agent's own surfaces, read-only here.",
);
const ModalityField = StringEnum(
  MODALITIES,
  'The kind of contact the channel carries; the AI Agent styles its replies for it.',
);
const Markdown = Type.Boolean({
  description: 'Whether replies on this channel keep Markdown (bold, italics, links) rather than plain text.',
});

export const CreateChannelBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: NAME_MAX,
      description: `A name for the channel, 1 to ${NAME_MAX} characters.`,
    }),
    description: Type.String({
      maxLength: DESCRIPTION_MAX,
      description: `What the channel is for, at most ${DESCRIPTION_MAX} characters; may be empty.`,
    }),
    modality: ModalityField,
    metadata: Type.Optional(
      FlatMetadataSchema({
        allowNull: false,
        description: `Your own key/value pairs (string, boolean or number values, no nesting), at most ${FLAT_METADATA_MAX_BYTES} bytes as compact JSON.`,
      }),
    ),
    capabilities: Type.Optional(
      Type.Object({ markdown: Type.Optional(Markdown) }, { description: 'markdown defaults to false.' }),
    ),
  },
  {
    description: 'id, type and created_at are set by the server; if sent, they are ignored, as are unknown properties.',
  },
);
export type CreateChannelBody = Static<typeof CreateChannelBody>;

export const PatchChannelBody = Type.Object({
  capabilities: Type.Object(
    { markdown: Type.Optional(Markdown) },
    { description: 'Required; may be {}. Capabilities left out keep their values.' },
  ),
});
export type PatchChannelBody = Static<typeof PatchChannelBody>;

const Capabilities = Type.Object({ markdown: Type.Boolean() });

export const CustomChannelSchema = Type.Object({
  type: Type.Literal('custom'),
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  modality: ModalityField,
  capabilities: Capabilities,
  metadata: Type.Unsafe<Record<string, string | number | boolean>>({ type: 'object', additionalProperties: true }),
  created_at: WireTime(),
});
export type CustomChannelWire = Static<typeof CustomChannelSchema>;

export const NativeChannelSchema = Type.Object({
  type: Type.Literal('native'),
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  modality: ModalityField,
  capabilities: Capabilities,
});
export type NativeChannelWire = Static<typeof NativeChannelSchema>;

export const ChannelSchema = Type.Union([CustomChannelSchema, NativeChannelSchema], {
  description: 'A channel; the fields depend on type.',
});
export type ChannelWire = CustomChannelWire | NativeChannelWire;

export const ListQuery = Type.Object(
  {
    type: ChannelTypeField,
    modality: Type.Optional(ModalityField),
    ...PageQuery,
  },
  { required: ['type'] },
);
export type ListQuery = {
  type: 'custom' | 'native';
  modality?: (typeof MODALITIES)[number];
  limit?: number;
  cursor?: string;
};

const ChannelParams = IdParam('channel_id', 'channel');

export const routeSchemas = {
  list: {
    tags: TAGS,
    summary: 'List channels',
    description:
      "A page of this AI Agent's channels of the given type (required), optionally of one modality, oldest first. Follow meta.next_page_url for the next page.",
    querystring: ListQuery,
    response: { 200: Type.Object({ data: Type.Array(ChannelSchema), meta: PageMeta }), ...errorResponses() },
  },
  create: {
    tags: TAGS,
    summary: 'Create a custom channel',
    description:
      'Creates a custom channel for conversations started through this API. An AI Agent may create a limited number of custom channels in any 24 hours (100 by default); past it the answer is 429 with Retry-After.',
    body: CreateChannelBody,
    response: { 201: CustomChannelSchema, ...errorResponses(413) },
  },
  patch: {
    tags: TAGS,
    summary: 'Update the capabilities of a custom channel',
    description: 'Changes only the capabilities sent. Native channels are read-only: updating one answers 400.',
    params: ChannelParams,
    body: PatchChannelBody,
    response: { 200: CustomChannelSchema, ...errorResponses(404, 413) },
  },
};
