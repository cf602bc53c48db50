import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ActorCache } from './actor-cache';
import { ActorChangeListener } from './actor-change-listener';

/** The signed-in users' cache, for AuthService to read and for the services that change users or units to evict. */
@Global()
@Module({
  providers: [
    { provide: ActorCache, useFactory: (config: AppConfig) => new ActorCache(config.auth.actorCacheTtlMs), inject: [APP_CONFIG] },
    ActorChangeListener,
  ],
  exports: [ActorCache, ActorChangeListener],
})
export class ActorCacheModule {}
