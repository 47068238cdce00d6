// What the modules' examples in the OpenAPI document share: one consistent story (Maria,
// crm-123, the Support app channel) told with the same ids and times everywhere, the shape of a
// page, and the error envelope. Each module writes its own examples (<module>.docs.ts); a test
// sends every request example through its route and checks every example against its schema.

export const IDS = {
  endUser: '6b09907429197363d02628e3',
  webhook: '6b0a1b009f1e4a0b3c5d7e80',
  attempt: '6b0a1b2c9f1e4a0b3c5d7e88',
  event: '6b0a1b1a9f1e4a0b3c5d7e84',
  channel: '6b0a1c2d9f1e4a0b3c5d7e91',
  nativeChannel: '6b0a19f09f1e4a0b3c5d7e01',
  conversation: '6b0a1c5e9f1e4a0b3c5d7e94',
  message: '6b0a1c709f1e4a0b3c5d7e99',
  reply: '6b0a1c719f1e4a0b3c5d7e9a',
} as const;

export const EXAMPLE_BASE = 'http://127.0.0.1:8080/api/v2';
export const CREATED_AT = '2026-11-27T14:15:16.783+00:00';
export const UPDATED_AT = '2026-11-27T14:18:02.412+00:00';

export const page = (data: unknown[], next: string | null = null) => ({ data, meta: { next_page_url: next } });

export interface OperationExamples {
  /** Query parameters, by name: required ones at least, so "Try it out" has them filled in. */
  query?: Record<string, string | number>;
  body?: unknown;
  /** By status code. */
  responses: Record<number, unknown>;
}

export const ERROR_EXAMPLE = {
  errors: [
    {
      type: 'validation_error',
      message: '$.external_id must be at most 36 characters long',
      details: [{ parameter: '$.external_id', location: 'body', message: 'must be at most 36 characters long' }],
    },
  ],
};
