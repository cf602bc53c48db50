import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { ApiScope, Role } from './actor';

export const IS_PUBLIC = 'cs:isPublic';
export const ACCESS_RULE = 'cs:access';

export interface AccessRule {
  /** Users need one of these roles (admin always passes). Empty: any logged-in user. */
  roles: Role[];
  /** API keys need this scope; without it the route is for users only. */
  scope?: ApiScope;
}

/** A route anyone may call without credentials (login, health, public survey links). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Who may call a route. Every non-public route must carry this (a test enforces it). */
export function Allow(rule: { roles?: Role[]; scope?: ApiScope }): MethodDecorator {
  const full: AccessRule = { roles: rule.roles ?? [], scope: rule.scope };
  const decorators: MethodDecorator[] = [
    SetMetadata(ACCESS_RULE, full),
    ApiBearerAuth('bearer'),
    // Published in the contract so integrators (and the authorisation matrix test) know who may call it.
    ApiExtension('x-access', { roles: full.roles, scope: full.scope ?? null }),
  ];
  if (full.scope) decorators.push(ApiSecurity('apiKey', [full.scope]));
  return applyDecorators(...decorators);
}
