import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from './byte-range';
import { MaterialFilesService } from './material-files.service';
import { contentKey } from './storage';

/**
 * GET (and HEAD) /files/materials/{materialVersionId}?token=…: a material's file, from the link its `downloadUrl`
 * gives (the token is the credential: links and <video src> send no bearer header). The original name
 * (Content-Disposition, attachment unless `inline=1`), the type detected at upload, its length; one byte range
 * (206, Content-Range; 416 when past the end; If-Range honoured), so a video plays from its middle and a broken
 * download resumes; ETag = the SHA-256 (quoted), If-None-Match answered 304. Streamed from storage, never buffered.
 */
@Controller('files/materials')
export class MaterialDownloadsController {
  constructor(private readonly files: MaterialFilesService) {}

  @Get(':id')
  async download(
    @Param('id') id: string,
    @Query('token') token: unknown,
    @Query('inline') inline: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { material, stored } = await this.files.forDownload(id, typeof token === 'string' ? token : '');
    const size = stored.sizeBytes;
    const etag = `"${stored.sha256}"`;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.setHeader('Content-Type', stored.contentType);
    res.setHeader(
      'Content-Disposition',
      contentDisposition(inline === '1' ? 'inline' : 'attachment', material.fileName!),
    );
    if (matchesAny(req.headers['if-none-match'], etag)) return void res.status(304).end();

    let range = parseByteRange(req.headers.range, size);
    const ifRange = req.headers['if-range'];
    if (range !== null && ifRange !== undefined && ifRange !== etag) range = null; // changed (or a date): all of it
    if (range === 'UNSATISFIABLE') {
      res.setHeader('Content-Range', `bytes */${size}`);
      res.removeHeader('Content-Disposition');
      return void res
        .status(416)
        .type('application/json; charset=utf-8')
        .json({ error: { code: 'BAD_USER_INPUT', message: `Range not satisfiable: the file has ${size} bytes` } });
    }
    if (range) {
      res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200).setHeader('Content-Length', String(size));
    }
    if (req.method === 'HEAD' || size === 0) return void res.end();
    const body = await this.files.storage.read(contentKey(stored.sha256), range ?? undefined);
    try {
      await pipeline(body, res);
    } catch (err) {
      // The reader went away (a player seeking elsewhere closes its request): nothing to answer.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') res.destroy(err as Error);
    }
  }
}

/** RFC 6266 / 8187: an ASCII fallback name and the exact name in UTF-8. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  // Anything outside printable ASCII becomes _.
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function matchesAny(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
