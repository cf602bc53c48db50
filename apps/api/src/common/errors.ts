import { HttpStatus } from '@nestjs/common';

/** Every business error carries a code; the exception filter maps codes to HTTP statuses exhaustively. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'illegal_transition'
  | 'idempotency_in_progress'
  | 'payload_too_large'
  | 'rule_violated'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'database_unavailable';

export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  stale_version: HttpStatus.CONFLICT,
  illegal_transition: HttpStatus.CONFLICT,
  idempotency_in_progress: HttpStatus.CONFLICT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rule_violated: HttpStatus.UNPROCESSABLE_ENTITY,
  idempotency_key_reused: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  database_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface ErrorDetail {
  field: string;
  problem: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** For 422: the rule that was violated, e.g. `extension_requires_consent`. */
    readonly rule?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): AppError => new AppError('forbidden', message);
export const staleVersion = (what: string, current: number): AppError =>
  new AppError('stale_version', `${what} was changed by someone else (current version ${current}); reload and try again`);
export const ruleViolated = (rule: string, message: string, details?: ErrorDetail[]): AppError =>
  new AppError('rule_violated', message, details, rule);
export const invalidInput = (field: string, problem: string): AppError =>
  new AppError('validation_failed', `${field} ${problem}`, [{ field, problem }]);
export const conflict = (message: string): AppError => new AppError('conflict', message);
export const illegalTransition = (message: string): AppError => new AppError('illegal_transition', message);
