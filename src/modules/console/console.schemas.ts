// Schemas of the console's own routes (session, agents and keys, jobs). Bounded requests;
// response schemas are allowlists: no hash or token column can leave.
import { Type } from 'typebox';
import { ErrorEnvelope, nullable } from '../../http/common.schemas.js';

const Time = Type.String({ description: 'RFC 3339 time, UTC, milliseconds.' });
const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope };

export const SignInBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const SessionWire = Type.Object({
  admin: Type.Object({ name: Type.String() }),
  csrf_token: Type.String(),
  expires_at: Time,
});

export const KeyWire = Type.Object({
  id: Type.String(),
  name: nullable(Type.String()),
  prefix: Type.String(),
  created_at: Time,
  revoked_at: nullable(Time),
});

export const AgentWire = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  created_at: Time,
  keys: Type.Array(KeyWire),
});

export const CreateKeyBody = Type.Object(
  {
    agent: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[^<>]*$' })),
  },
  { additionalProperties: false },
);

export const KeyIdParams = Type.Object({ key_id: Type.String({ minLength: 1, maxLength: 24 }) });

const JOB_STATES = ['queued', 'running', 'paused', 'dead'] as const;

export const JobsQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    state: Type.Optional(Type.Union(JOB_STATES.map((s) => Type.Literal(s)))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const JobsWire = Type.Object({
  counts: Type.Array(
    Type.Object({
      kind: Type.String(),
      queued: Type.Integer(),
      running: Type.Integer(),
      paused: Type.Integer(),
      dead: Type.Integer(),
    }),
  ),
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      agent_id: nullable(Type.String()),
      state: Type.String(),
      attempts: Type.Integer(),
      run_at: Time,
      last_error: nullable(Type.String()),
      created_at: Time,
      updated_at: Time,
    }),
  ),
});

export const ProxyParams = Type.Object({
  agent_id: Type.String({ minLength: 1, maxLength: 24 }),
  '*': Type.String({ maxLength: 2_000 }),
});

// Hidden from the API document: these are the console's routes, not Ada's API.
const hide = true;

export const routeSchemas = {
  signIn: { hide, body: SignInBody, response: { 204: Type.Null(), ...errors } },
  session: { hide, response: { 200: SessionWire, ...errors } },
  signOut: { hide, response: { 204: Type.Null(), ...errors } },
  agents: { hide, response: { 200: Type.Object({ data: Type.Array(AgentWire) }), ...errors } },
  createKey: {
    hide,
    body: CreateKeyBody,
    response: { 201: Type.Object({ agent_id: Type.String(), key: KeyWire, secret: Type.String() }), ...errors },
  },
  revokeKey: { hide, params: KeyIdParams, response: { 204: Type.Null(), ...errors } },
  jobs: { hide, querystring: JobsQuery, response: { 200: JobsWire, ...errors } },
  jobAction: {
    hide,
    params: Type.Object({ job_id: Type.String({ minLength: 1, maxLength: 24 }) }),
    response: { 204: Type.Null(), ...errors },
  },
  proxy: { hide, params: ProxyParams },
};

export const EndUserParams = Type.Object({
  agent_id: Type.String({ minLength: 1, maxLength: 24 }),
  end_user_id: Type.String({ minLength: 1, maxLength: 24 }),
});

export const EmailQuery = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }) },
  { additionalProperties: false },
);

export const endUserSchemas = {
  byEmail: {
    hide,
    params: Type.Object({ agent_id: Type.String({ minLength: 1, maxLength: 24 }) }),
    querystring: EmailQuery,
    response: { 200: Type.Object({ data: Type.Array(Type.Ref('EndUser')) }), ...errors },
  },
  sensitiveKeys: {
    hide,
    params: EndUserParams,
    response: {
      200: Type.Object({ data: Type.Array(Type.Object({ key: Type.String(), expires_at: Time })) }),
      ...errors,
    },
  },
  conversations: {
    hide,
    params: EndUserParams,
    response: {
      200: Type.Object({
        data: Type.Array(
          Type.Object({
            id: Type.String(),
            channel_id: Type.String(),
            status: Type.String(),
            created_at: Time,
            updated_at: Time,
          }),
        ),
      }),
      ...errors,
    },
  },
};
