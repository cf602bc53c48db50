/**
 * Turning API failures into something a person can act on. Every API error has one shape
 * (`ApiError`); the UI shows a translated headline for its code and the API's own message
 * (which names the rule or the field) as the detail.
 */
import type { ApiError } from '@cs/api-client';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
    this.name = 'ApiRequestError';
  }

  get code(): string {
    return this.body.code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Normalises whatever the server answered (normally the API's error JSON) into `ApiError`. */
export function toApiError(response: Response, body: unknown): ApiError {
  if (isRecord(body) && typeof body.message === 'string') {
    const details = Array.isArray(body.details)
      ? body.details.filter(isRecord).map((d) => ({ field: String(d.field), problem: String(d.problem) }))
      : undefined;
    return {
      statusCode: typeof body.statusCode === 'number' ? body.statusCode : response.status,
      error: typeof body.error === 'string' ? body.error : response.statusText,
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      message: body.message,
      rule: typeof body.rule === 'string' ? body.rule : undefined,
      details,
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
    };
  }
  return {
    statusCode: response.status,
    error: response.statusText,
    code: `http_${response.status}`,
    message: typeof body === 'string' && body.length < 300 ? body : response.statusText || `HTTP ${response.status}`,
  };
}

export function isApiError(error: unknown, status?: number): error is ApiRequestError {
  return error instanceof ApiRequestError && (status === undefined || error.status === status);
}

export function isStaleVersion(error: unknown): boolean {
  return isApiError(error, 409) && error.code === 'stale_version';
}

export interface DescribedError {
  title: string;
  detail?: string;
  requestId?: string;
}

const KNOWN_STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 503] as const;
type KnownStatus = (typeof KNOWN_STATUSES)[number];

function isKnownStatus(status: number): status is KnownStatus {
  return (KNOWN_STATUSES as readonly number[]).includes(status);
}

export function describeError(error: unknown, t: TFunction): DescribedError {
  if (error instanceof ApiRequestError) {
    const title =
      error.code === 'stale_version'
        ? t('errors.staleVersion')
        : isKnownStatus(error.status)
          ? t(`errors.status.${error.status}`)
          : error.status >= 500
            ? t('errors.server')
            : t('errors.unknown');
    return { title, detail: error.body.message, requestId: error.body.requestId };
  }
  if (error instanceof TypeError) return { title: t('errors.network') };
  return { title: t('errors.unknown'), detail: error instanceof Error ? error.message : undefined };
}

/** One line: the translated headline and the API's explanation. */
export function errorMessage(error: unknown, t: TFunction): string {
  const { title, detail } = describeError(error, t);
  return detail && detail !== title ? `${title}: ${detail}` : title;
}

/**
 * Puts the API's `details: [{field, problem}]` next to the matching form fields. Returns true when
 * at least one of them belongs to a field of this form.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fieldNames: readonly string[]): boolean {
  if (!isApiError(error) || !error.body.details?.length) return false;
  const byField = new Map<string, string[]>();
  for (const { field, problem } of error.body.details) {
    const name = field.split('.')[0] ?? field;
    if (!fieldNames.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), problem]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}
