import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { TrainingMaterial } from './material.entity';
import { MaterialsResolver } from './materials.resolver';
import { MaterialsService } from './materials.service';

@Module({
  imports: [TypeOrmModule.forFeature([TrainingMaterial]), CatalogueModule],
  providers: [MaterialsService, MaterialsResolver],
  exports: [MaterialsService],
})
export class MaterialsModule {}
