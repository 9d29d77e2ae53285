import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModuleTrainersResolver } from './module-trainers.resolver';
import { ModuleTrainersService } from './module-trainers.service';

/** Which trainers the Secretariat assigned to which module (apart from catalogue/, which auth/ depends on). */
@Module({
  imports: [AuthModule, CatalogueModule],
  providers: [ModuleTrainersService, ModuleTrainersResolver],
  exports: [ModuleTrainersService],
})
export class ModuleTrainersModule {}
