import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { fileTypeFromFile } from 'file-type';

/** What the platform keeps of a file it accepted: the type read from its bytes, its digest and size. */
export interface CheckedFile {
  contentType: string;
  sha256: string;
  sizeBytes: number;
}

/** A file whose bytes are of no type a material may have; `detected` names what they are (or why not text). */
export class RefusedFileType extends Error {
  constructor(readonly detected: string) {
    super(
      `This file is ${detected}; a material may be a PDF, an Office document (Word, Excel, PowerPoint, OpenDocument), ` +
        'CSV text, MP4 video, MP3 audio, a PNG or JPEG image, or a ZIP archive',
    );
    this.name = 'RefusedFileType';
  }
}

/** file-type's answers that a material may be, with the type it is served as (file-type's own MIME type). */
const ALLOWED_EXTENSIONS = new Set([
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'mp4',
  'mp3',
  'png',
  'jpg',
  'zip',
]);

/**
 * Legacy Office files are Compound File Binary containers (file-type says `cfb`), as are Windows installers (.msi):
 * which one is told by the name of the container's main stream, written UTF-16LE in its directory.
 */
const CFB_STREAMS: [Buffer, string][] = [
  [Buffer.from('WordDocument', 'utf16le'), 'application/msword'],
  [Buffer.from('Workbook', 'utf16le'), 'application/vnd.ms-excel'],
  [Buffer.from('Book\u0000', 'utf16le'), 'application/vnd.ms-excel'],
  [Buffer.from('PowerPoint Document', 'utf16le'), 'application/vnd.ms-powerpoint'],
];
const LONGEST_CFB_NAME = Math.max(...CFB_STREAMS.map(([name]) => name.length));

/**
 * Reads the file once, as a stream (never whole in memory): its type from the bytes (file-type reads the first
 * ones; the name it was uploaded under plays no part), its SHA-256 and size, and, for the types that need the rest
 * of the bytes, their verdict: text (CSV has no magic number: UTF-8 without NUL bytes, or UTF-16 with its BOM and no
 * NUL character) or the stream that names a legacy Office file. Throws RefusedFileType for anything else.
 */
export async function checkFile(path: string): Promise<CheckedFile> {
  // A byte-order mark says text, whatever else its first bytes could be (FF FE also starts an MPEG audio frame).
  const detected = (await startsWithBom(path)) ? undefined : await fileTypeFromFile(path);
  if (detected && detected.ext !== 'cfb' && !ALLOWED_EXTENSIONS.has(detected.ext)) {
    throw new RefusedFileType(`${detected.mime} (.${detected.ext})`);
  }
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const text = detected ? null : new TextCheck();
  let cfbType: string | null = null;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    sizeBytes += chunk.length;
    text?.push(chunk);
    if (detected?.ext === 'cfb' && !cfbType) {
      const window = Buffer.concat([tail, chunk]);
      cfbType = CFB_STREAMS.find(([name]) => window.includes(name))?.[1] ?? null;
      tail = window.subarray(Math.max(0, window.length - LONGEST_CFB_NAME));
    }
  }
  let contentType: string;
  if (!detected) {
    const verdict = text!.end();
    if (verdict !== 'TEXT') throw new RefusedFileType(verdict);
    contentType = 'text/csv';
  } else if (detected.ext === 'cfb') {
    if (!cfbType)
      throw new RefusedFileType('a Compound File (application/x-cfb) that is no Word, Excel or PowerPoint file');
    contentType = cfbType;
  } else {
    contentType = detected.mime;
  }
  return { contentType, sha256: hash.digest('hex'), sizeBytes };
}

async function startsWithBom(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(3), 0, 3, 0);
    const head = buffer.subarray(0, bytesRead);
    return (
      (head[0] === 0xff && head[1] === 0xfe) ||
      (head[0] === 0xfe && head[1] === 0xff) ||
      (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    );
  } finally {
    await handle.close();
  }
}

/** Whether bytes fed in order are text: UTF-16 after its BOM, else UTF-8 (BOM or not); no NUL anywhere. */
class TextCheck {
  private decoder: TextDecoder | null = null;
  private verdict: string | null = null;
  private offset = 0;

  push(chunk: Buffer): void {
    if (this.verdict) return;
    if (!this.decoder) {
      const utf16 =
        chunk[0] === 0xff && chunk[1] === 0xfe
          ? 'utf-16le'
          : chunk[0] === 0xfe && chunk[1] === 0xff
            ? 'utf-16be'
            : null;
      this.decoder = new TextDecoder(utf16 ?? 'utf-8', { fatal: true });
    }
    let decoded: string;
    try {
      decoded = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.verdict = `not text: its bytes are neither UTF-8 nor UTF-16 with a BOM (after byte ${this.offset})`;
      return;
    }
    const nul = decoded.indexOf('\u0000');
    if (nul >= 0) this.verdict = `not text: it holds a NUL character (after byte ${this.offset})`;
    this.offset += chunk.length;
  }

  end(): string {
    if (this.verdict) return this.verdict;
    if (!this.decoder || this.offset === 0) return 'empty';
    try {
      this.decoder.decode();
    } catch {
      return 'not text: it ends in the middle of a character';
    }
    return 'TEXT';
  }
}
