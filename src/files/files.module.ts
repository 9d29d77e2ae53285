import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MaterialsModule } from '../materials/materials.module';
import { MaterialDownloadsController } from './material-downloads.controller';
import { MaterialFilesService } from './material-files.service';

/**
 * Material files: tus uploads (mounted beside Nest by bootstrap: mountMaterialUploads), content-addressed storage,
 * and the Range downloads of download links (materials/ signs them: TrainingMaterial.file.downloadUrl).
 */
@Module({
  imports: [AuthModule, MaterialsModule],
  controllers: [MaterialDownloadsController],
  providers: [MaterialFilesService],
  exports: [MaterialFilesService],
})
export class FilesModule {}
