import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueResolver } from './catalogue.resolver';
import { CatalogueService } from './catalogue.service';
import { Party } from './party.entity';
import { RegionalCentre } from './regional-centre.entity';
import { ThematicModule } from './thematic-module.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Party, RegionalCentre, ThematicModule])],
  providers: [CatalogueService, CatalogueResolver],
  exports: [CatalogueService],
})
export class CatalogueModule {}
