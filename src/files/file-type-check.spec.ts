import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFile, RefusedFileType } from './file-type-check';

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('checkFile: the type from the bytes, the digest and the size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'file-type-check-'));
  let n = 0;
  const fileOf = (bytes: Buffer) => {
    const path = join(dir, `f${++n}.pdf`); // every name says .pdf: only the bytes count
    writeFileSync(path, bytes);
    return path;
  };
  const refusal = async (bytes: Buffer) => {
    const err = await checkFile(fileOf(bytes)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefusedFileType);
    return (err as RefusedFileType).detected;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a PDF, a PNG and a ZIP by their magic numbers, with SHA-256 and size', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
    expect(await checkFile(fileOf(pdf))).toEqual({
      contentType: 'application/pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      sizeBytes: pdf.length,
    });
    expect((await checkFile(fileOf(PNG_1X1))).contentType).toBe('image/png');
    // An empty ZIP archive: its end-of-central-directory record alone.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);
    expect((await checkFile(fileOf(zip))).contentType).toBe('application/zip');
  });

  it('takes text as CSV: UTF-8 with or without BOM, UTF-16 with its BOM', async () => {
    expect((await checkFile(fileOf(Buffer.from('name,e-mail\nZoé,zoe@example.org\n')))).contentType).toBe('text/csv');
    expect((await checkFile(fileOf(Buffer.from('\ufeffa;b\n1;2\n')))).contentType).toBe('text/csv');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tJoin time\nZoé\t10:00\n', 'utf16le')]);
    expect((await checkFile(fileOf(utf16))).contentType).toBe('text/csv');
  });

  it('refuses text with a NUL, bytes that are no UTF-8, and an empty file', async () => {
    expect(await refusal(Buffer.from('a,b\n1,2\u0000\n'))).toMatch(/NUL/);
    expect(await refusal(Buffer.from([0x61, 0x2c, 0xc3, 0x28, 0x0a]))).toMatch(/neither UTF-8 nor UTF-16/);
    expect(await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b', 'utf16le')]))).toMatch(
      /NUL/,
    );
    expect(await refusal(Buffer.alloc(0))).toBe('empty');
  });

  it('refuses executables and other types, naming what the bytes are', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), randomBytes(512)]);
    expect(await refusal(elf)).toMatch(/elf/);
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(512)]);
    expect(await refusal(exe)).toMatch(/exe|msdownload/);
    expect(await refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toMatch(/image\/gif/);
  });

  it('tells a legacy Word, Excel or PowerPoint file from another Compound File (an .msi installer)', async () => {
    const cfb = (stream: string) =>
      Buffer.concat([CFB_MAGIC, randomBytes(1000), Buffer.from(stream, 'utf16le'), randomBytes(70_000)]);
    expect((await checkFile(fileOf(cfb('WordDocument')))).contentType).toBe('application/msword');
    expect((await checkFile(fileOf(cfb('Workbook')))).contentType).toBe('application/vnd.ms-excel');
    expect((await checkFile(fileOf(cfb('PowerPoint Document')))).contentType).toBe('application/vnd.ms-powerpoint');
    expect(await refusal(cfb('SummaryInformation'))).toMatch(/Compound File/);
  });
});
