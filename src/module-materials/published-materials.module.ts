import { Module } from '@nestjs/common';
import { PublishedMaterialsService } from './published-materials.service';

/** The published materials of modules, for features that cannot import materials/ (see PublishedMaterialsService). */
@Module({
  providers: [PublishedMaterialsService],
  exports: [PublishedMaterialsService],
})
export class PublishedMaterialsModule {}
