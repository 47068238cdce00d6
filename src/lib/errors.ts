// The closed set of error types Roster answers with, and their HTTP statuses.
// Every error leaves the server as {"errors":[{"type","message","details"}]}.

export const ERROR_STATUS = {
  validation_error: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

export type ParameterLocation = 'body' | 'query' | 'path' | 'header';

export interface ValidationDetail {
  parameter: string;
  location: ParameterLocation;
  message: string;
}

export type ErrorDetails = ValidationDetail[] | Record<string, unknown> | string | null;

export class AppError extends Error {
  readonly type: ErrorType;
  readonly details: ErrorDetails;
  readonly headers: Record<string, string>;

  constructor(type: ErrorType, message: string, details: ErrorDetails = null, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'AppError';
    this.type = type;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.type];
  }
}

/** A 400 validation_error for one or more fields. */
export function validationError(details: ValidationDetail[]): AppError {
  const first = details[0];
  const message =
    details.length === 1 && first
      ? `${first.parameter} ${first.message}`
      : `The request has ${details.length} invalid fields.`;
  return new AppError('validation_error', message, details);
}

export function fieldError(parameter: string, message: string, location: ParameterLocation = 'body'): AppError {
  return validationError([{ parameter, location, message }]);
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} was not found.`);
}

export function errorBody(type: ErrorType, message: string, details: ErrorDetails = null) {
  return { errors: [{ type, message, details }] };
}
