// Wire schemas of conversations and their messages (snake_case, as Ada's API). Request schemas
// bound every field; response schemas are allowlists.
import { Type, type Static } from 'typebox';
import {
  IdParam,
  PageMeta,
  PageQuery,
  WireTime,
  WireUrl,
  errorResponses,
  nullable,
} from '../../http/common.schemas.js';
import { FlatMetadataSchema } from '../../lib/flat-metadata.js';

export const MESSAGE_BODY_MAX = 65_536;
const TAGS = ['Conversations'];

const ConversationMetadata = (allowNull: boolean) =>
  FlatMetadataSchema({
    allowNull,
    description: allowNull
      ? 'Keys to add or replace in the stored metadata; a key set to null is removed. Values: string, boolean, integer or number; at most 4 KB as compact JSON after merging.'
      : 'Key/value pairs kept with the conversation (string, boolean, integer or number values; at most 4 KB as compact JSON). They do not change the end user.',
  });

export const CreateConversationBody = Type.Object({
  channel_id: Type.String({ maxLength: 200, description: 'A custom channel of this AI Agent.' }),
  end_user_id: Type.Optional(
    nullable(
      Type.String({
        maxLength: 200,
        description:
          'An end user of this AI Agent; omitted or null creates a new end user. Either way the end user is attached and never deleted as unused.',
      }),
    ),
  ),
  metadata: Type.Optional(ConversationMetadata(false)),
});
export type CreateConversationBody = Static<typeof CreateConversationBody>;

export const PatchConversationBody = Type.Object({ metadata: ConversationMetadata(true) });
export type PatchConversationBody = Static<typeof PatchConversationBody>;

const WireMetadata = Type.Unsafe<Record<string, string | number | boolean>>({
  type: 'object',
  additionalProperties: true,
});

export const ConversationSchema = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  end_user_id: Type.String(),
  status: Type.Unsafe<'active' | 'ended'>({ type: 'string', enum: ['active', 'ended'] }),
  created_at: WireTime(),
  updated_at: WireTime(),
  metadata: WireMetadata,
});
export type ConversationWire = Static<typeof ConversationSchema>;

export const AUTHOR_ROLES = ['end_user', 'ai_agent', 'human_agent'] as const;

const Author = Type.Object({
  id: nullable(Type.String({ description: "The end user's id for end_user messages; null otherwise." })),
  role: Type.Unsafe<(typeof AUTHOR_ROLES)[number]>({ type: 'string', enum: [...AUTHOR_ROLES] }),
  avatar: nullable(Type.String()),
  display_name: nullable(Type.String()),
});

const TextContent = Type.Object({ type: Type.Literal('text'), body: Type.String() }, { additionalProperties: false });
const LinkContent = Type.Object(
  { type: Type.Literal('link'), url: WireUrl(), link_text: nullable(Type.String()) },
  { additionalProperties: false, description: 'A standalone link sent by the AI Agent.' },
);
const FileContent = Type.Object(
  {
    type: Type.Literal('file'),
    url: WireUrl('A signed URL issued by POST .../attachments/.'),
    mime_type: Type.String(),
    filename: Type.String(),
  },
  { additionalProperties: false, description: 'A file uploaded during a handoff.' },
);
const Content = Type.Unsafe<
  | { type: 'text'; body: string }
  | { type: 'link'; url: string; link_text: string | null }
  | { type: 'file'; url: string; mime_type: string; filename: string }
>({ oneOf: [TextContent, LinkContent, FileContent] });

export const MessageSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.String(),
  author: Author,
  content: Content,
  created_at: WireTime(),
  updated_at: WireTime(),
});
export type MessageWire = Static<typeof MessageSchema>;

export const MessageLogSchema = Type.Object({
  type: Type.Literal('message_logs'),
  message_id: Type.String(),
  created_at: WireTime(),
  author: Author,
  content: Content,
});
export type MessageLogWire = Static<typeof MessageLogSchema>;

export const CreateMessageBody = Type.Object({
  author: Type.Object(
    {
      role: Type.Unsafe<'end_user' | 'human_agent'>({
        type: 'string',
        enum: ['end_user', 'human_agent'],
        description: "end_user or human_agent. The AI Agent's messages come from the responder and cannot be posted.",
      }),
      id: Type.Optional(
        nullable(
          Type.String({ maxLength: 200, description: "Required for end_user: the conversation's end user id." }),
        ),
      ),
      display_name: Type.Optional(nullable(Type.String({ maxLength: 1000, description: 'Required for human_agent.' }))),
      avatar: Type.Optional(nullable(Type.String({ maxLength: 2048, description: 'URL of a picture of the author.' }))),
    },
    { required: ['role'] },
  ),
  content: Type.Object(
    {
      type: Type.Unsafe<'text' | 'file'>({
        type: 'string',
        enum: ['text', 'file'],
        description:
          'text (with body) or file (with url, mime_type and filename, as POST .../attachments/ answered them during the handoff).',
      }),
      body: Type.Optional(
        Type.String({ minLength: 1, maxLength: MESSAGE_BODY_MAX, description: 'Required for text content.' }),
      ),
      url: Type.Optional(
        Type.String({
          maxLength: 4096,
          description:
            'Required for file content: the url POST /api/v2/conversations/{conversation_id}/attachments/ answered for this conversation, before it expires. Any other URL answers 400.',
        }),
      ),
      mime_type: Type.Optional(
        Type.String({ maxLength: 255, description: "Required for file content: the upload's mime_type." }),
      ),
      filename: Type.Optional(
        Type.String({ maxLength: 1000, description: "Required for file content: the upload's filename." }),
      ),
    },
    { required: ['type'] },
  ),
});
export type CreateMessageBody = Static<typeof CreateMessageBody>;

export const EMAIL_TEXT_MAX_BYTES = 10_240;
const EMAIL_ADDRESS_MAX = 320;
const EMAIL_CC_MAX = 50;
const EmailAddress = (description: string) =>
  Type.String({ format: 'email', maxLength: EMAIL_ADDRESS_MAX, description });

export const EmailConversationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000, description: "The sender's full name." }),
    subject: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'The subject of the email; the first line of the end user message.',
    }),
    reply_to: EmailAddress("The sender's email address, kept as the new end user's profile email."),
    text: Type.Optional(
      Type.String({
        maxLength: EMAIL_TEXT_MAX_BYTES,
        description: 'The body of the email, at most 10 KB (10,240 bytes of UTF-8).',
      }),
    ),
    reply_as: Type.Optional(
      EmailAddress(
        'The address the AI Agent answers from: its own (<handle>@email.roster.invalid, the default) or one of ROSTER_EMAIL_ADDRESSES; any other answers 422.',
      ),
    ),
    cc: Type.Optional(
      Type.Array(EmailAddress("An address in the email's CC field."), {
        maxItems: EMAIL_CC_MAX,
        description: `At most ${EMAIL_CC_MAX} addresses.`,
      }),
    ),
    metadata: Type.Optional(
      FlatMetadataSchema({
        allowNull: false,
        description:
          "Kept as the conversation's metadata, where the responder reads it (string, boolean, integer or number values; at most 4 KB as compact JSON).",
      }),
    ),
  },
  { required: ['name', 'subject', 'reply_to'] },
);
export type EmailConversationBody = Static<typeof EmailConversationBody>;

export const ProactiveBody = Type.Object(
  {
    channel: Type.Unsafe<'voice'>({
      type: 'string',
      enum: ['voice'],
      description: 'The channel to reach the person on; only voice calls can be placed.',
    }),
    recipient: Type.Object(
      {
        phone_number: Type.String({
          pattern: '^\\+[1-9][0-9]{6,14}$',
          description:
            'The number to call, in E.164 form (+ and 7 to 15 digits). Roster simulates the call: a number ending in 0000 fails (no_answer), one ending in 1111 reaches a machine, any other is answered.',
        }),
      },
      { required: ['phone_number'] },
    ),
    language: Type.Optional(
      Type.String({ maxLength: 64, description: 'The language of the call (BCP 47), kept for the end user.' }),
    ),
    metadata: Type.Optional(
      FlatMetadataSchema({
        allowNull: false,
        description:
          'Kept as the metadata of the conversation an answered call starts (string, boolean, integer or number values; at most 4 KB as compact JSON).',
      }),
    ),
  },
  { required: ['channel', 'recipient'] },
);
export type ProactiveBody = Static<typeof ProactiveBody>;

export const PROACTIVE_STATUSES = ['queued', 'initiated', 'answered', 'machine_detected', 'failed'] as const;
export const ProactiveAttemptSchema = Type.Object({
  id: Type.String(),
  status: Type.Unsafe<(typeof PROACTIVE_STATUSES)[number]>({ type: 'string', enum: [...PROACTIVE_STATUSES] }),
  channel: Type.String(),
  recipient: Type.Object({ phone_number: Type.String() }),
  language: nullable(Type.String()),
  metadata: WireMetadata,
  conversation_id: nullable(Type.String({ description: 'The conversation an answered call started.' })),
  failure_reason: nullable(Type.String({ description: 'Why the call failed, when it did.' })),
  created_at: WireTime(),
  updated_at: WireTime(),
});

export const ConversationIdParams = IdParam('conversation_id', 'conversation');

export const AttachmentSchema = Type.Object({
  url: Type.String({
    description:
      'Where the file can be downloaded for 7 days, without an API key: a URL signed by Roster. Put it, with mime_type and filename, in a file message of this conversation.',
  }),
  mime_type: Type.String({ description: 'The type Roster determined from the file name and its content.' }),
  filename: Type.String({ description: 'The file name as stored: without folders or control characters.' }),
});
export type AttachmentWire = Static<typeof AttachmentSchema>;

export const AttachmentParams = Type.Object({
  attachment_id: Type.String({ maxLength: 200, description: "The attachment's id, from its URL." }),
  filename: Type.String({ maxLength: 1000, description: 'The file name, from its URL.' }),
});

export const AttachmentQuery = Type.Object({
  expires: Type.Optional(Type.String({ maxLength: 20, description: 'When the URL expires, in Unix seconds.' })),
  signature: Type.Optional(Type.String({ maxLength: 200, description: "Roster's signature of the URL." })),
});

const ERROR_ENVELOPE = { $ref: 'ErrorEnvelope#' };

export const routeSchemas = {
  create: {
    tags: TAGS,
    summary: 'Start a conversation on a custom channel',
    description:
      'Answers 201. Without end_user_id a new end user is created with the conversation (v1.end_user.created is sent before v1.conversation.created). The end user is attached to the conversation, so it is never deleted as unused.',
    body: CreateConversationBody,
    response: { 201: ConversationSchema, ...errorResponses(404, 413) },
  },
  email: {
    tags: TAGS,
    summary: "Start a conversation on the AI Agent's native Email channel",
    description:
      "Answers 200 with the new conversation's id. A new end user is created (display_name from name, email from reply_to) and attached; the email (subject, a blank line, then text) becomes the conversation's first end_user message, which the responder answers like any other. Roster sends no email. A reply_as that is not an address of the AI Agent answers 422.",
    body: EmailConversationBody,
    response: {
      200: Type.Object({ conversation_id: Type.String() }),
      ...errorResponses(413, 422),
    },
  },
  proactive: {
    tags: TAGS,
    summary: 'Ask for a proactive voice call to a person',
    description:
      'Answers 202 with the queued Proactive Attempt. Roster places no call: the attempt goes through initiated to answered, machine_detected or failed on its own, with one v1.proactive_call.* event per state; an answered call starts a conversation on the native Voice channel. With an Idempotency-Key the first attempt made with that key is answered again, with Idempotent-Replayed: true, and nothing new is queued.',
    headers: Type.Object({
      'idempotency-key': Type.Optional(
        Type.String({ minLength: 1, maxLength: 255, description: 'Makes a retry safe: 1 to 255 characters.' }),
      ),
    }),
    body: ProactiveBody,
    response: { 202: ProactiveAttemptSchema, ...errorResponses(413) },
  },
  get: {
    tags: TAGS,
    summary: 'Get a conversation',
    params: ConversationIdParams,
    response: { 200: ConversationSchema, ...errorResponses(404) },
  },
  patch: {
    tags: TAGS,
    summary: "Merge keys into a conversation's metadata",
    description: 'Keys are added or replaced, a key set to null is removed. Ended conversations can be updated too.',
    params: ConversationIdParams,
    body: PatchConversationBody,
    response: { 200: ConversationSchema, ...errorResponses(404, 413) },
  },
  end: {
    tags: TAGS,
    summary: 'End a conversation',
    description:
      'Takes no body. Ending an ended conversation answers 200 again and sends no second v1.conversation.ended.',
    params: ConversationIdParams,
    response: { 200: Type.Object({ message: Type.String() }), ...errorResponses(404) },
  },
  endHandoff: {
    tags: TAGS,
    summary: 'End the human handoff of a conversation',
    description:
      'Takes no body. Gives the conversation back to the AI Agent after a responder handed it to a human integration; the conversation stays active. Sends v1.conversation.handoff.ended. A conversation not in an active handoff (never handed off, handoff already ended, or the conversation ended) answers 422.',
    params: ConversationIdParams,
    response: { 200: Type.Object({ message: Type.String() }), ...errorResponses(404, 422) },
  },
  postMessage: {
    tags: TAGS,
    summary: 'Add a message to a conversation',
    description:
      "Answers 201. An end_user message must name the conversation's end user in author.id. Content is text (body) or file (url, mime_type and filename exactly as POST .../attachments/ answered them for this conversation, before the url expires; anything else answers 400). The AI Agent's replies are sent as v1.conversation.message webhooks. An ended conversation takes no messages (422).",
    params: ConversationIdParams,
    body: CreateMessageBody,
    response: { 201: MessageSchema, ...errorResponses(404, 413, 422) },
  },
  attachment: {
    tags: TAGS,
    summary: 'Upload a file to a conversation in a human handoff',
    description:
      "Takes multipart/form-data with the file in the field `file`, at most 50 MB (52,428,800 bytes; more answers 413). Only while the conversation is in an active handoff (422 otherwise). Accepted: TXT, LOG, CSV, EML, PNG, SVG, JPEG, JPG, GIF, HEIF, HEIC, AVIF, WAV, M4A, MP3, MP4, M4V, MOV, MPEG, MPG, ZIP, PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, Keynote (.key), Pages (.pages) and Numbers (.numbers), told by the file name's extension, and the content must match it (400 otherwise). Answers 201 with a signed url that works for 7 days, and the mime_type and filename to send with it in a file message.",
    consumes: ['multipart/form-data'],
    params: ConversationIdParams,
    response: { 201: AttachmentSchema, ...errorResponses(404, 413, 422) },
  },
  download: {
    tags: TAGS,
    summary: 'Download an attachment by its signed URL',
    description:
      'The url an upload answered, as it is: no API key needed. Serves the file as an attachment (Content-Disposition) of the type determined at upload. A URL whose signature does not hold or that expired answers 403; an attachment deleted since (its conversation erased) answers 404.',
    security: [],
    params: AttachmentParams,
    querystring: AttachmentQuery,
    response: { 403: ERROR_ENVELOPE, 404: ERROR_ENVELOPE, 500: ERROR_ENVELOPE },
  },
  listMessages: {
    tags: TAGS,
    summary: "List a conversation's messages, oldest first",
    params: ConversationIdParams,
    querystring: Type.Object(PageQuery),
    response: { 200: Type.Object({ data: Type.Array(MessageLogSchema), meta: PageMeta }), ...errorResponses(404) },
  },
};
