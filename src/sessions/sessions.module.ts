import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { CatalogueCachePlugin } from './catalogue-cache.plugin';
import { TrainingSessionEntity } from './session.entity';
import { SessionsResolver, WorkshopResolver } from './sessions.resolver';
import { SessionsService } from './sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([TrainingSessionEntity]), CatalogueModule, AuthModule, ModuleTrainersModule],
  providers: [SessionsService, SessionsResolver, WorkshopResolver, CatalogueCachePlugin],
  exports: [SessionsService],
})
export class SessionsModule {}
