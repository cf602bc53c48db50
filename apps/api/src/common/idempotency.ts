import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from './actor';
import { AppError, invalidInput } from './errors';

export const IDEMPOTENCY_TTL_HOURS = 24;
/** A `pending` key older than this belongs to a request that died; a retry may take it over. */
const PENDING_TAKEOVER_SECONDS = 60;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on creates: the first request's response is stored against (caller, key);
 * a retry with the same body gets that response again and creates nothing; the same key with
 * a different body answers 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (key === undefined) return lastValueFrom(next.handle());
    if (!KEY_PATTERN.test(key)) throw invalidInput('Idempotency-Key', 'must be 1-200 letters, digits or ._:-');
    const actorKey = request.actor ? `${request.actor.kind}:${request.actor.id}` : `ip:${request.ip ?? 'unknown'}`;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${stableStringify(request.params)}\n${stableStringify(request.body ?? null)}`)
      .digest('hex');

    const claimed = (await this.dataSource.query(
      `INSERT INTO idempotency_key (actor_key, key, method, path, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', now() + make_interval(hours => $6))
       ON CONFLICT (actor_key, key) DO UPDATE SET state = 'pending', created_at = now(), request_hash = EXCLUDED.request_hash
         WHERE idempotency_key.state = 'pending'
           AND idempotency_key.request_hash = EXCLUDED.request_hash
           AND idempotency_key.created_at < now() - make_interval(secs => $7)
       RETURNING key`,
      [actorKey, key, request.method, request.path, requestHash, IDEMPOTENCY_TTL_HOURS, PENDING_TAKEOVER_SECONDS],
    )) as unknown[];

    if (claimed.length === 0) {
      const rows = (await this.dataSource.query(
        `SELECT request_hash, state, status_code, response_body FROM idempotency_key WHERE actor_key = $1 AND key = $2`,
        [actorKey, key],
      )) as { request_hash: string; state: string; status_code: number | null; response_body: unknown }[];
      const previous = rows[0];
      if (!previous) throw new AppError('idempotency_in_progress', 'The Idempotency-Key was just released; retry the request');
      if (previous.request_hash !== requestHash) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body',
          undefined,
          'idempotency_key_reused',
        );
      }
      if (previous.state === 'pending') {
        throw new AppError(
          'idempotency_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly',
          undefined,
          undefined,
          1,
        );
      }
      response.status(previous.status_code ?? 200);
      response.setHeader('Idempotent-Replayed', 'true');
      return previous.response_body;
    }

    try {
      const result: unknown = await lastValueFrom(next.handle(), { defaultValue: null });
      await this.dataSource.query(
        `UPDATE idempotency_key SET state = 'done', status_code = $3, response_body = $4 WHERE actor_key = $1 AND key = $2`,
        [actorKey, key, response.statusCode, JSON.stringify(result ?? null)],
      );
      return result;
    } catch (error) {
      // A failed request stores nothing: the caller may fix the body and retry with the same key.
      await this.dataSource.query(`DELETE FROM idempotency_key WHERE actor_key = $1 AND key = $2`, [actorKey, key]);
      throw error;
    }
  }
}

/** Marks a create endpoint as honouring `Idempotency-Key`. */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retrying with the same key and body returns the first response and creates nothing new (kept 24 h)',
    }),
  );
}
