import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, IS_PUBLIC } from '../src/common/access.decorator';
import { startTestApp, type TestApp } from './support/test-app';

/** Every route must be either @Public() or carry an @Allow() rule; the global guard refuses the rest. */
describe('route access rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds every route guarded or marked public', () => {
    const reflector = t.app.get(Reflector);
    const routes: { route: string; isPublic: boolean; guarded: boolean }[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
        if (!controller) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        const proto = controller.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const isPublic = Boolean(reflector.getAllAndOverride(IS_PUBLIC, [handler as () => void, controller]));
          const guarded = Boolean(reflector.getAllAndOverride(ACCESS_RULE, [handler as () => void, controller]));
          routes.push({ route: `${method} /${base}/${path}`.replace(/\/+$/, '').replace(/\/\/+/g, '/'), isPublic, guarded });
        }
      }
    }
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.isPublic && !r.guarded).map((r) => r.route)).toEqual([]);
    expect(routes.filter((r) => r.isPublic && r.guarded).map((r) => r.route)).toEqual([]);
    const publicRoutes = routes
      .filter((r) => r.isPublic)
      .map((r) => r.route)
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /health',
        'GET /health/ready',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'GET /api/v1/public/surveys/:token',
        'POST /api/v1/public/surveys/:token',
      ].sort(),
    );
  });
});
