import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { OutboxModule } from '../outbox/outbox.module';
import { TrainingMaterial } from './material.entity';
import { StoredFileEntity } from './stored-file.entity';
import { MaterialsResolver } from './materials.resolver';
import { MaterialsService } from './materials.service';
import { DownloadTokens } from './download-tokens';

@Module({
  imports: [
    TypeOrmModule.forFeature([TrainingMaterial, StoredFileEntity]),
    CatalogueModule,
    AuthModule,
    ModuleTrainersModule,
    EnrolmentsModule,
    OutboxModule,
  ],
  providers: [MaterialsService, MaterialsResolver, DownloadTokens],
  exports: [MaterialsService, DownloadTokens],
})
export class MaterialsModule {}
