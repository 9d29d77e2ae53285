import { Module } from '@nestjs/common';
import { PublishedMaterialsService } from './published-materials.service';

/** The read side of materials other features may import (see PublishedMaterialsService). */
@Module({
  providers: [PublishedMaterialsService],
  exports: [PublishedMaterialsService],
})
export class PublishedMaterialsModule {}
