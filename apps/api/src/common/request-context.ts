import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from './actor';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,80}$/;

/** Takes a well-formed `X-Request-Id` from the caller or makes one; echoes it back on the response. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  (req as AuthenticatedRequest).requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, next);
}
