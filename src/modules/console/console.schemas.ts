// Schemas of the console's own routes (session, agents and keys, jobs and erasures, a
// conversation's handoff, the emulator's controls). Bounded requests;
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
  /** True when the emulator (the test-double mode) is on: the console then shows its controls. */
  emulator: Type.Boolean(),
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

/** A bundled asset's file name; anything else is simply not found. */
export const AssetParams = Type.Object({ file: Type.String() });
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

const ErasureProgress = Type.Object({
  id: Type.String({ description: 'The deletion job (GET /jobs/{id}).' }),
  status: Type.String(),
  matched_count: nullable(Type.Integer()),
  erased_count: Type.Integer(),
});

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
      /** An erasure's progress (compliance.erasure jobs); null for other kinds. */
      erasure: nullable(ErasureProgress),
    }),
  ),
});

export const ErasureWire = Type.Object({
  id: Type.String(),
  agent_id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  submitted_count: Type.Integer(),
  /** End users matched; null until the job has matched its identifiers. */
  matched_count: nullable(Type.Integer()),
  erased_count: Type.Integer(),
  failure_reason: nullable(Type.String()),
  created_at: Time,
  completed_at: nullable(Time),
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
  erasures: {
    hide,
    querystring: Type.Object(
      { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
      { additionalProperties: false },
    ),
    response: { 200: Type.Object({ data: Type.Array(ErasureWire) }), ...errors },
  },
  proxy: { hide, params: ProxyParams },
};

export const conversationSchemas = {
  handoff: {
    hide,
    params: Type.Object({
      agent_id: Type.String({ minLength: 1, maxLength: 24 }),
      conversation_id: Type.String({ minLength: 1, maxLength: 24 }),
    }),
    response: {
      200: Type.Object({
        status: Type.String(),
        /** The human integration in an active handoff, or null while the AI Agent has the conversation. */
        handoff_integration: nullable(Type.String()),
      }),
      ...errors,
    },
  },
};

const ClockWire = Type.Object({ now: Time, frozen: Type.Boolean() });
const clockAnswer = { 200: ClockWire, ...errors };

export const emulatorSchemas = {
  clock: { hide, response: clockAnswer },
  advance: {
    hide,
    body: Type.Object(
      { by: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 40 })]) },
      { additionalProperties: false },
    ),
    response: clockAnswer,
  },
  set: {
    hide,
    body: Type.Object({ time: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
    response: clockAnswer,
  },
  reset: {
    hide,
    body: Type.Object(
      { agent: Type.Optional(Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' })) },
      { additionalProperties: false },
    ),
    response: { 204: Type.Null(), ...errors },
  },
  seed: {
    hide,
    body: Type.Object(
      { fixture: Type.String({ minLength: 1, maxLength: 5 * 1024 * 1024 }) },
      { additionalProperties: false },
    ),
    response: { 200: Type.Object({ loaded: Type.Record(Type.String(), Type.Integer()) }), ...errors },
  },
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
