import { basename, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { ErrorRequestHandler, NextFunction, Response } from 'express';
import { FileStore } from '@tus/file-store';
import { Metadata, Server, type Upload } from '@tus/server';
import { badInput, DomainError, HTTP_STATUS_OF_CODE, unauthenticated, forbidden } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { authenticate } from '../auth/auth.middleware';
import { AuthService } from '../auth/auth.service';
import { Role } from '../auth/role.enum';
import type { User } from '../auth/user.entity';
import type { AuthenticatedRequest } from '../graphql/context';
import { MaterialsService } from '../materials/materials.service';
import { RefusedFileType } from './file-type-check';
import { MaterialFilesService } from './material-files.service';

/** Where tus uploads are created (POST) and continued (HEAD, PATCH, DELETE on /uploads/{id}). */
export const UPLOADS_PATH = '/uploads';

/** An unfinished upload is kept this long after its creation, then removed (resumable until then). */
const UNFINISHED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

const log = new Logger('MaterialUploads');

/**
 * Material files are uploaded with the tus 1.0 protocol (resumable: a client that loses its connection asks the
 * offset with HEAD and sends the rest with PATCH), served by @tus/server with @tus/file-store beside Nest: bodies are
 * streamed to a partial file under STORAGE_DIR/.uploads, never held in memory. In front of it, the platform's own
 * auth middleware (`authenticate`: `Authorization: Bearer`) and the checks a creation must pass before any byte is
 * accepted (size, the draft material the caller may change); every later request of an upload must come from the
 * account that created it. When the last byte arrives, the file is checked, stored by content and attached to its
 * draft (MaterialFilesService), and the partial removed. Refusals are the platform's JSON errors (`errors`).
 */
export function mountMaterialUploads(app: INestApplication, errors: ErrorRequestHandler): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const files = app.get(MaterialFilesService);
  const materials = app.get(MaterialsService);
  const directory = join(config.storage.dir, '.uploads');
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: UNFINISHED_UPLOAD_TTL_MS });
  const maxBytes = config.storage.materialMaxBytes;

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize: maxBytes,
    relativeLocation: true,
    // Same origin only: the web application is served by this API.
    allowedOrigins: () => false,
    onUploadCreate: async (req, upload) => ({
      metadata: { ...upload.metadata, userId: userOf(req).id },
    }),
    onUploadFinish: async (req, upload) => {
      try {
        const metadata = upload.metadata ?? {};
        await files.attachUpload(
          metadata.materialId ?? '',
          userOf(req),
          join(directory, upload.id),
          cleanFileName(metadata.filename ?? ''),
        );
        return {};
      } catch (err) {
        return jsonRefusal(err);
      } finally {
        await datastore.remove(upload.id).catch(() => undefined);
      }
    },
  });

  const gate = async (req: AuthenticatedRequest, _res: Response, next: NextFunction): Promise<void> => {
    try {
      if (req.method === 'OPTIONS') return next();
      if (req.authError) throw unauthenticated(req.authError);
      const user = req.user as User | undefined;
      if (!user) throw unauthenticated('Sign in to upload: send Authorization: Bearer <accessToken>');
      // updateMaterial's rule: @Roles(TRAINER, SECRETARIAT), then requireEditable (in checkCreation).
      if (!user.roles.some((r) => r === Role.TRAINER || r === Role.SECRETARIAT)) {
        throw forbidden('Only trainers and the Secretariat upload material files');
      }
      if (req.method === 'POST') await checkCreation(req, user);
      else await checkOwner(req, user);
      next();
    } catch (err) {
      next(err);
    }
  };

  /** Before any byte: a known length within the limit, a file name, a draft the caller may change. */
  async function checkCreation(req: AuthenticatedRequest, user: User): Promise<void> {
    const length = req.headers['upload-length'];
    if (typeof length !== 'string' || !/^\d{1,16}$/.test(length)) {
      throw badInput('Upload-Length', 'Send the file’s size in Upload-Length (a deferred length is not accepted)');
    }
    if (Number(length) > maxBytes) throw new TooLarge(Number(length), maxBytes);
    if (Number(length) === 0) throw badInput('Upload-Length', 'The file is empty');
    if (!req.headers['upload-metadata']) {
      throw badInput('Upload-Metadata', 'Send Upload-Metadata with the filename and the materialId of a draft');
    }
    let metadata: Record<string, string | null>;
    try {
      metadata = Metadata.parse(req.headers['upload-metadata'] as string | undefined);
    } catch {
      throw badInput('Upload-Metadata', 'Upload-Metadata is malformed (tus: key base64value, comma-separated)');
    }
    if (!cleanFileName(metadata.filename ?? '')) throw badInput('filename', 'Upload-Metadata must give the filename');
    if (!metadata.materialId) throw badInput('materialId', 'Upload-Metadata must give the materialId of a draft');
    await materials.requireDraftForFile(metadata.materialId, user);
  }

  /** HEAD, PATCH and DELETE of an upload: its creator's only (an upload's address is no credential). */
  async function checkOwner(req: AuthenticatedRequest, user: User): Promise<void> {
    const id = /^\/([A-Za-z0-9_-]{1,128})\/?$/.exec(req.path)?.[1];
    if (!id) return; // tus answers (404)
    const upload: Upload | null = await datastore.getUpload(id).catch(() => null);
    if (upload && upload.metadata?.userId !== user.id) throw forbidden('This upload is another account’s');
  }

  // Express strips the mount path from req.url; tus reads the upload's id from the full path.
  const handle = (req: AuthenticatedRequest, res: Response, next: NextFunction) => {
    req.url = req.originalUrl;
    tus.handle(req, res).catch(next);
  };

  app.use(UPLOADS_PATH, authenticate(app.get(AuthService)), gate, handle, tooLargeOr(errors));

  const sweep = setInterval(
    () => {
      tus.cleanUpExpiredUploads().catch((err: unknown) => log.warn({ msg: 'expired uploads not removed', err }));
    },
    60 * 60 * 1000,
  );
  sweep.unref();
}

/** A file name as shown and given back on download: no folders, no control characters, at most 255 characters. */
function cleanFileName(name: string): string {
  const withoutFolders = basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = withoutFolders.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...base].slice(0, 255).join('');
}

/** The user of a request that passed the gate (tus hands the hooks its own request, wrapping Node's). */
function userOf(req: unknown): User {
  const node = (req as { runtime?: { node?: { req?: AuthenticatedRequest } } }).runtime?.node?.req;
  const user = node?.user as User | undefined;
  if (!user) throw new Error('tus hook without the gate’s user');
  return user;
}

/** Upload-Length over MATERIAL_MAX_BYTES: 413, with API.md's code for a request the client must change. */
class TooLarge extends Error {
  constructor(
    readonly length: number,
    readonly max: number,
  ) {
    super(`The file (${length} bytes) is over the limit of ${max} bytes (MATERIAL_MAX_BYTES)`);
  }
}

function tooLargeOr(errors: ErrorRequestHandler): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!(err instanceof TooLarge)) return errors(err, req, res, next);
    res
      .status(413)
      .type('application/json; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .json({ error: { code: 'BAD_USER_INPUT', message: err.message, limitBytes: err.max } });
  };
}

/** The end of an upload refused: the platform's JSON error, in the answer tus sends (415 for a refused type). */
function jsonRefusal(err: unknown): { status_code: number; headers: Record<string, string>; body: string } {
  let status = 500;
  let error: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  if (err instanceof RefusedFileType) {
    status = 415;
    error = { code: 'BAD_USER_INPUT', message: err.message, detectedType: err.detected };
  } else if (err instanceof DomainError) {
    status = HTTP_STATUS_OF_CODE[err.code];
    error = { code: err.code, message: err.message, ...err.details };
  } else {
    log.error({ msg: 'upload not stored', err: err instanceof Error ? err : undefined });
  }
  return {
    status_code: status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ error }),
  };
}
