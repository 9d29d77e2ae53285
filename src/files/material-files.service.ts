import { createReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { forbidden, isUuid, notFound } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { DownloadTokens } from '../materials/download-tokens';
import { MaterialsService } from '../materials/materials.service';
import { checkFile } from './file-type-check';
import { contentKey, FsStorage, type FileStorage } from './storage';

/**
 * Material files: a finished upload checked, kept once by content and attached to its draft; a download link's
 * version, file and reader. The bytes are in `storage` (the filesystem driver under STORAGE_DIR).
 */
@Injectable()
export class MaterialFilesService {
  readonly storage: FileStorage;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly materials: MaterialsService,
    private readonly users: UsersService,
    private readonly tokens: DownloadTokens,
  ) {
    this.storage = new FsStorage(config.storage.dir);
  }

  /**
   * Keeps the file at `path` (a finished upload): its type checked on the bytes (RefusedFileType otherwise), stored
   * under its SHA-256 unless those bytes are already there, recorded once in stored_file.
   */
  async store(path: string) {
    const checked = await checkFile(path);
    const key = contentKey(checked.sha256);
    const existing = await this.storage.stat(key);
    if (existing?.sizeBytes !== checked.sizeBytes) await this.storage.put(key, createReadStream(path));
    return this.materials.recordStoredFile(checked);
  }

  /** A finished upload becomes the file of its draft (the draft still the caller's to change, and still a draft). */
  async attachUpload(materialId: string, actor: User, path: string, fileName: string) {
    await this.materials.requireDraftForFile(materialId, actor);
    const stored = await this.store(path);
    return this.materials.attachFile(materialId, actor, { sha256: stored.sha256, fileName });
  }

  /**
   * What a download link gives: the version (404 when there is none, or it has no file), then the token (403 when
   * altered, expired or another version's), then its holder's right to it now (403: the version is not, or no longer,
   * visible to them: a draft or archived version is for its author and the Secretariat).
   */
  async forDownload(id: string, token: string) {
    const version = isUuid(id) ? await this.materials.byId(id) : null;
    if (!version?.fileSha256) throw notFound('Material file', id);
    const userId = this.tokens.verify(token, id);
    if (!userId)
      throw forbidden('This download link is not valid or has expired: open the material again for a new one');
    const user = await this.users.findById(userId);
    const material = user && !user.disabledAt ? await this.materials.findVisible(id, user) : null;
    if (!material?.fileSha256) throw forbidden('You may not download this version of the material');
    const [stored] = await this.materials.storedFiles([material.fileSha256]);
    if (!stored) throw notFound('Material file', id);
    return { material, stored };
  }
}
