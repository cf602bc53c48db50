/**
 * Runtime lists of the contract's enums. Each is written as a `Record<Union, …>` so that the
 * compiler fails when the contract gains or loses a value and the list here is not updated.
 */
import type { ApiKeyStatus, ApiScope, OrgUnitKind, Role } from './types';

const ROLE_SET: Record<Role, true> = {
  agent: true,
  cs_manager: true,
  ops_manager: true,
  quality_evaluator: true,
  hr: true,
  team_leader: true,
  channel_engineer: true,
  channel_manager: true,
  field_staff: true,
  admin: true,
};
export const ROLES = Object.keys(ROLE_SET) as Role[];

const SCOPE_SET: Record<ApiScope, true> = {
  'org:read': true,
  'users:read': true,
  'complaints:read': true,
  'complaints:write': true,
  'customers:read': true,
  'customers:write': true,
  'surveys:read': true,
  'surveys:write': true,
  'reports:read': true,
  'appraisal:read': true,
  'rotation:read': true,
};
export const API_SCOPES = Object.keys(SCOPE_SET) as ApiScope[];

const KIND_SET: Record<OrgUnitKind, true> = { hq: true, platform: true, branch: true, sales_office: true };
export const ORG_UNIT_KINDS = Object.keys(KIND_SET) as OrgUnitKind[];

/** Which kinds a unit of each kind may hang under (the API enforces the same rule: 422 org_tree_shape). */
export const ALLOWED_PARENT_KINDS: Record<OrgUnitKind, readonly OrgUnitKind[]> = {
  hq: [],
  platform: ['hq'],
  branch: ['platform'],
  sales_office: ['branch', 'platform'],
};

/** The kinds that may be created under a parent of the given kind. */
export function childKindsOf(parentKind: OrgUnitKind): OrgUnitKind[] {
  return ORG_UNIT_KINDS.filter((kind) => ALLOWED_PARENT_KINDS[kind].includes(parentKind));
}

const STATUS_SET: Record<ApiKeyStatus, true> = { active: true, revoked: true, expired: true };
export const API_KEY_STATUSES = Object.keys(STATUS_SET) as ApiKeyStatus[];
