/**
 * Shapes of the API, all taken from the generated contract (`Schemas`, from
 * libs/api-contract/openapi.json). The controllers declare their responses with
 * `@ApiOkResponse({ type })`, so `api.GET(...)` returns typed `data`; these aliases give the
 * common ones short names for components.
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

export type TokenResponse = Schemas['TokenResponse'];
export type MeResponse = Schemas['MeResponse'];
export type OrgUnitResponse = Schemas['OrgUnitResponse'];
export type OrgTreeNode = Schemas['OrgTreeNode'];
export type UserResponse = Schemas['UserResponse'];
export type ApiKeyResponse = Schemas['ApiKeyResponse'];
export type ApiKeyStatus = ApiKeyResponse['status'];
export type CreatedApiKeyResponse = Schemas['CreatedApiKeyResponse'];
export type AuditLogResponse = Schemas['AuditLogResponse'];
export type NotificationResponse = Schemas['NotificationResponse'];
export type UnreadCountResponse = Schemas['UnreadCountResponse'];
export type MarkedReadResponse = Schemas['MarkedReadResponse'];
export type JobRunResponse = Schemas['JobRunResponse'];
export type JobRunStatus = JobRunResponse['status'];
export type JobResponse = Schemas['JobResponse'];
export type JobListResponse = Schemas['JobListResponse'];
export type TriggeredRunResponse = Schemas['TriggeredRunResponse'];
