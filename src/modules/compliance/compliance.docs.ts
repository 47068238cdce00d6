// Erasure in the OpenAPI document: examples for every operation and the body of the
// roster.end_user.erased extension event.
import { CREATED_AT, IDS, UPDATED_AT } from '../../http/openapi.examples.js';
import type { ModuleDocs } from '../../platform/manifest.js';

const JOB_ID = '6b0a1d009f1e4a0b3c5d7ea0';

export const ERASED_EVENT_EXAMPLE = {
  type: 'roster.end_user.erased',
  timestamp: UPDATED_AT,
  data: { end_user_id: IDS.endUser, job_id: JOB_ID },
};

export const ErasedEventSchema = {
  type: 'object',
  description:
    'roster.end_user.erased (Roster extension, sent only to endpoints that name it): one end user was erased. Carries ids only.',
  required: ['type', 'timestamp', 'data'],
  additionalProperties: false,
  properties: {
    type: { const: 'roster.end_user.erased' },
    timestamp: { type: 'string', format: 'date-time' },
    data: {
      type: 'object',
      required: ['end_user_id', 'job_id'],
      additionalProperties: false,
      properties: { end_user_id: { type: 'string' }, job_id: { type: 'string' } },
    },
  },
};

export const complianceDocs: ModuleDocs = {
  components: { ErasedEvent: ErasedEventSchema },
  examples: {
    'POST /api/v2/end-users/delete': {
      body: {
        identifiers: [
          { type: 'email', value: 'maria@example.com' },
          { type: 'external_id', value: 'crm-123' },
          { type: 'variable_match', variable: 'account_number', value: 'A-99' },
        ],
        client_reference: 'gdpr-ticket-42',
      },
      responses: { 202: { job_id: JOB_ID, status: 'queued', submitted_count: 3, created_at: CREATED_AT } },
    },
    'GET /api/v2/jobs/{job_id}': {
      responses: {
        200: {
          job_id: JOB_ID,
          type: 'end_user_deletion',
          client_reference: 'gdpr-ticket-42',
          status: 'partial',
          identifiers: [
            {
              type: 'email',
              value: 'maria@example.com',
              variable: null,
              disposition: 'accepted',
              matched_chatters: 1,
              reason: null,
            },
            {
              type: 'external_id',
              value: 'crm-123',
              variable: null,
              disposition: 'accepted',
              matched_chatters: 1,
              reason: null,
            },
            {
              type: 'variable_match',
              value: 'A-99',
              variable: 'account_number',
              disposition: 'not_found',
              matched_chatters: 0,
              reason: null,
            },
          ],
          created_at: CREATED_AT,
          completed_at: UPDATED_AT,
          failure_reason: null,
        },
      },
    },
    'POST /api/v1/data-subject-request': {
      body: { type: 'ERASURE', email: 'maria@example.com', identifiers: [{ type: 'chatter_id', value: IDS.endUser }] },
      responses: { 200: { email: 'maria@example.com' } },
    },
  },
};
