import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ROLES = [
  'agent',
  'cs_manager',
  'ops_manager',
  'quality_evaluator',
  'hr',
  'team_leader',
  'channel_engineer',
  'channel_manager',
  'field_staff',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Scopes an API key may carry. `<area>:read` lets a key read, `<area>:write` lets it change. */
export const API_SCOPES = [
  'org:read',
  'users:read',
  'complaints:read',
  'complaints:write',
  'customers:read',
  'customers:write',
  'surveys:read',
  'surveys:write',
  'reports:read',
  'appraisal:read',
  'rotation:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Who is calling: a logged-in user or a third-party system's API key. Both are bound to an org unit. */
export interface Actor {
  kind: 'user' | 'api_key';
  id: string;
  name: string;
  orgUnitId: string;
  /** Materialised path of the actor's unit (`/rootId/…/unitId/`); the data scope is every unit under it. */
  orgUnitPath: string;
  orgUnitKind: 'hq' | 'platform' | 'branch' | 'sales_office';
  roles: readonly Role[];
  scopes: readonly ApiScope[];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.kind === 'user' && (actor.roles.includes('admin') || roles.some((r) => actor.roles.includes(r)));
}

/** True when `unitPath` is the actor's unit or below it. */
export function inScope(actor: Pick<Actor, 'orgUnitPath'>, unitPath: string): boolean {
  return unitPath.startsWith(actor.orgUnitPath);
}

export type AuthenticatedRequest = Request & { actor?: Actor; requestId?: string };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});

export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.name : `api-key:${actor.name}`;
}
