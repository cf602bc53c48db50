/**
 * Response shapes of the API.
 *
 * Request bodies come from the generated contract (`Schemas`). The committed openapi.json does not
 * describe response bodies yet (the controllers declare no `@ApiOkResponse` type and the swagger CLI
 * plugin is off), so openapi-fetch types every `data` as `never`. Until the contract carries them,
 * these mirror the API's response DTOs (`apps/api/src/modules/<module>/<resource>.dto.ts`); once it
 * does, each of these becomes an alias of `Schemas['…Response']`.
 */
import type { Schemas } from '@cs/api-client';

export type Role = Schemas['CreateUserDto']['roles'][number];
export type ApiScope = Schemas['CreateApiKeyDto']['scopes'][number];
export type OrgUnitKind = Schemas['CreateOrgUnitDto']['kind'];

/** Every list endpoint answers a page and the cursor of the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface MeResponse {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnit: { id: string; name: string; kind: OrgUnitKind };
  /** IANA business time zone of the deployment, e.g. Asia/Shanghai. */
  timeZone: string;
}

export interface OrgUnitResponse {
  id: string;
  name: string;
  code: string | null;
  kind: OrgUnitKind;
  parentId: string | null;
  depth: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrgTreeNode extends OrgUnitResponse {
  children: OrgTreeNode[];
}

export interface UserResponse {
  id: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  roles: Role[];
  joinedOn: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
  lockedUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

export interface ApiKeyResponse {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  orgUnitId: string;
  status: ApiKeyStatus;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdById: string | null;
  version: number;
  createdAt: string;
}

export interface CreatedApiKeyResponse extends ApiKeyResponse {
  /** The full key; the API shows it this once only. */
  key: string;
}

export interface AuditLogResponse {
  id: string;
  at: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

export interface NotificationResponse {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface UnreadCountResponse {
  unread: number;
}

export interface MarkedReadResponse {
  marked: number;
}

export type JobRunStatus = 'running' | 'ok' | 'error' | 'skipped';

export interface JobRunResponse {
  id: string;
  trigger: 'schedule' | 'manual';
  instanceId: string;
  startedAt: string;
  finishedAt: string | null;
  status: JobRunStatus;
  rowsAffected: number | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

export interface JobResponse {
  name: string;
  description: string;
  intervalSeconds: number;
  lastRun: JobRunResponse | null;
  recentRuns: JobRunResponse[];
}

export interface JobListResponse {
  items: JobResponse[];
}

export interface TriggeredRunResponse {
  job: string;
  status: 'ok' | 'error';
  runId: string | null;
  rowsAffected: number | null;
  result: Record<string, unknown>;
  error: string | null;
}
