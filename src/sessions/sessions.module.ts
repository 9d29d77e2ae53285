import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { CatalogueCachePlugin } from './catalogue-cache.plugin';
import { TrainingSessionEntity } from './session.entity';
import { SessionsResolver, WorkshopResolver } from './sessions.resolver';
import { SessionAccessService } from './session-access.service';
import { SessionSchedulingService } from './session-scheduling.service';
import { SessionSeatsService } from './session-seats.service';
import { SessionsService } from './sessions.service';
import { SessionsToRunResolver, SessionsToRunService } from './sessions-to-run.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([TrainingSessionEntity]), CatalogueModule, AuthModule, ModuleTrainersModule],
  providers: [
    SessionsService,
    SessionSchedulingService,
    SessionSeatsService,
    SessionAccessService,
    SessionsResolver,
    WorkshopResolver,
    SessionsToRunService,
    SessionsToRunResolver,
    CatalogueCachePlugin,
  ],
  exports: [SessionsService, SessionSchedulingService, SessionSeatsService, SessionAccessService, CatalogueCachePlugin],
})
export class SessionsModule {}
