import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';

export const NUL_MESSAGE = 'Text may not contain the NUL character (\\u0000)';
import type { AuthenticatedRequest } from './actor';
import { AppError, ERROR_STATUS, type ErrorDetail } from './errors';

/** The one error shape of the API. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  rule?: string;
  details?: ErrorDetail[];
  requestId?: string;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Errors that mean "the database cannot be reached right now": answered 503 + Retry-After. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '53300', // too_many_connections
]);

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  // Class 08: connection exception.
  if (code && (CONNECTION_ERRORS.has(code) || code.startsWith('08'))) return true;
  // TypeORM's answer when the connection under a transaction died mid-way.
  if (error.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|Query read timeout|terminating connection/.test(
    error.message,
  );
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<AuthenticatedRequest>();
    const body = this.toBody(exception);
    body.requestId = request.requestId;
    if (body.code === 'database_unavailable') {
      // Expected while the database is away: one short line per request, not a stack trace each.
      const reason = exception instanceof Error ? exception.message : String(exception);
      this.logger.warn({ requestId: request.requestId, reason }, `${request.method} ${request.url}: database unavailable`);
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.requestId }, `${request.method} ${request.url} failed`);
    }
    if (exception instanceof AppError && exception.retryAfterSeconds) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    } else if (body.statusCode === 503) {
      response.setHeader('Retry-After', '5');
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      const status = ERROR_STATUS[exception.code];
      return {
        statusCode: status,
        error: REASON[status] ?? 'Error',
        code: exception.code,
        message: exception.message,
        rule: exception.rule,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const rawMessage = typeof raw === 'string' ? raw : (raw as { message?: unknown }).message;
      const message = Array.isArray(rawMessage)
        ? rawMessage.map(String).join('; ')
        : typeof rawMessage === 'string'
          ? rawMessage
          : exception.message;
      return { statusCode: status, error: REASON[status] ?? 'Error', code: codeForStatus(status), message };
    }
    // body-parser errors carry `type` and `status`.
    const parserError = exception as { type?: string; status?: number; message?: string };
    if (parserError && typeof parserError.type === 'string' && typeof parserError.status === 'number') {
      if (parserError.type === 'entity.too.large') {
        return { statusCode: 413, error: REASON[413], code: 'payload_too_large', message: 'The request body is too large' };
      }
      if (parserError.status >= 400 && parserError.status < 500) {
        return {
          statusCode: parserError.status,
          error: REASON[parserError.status] ?? 'Bad Request',
          code: 'validation_failed',
          message:
            parserError.type === 'entity.parse.failed'
              ? parserError.message === NUL_MESSAGE
                ? NUL_MESSAGE
                : 'The request body is not valid JSON'
              : String(parserError.message),
        };
      }
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
      if (pgCode === '23505')
        return { statusCode: 409, error: REASON[409], code: 'conflict', message: 'A record with the same unique value already exists' };
      // 22021: a NUL character (or invalid byte) in a query parameter; bodies are refused earlier.
      if (['22P02', '22007', '22008', '22003', '22001', '22021'].includes(pgCode ?? '')) {
        return {
          statusCode: 400,
          error: REASON[400],
          code: 'validation_failed',
          message: 'A value has the wrong format or is out of range',
        };
      }
      if (pgCode === '57014')
        return { statusCode: 503, error: REASON[503], code: 'database_unavailable', message: 'The database took too long to answer' };
    }
    if (
      isConnectionFailure(exception) ||
      (exception instanceof QueryFailedError && isConnectionFailure((exception as { driverError?: unknown }).driverError))
    ) {
      return {
        statusCode: 503,
        error: REASON[503],
        code: 'database_unavailable',
        message: 'The database is unavailable; try again shortly',
      };
    }
    return { statusCode: 500, error: REASON[500], code: 'internal', message: 'Internal server error' };
  }
}

const CODE_FOR_STATUS: Partial<Record<number, string>> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

function codeForStatus(status: number): string {
  return CODE_FOR_STATUS[status] ?? (status >= 500 ? 'internal' : 'http_error');
}
