// Wire schemas of erasure: Ada's bulk end-user deletion (POST /v2/end-users/delete, GET
// /v2/jobs/{job_id}) and the legacy data-subject request. Shapes that are wrong are a 400; a
// value that is well-formed JSON but cannot name anyone (an email without @, an id that is no id)
// is reported on the job as an `invalid` identifier, so one bad value never sinks a batch.
import { Type, type Static } from 'typebox';
import { errorResponses, nullable } from '../../http/common.schemas.js';

export const MAX_IDENTIFIERS = 1_000;
/** Ada's limit on the request body of a deletion request. */
export const ERASURE_BODY_LIMIT = 512 * 1024;
export const CLIENT_REFERENCE_MAX = 255;
/** Longest identifier value or variable name accepted. */
export const VALUE_MAX = 1_024;

export const IDENTIFIER_TYPES = ['email', 'chatter_id', 'external_id', 'end_user_id', 'variable_match'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const DISPOSITIONS = ['accepted', 'not_found', 'invalid', 'exceeds_limit', 'duplicate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const STATUSES = ['queued', 'in_progress', 'completed', 'partial', 'failed'] as const;

const IdentifierTypeSchema = Type.Union(
  [
    Type.Literal('email'),
    Type.Literal('chatter_id'),
    Type.Literal('external_id'),
    Type.Literal('end_user_id'),
    Type.Literal('variable_match'),
  ],
  { description: 'What the value is: email, chatter_id, external_id, end_user_id or variable_match.' },
);

const Identifier = Type.Object(
  {
    type: IdentifierTypeSchema,
    value: Type.String({ maxLength: VALUE_MAX, description: 'The value to match, as the type says.' }),
    variable: Type.Optional(
      nullable(
        Type.String({
          minLength: 1,
          maxLength: VALUE_MAX,
          description: 'The profile field or metadata key to match; only, and required, with variable_match.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const DeletionRequestBody = Type.Object(
  {
    identifiers: Type.Array(Identifier, {
      minItems: 1,
      maxItems: MAX_IDENTIFIERS,
      description: 'From 1 to 1,000 identifiers of the people to erase.',
    }),
    client_reference: Type.Optional(
      nullable(
        Type.String({
          minLength: 1,
          maxLength: CLIENT_REFERENCE_MAX,
          description:
            'Your reference, echoed on the job. An identical request with the same reference within 24 hours returns the same job; a different one is a 409.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type DeletionRequestBody = Static<typeof DeletionRequestBody>;
export type IdentifierInput = Static<typeof Identifier>;

const StatusSchema = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('in_progress'),
    Type.Literal('completed'),
    Type.Literal('partial'),
    Type.Literal('failed'),
  ],
  { description: 'queued and in_progress, then one of completed, partial or failed.' },
);

export const DeletionAccepted = Type.Object({
  job_id: Type.String(),
  status: StatusSchema,
  submitted_count: Type.Integer({ description: 'How many identifiers the request carried.' }),
  created_at: Type.String({ format: 'date-time' }),
});

export const IdentifierDisposition = Type.Object({
  type: IdentifierTypeSchema,
  value: Type.String({ description: 'The value as submitted.' }),
  variable: nullable(Type.String()),
  disposition: Type.Union([
    Type.Literal('accepted'),
    Type.Literal('not_found'),
    Type.Literal('invalid'),
    Type.Literal('exceeds_limit'),
    Type.Literal('duplicate'),
  ]),
  matched_chatters: Type.Integer({ description: 'End users this identifier matched.' }),
  reason: nullable(Type.String()),
});

export const DeletionJob = Type.Object({
  job_id: Type.String(),
  type: Type.String({ description: 'end_user_deletion, or data_subject_request for a legacy request.' }),
  client_reference: nullable(Type.String()),
  status: StatusSchema,
  identifiers: Type.Array(IdentifierDisposition),
  created_at: Type.String({ format: 'date-time' }),
  completed_at: nullable(Type.String({ format: 'date-time' })),
  failure_reason: nullable(Type.String({ description: 'Set only when the job failed; opaque.' })),
});

export const JobIdParams = Type.Object({ job_id: Type.String({ description: 'The job id (24 hex characters).' }) });

const LegacyIdentifier = Type.Object(
  {
    type: Type.Union([Type.Literal('email'), Type.Literal('chatter_id')]),
    value: Type.String({ maxLength: VALUE_MAX }),
  },
  { additionalProperties: false },
);

export const LegacyRequestBody = Type.Object(
  {
    type: Type.Literal('ERASURE', { description: 'The only kind of request: ERASURE.' }),
    email: Type.Optional(nullable(Type.String({ maxLength: VALUE_MAX }))),
    identifiers: Type.Optional(Type.Array(LegacyIdentifier, { maxItems: MAX_IDENTIFIERS })),
  },
  { additionalProperties: false },
);
export type LegacyRequestBody = Static<typeof LegacyRequestBody>;

export const LegacyResponse = Type.Object({ email: nullable(Type.String()) });

export const routeSchemas = {
  submit: {
    tags: ['Data compliance'],
    summary: 'Erase end users: submit a bulk deletion request',
    description:
      'Answers 202 with a job to follow on GET /api/v2/jobs/{job_id}. Every end user an identifier matches is erased with their metadata, sensitive values, conversations, messages and recorded webhook events. An identifier submitted again within the cooldown (7 days) fails the whole job.',
    body: DeletionRequestBody,
    response: { 202: DeletionAccepted, ...errorResponses(409, 413) },
  },
  job: {
    tags: ['Data compliance'],
    summary: 'Get a deletion job, with the outcome of each identifier',
    params: JobIdParams,
    response: { 200: DeletionJob, ...errorResponses(404) },
  },
  legacy: {
    tags: ['Data compliance'],
    summary: 'Legacy data-subject request: erase the person with this email',
    description:
      "Ada's deprecated API. Erases every end user whose profile email, or metadata key named exactly email, is the email given (or one of the email identifiers), and every end user named by a chatter_id. Answers 200 with the email given, or null. There is no job to follow.",
    body: LegacyRequestBody,
    response: { 200: LegacyResponse, ...errorResponses(413) },
  },
};
