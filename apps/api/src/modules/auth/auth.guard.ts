import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule, IS_PUBLIC } from '../../common/access.decorator';
import { type AuthenticatedRequest, hasRole } from '../../common/actor';
import { AppError, forbidden } from '../../common/errors';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthService } from './auth.service';

/**
 * Global guard: every route is closed unless marked @Public() or given an @Allow() rule.
 * Users authenticate with a Bearer token, third-party systems with `X-Api-Key`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const apiKey = request.header('x-api-key');
    const authorization = request.header('authorization');
    if (apiKey !== undefined) {
      request.actor = (await this.apiKeys.authenticate(apiKey)) ?? undefined;
      if (!request.actor) throw new AppError('unauthenticated', 'The API key is unknown, revoked or expired');
    } else if (authorization?.startsWith('Bearer ')) {
      request.actor = (await this.auth.actorForToken(authorization.slice(7).trim())) ?? undefined;
      if (!request.actor) throw new AppError('unauthenticated', 'The access token is invalid or expired');
    } else {
      throw new AppError('unauthenticated', 'Sign in (Authorization: Bearer) or send an X-Api-Key');
    }
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule) throw forbidden('This route has no access rule');
    const actor = request.actor;
    if (actor.kind === 'api_key') {
      if (!rule.scope || !actor.scopes.includes(rule.scope)) {
        throw forbidden(rule.scope ? `The API key needs the scope ${rule.scope}` : 'This route is not available to API keys');
      }
      return true;
    }
    if (rule.roles.length > 0 && !hasRole(actor, ...rule.roles)) {
      throw forbidden(`This needs one of the roles: ${rule.roles.join(', ')}`);
    }
    return true;
  }
}
