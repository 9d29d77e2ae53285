import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OutboxModule } from '../outbox/outbox.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), OutboxModule], controllers: [HealthController] })
export class HealthModule {}
