import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** Global so every module can append domain events inside its own transaction. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
