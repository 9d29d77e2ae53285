/**
 * The bytes of a participant report as text. Webinar tools write CSV in UTF-8 (with or without a byte-order mark) or,
 * as Microsoft Teams and Webex do, in UTF-16 with a byte-order mark (little-endian, tab-separated). Anything else is
 * refused with the line where it stops being text, before any parsing: a spreadsheet saved in Latin-1, a PDF, random
 * bytes.
 */

/** A problem with the report, at a line of the file (1 for the file as a whole). */
export class ReportError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'ReportError';
  }
}

export type ReportEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

export interface DecodedReport {
  text: string;
  encoding: ReportEncoding;
}

const NOT_TEXT = 'the file is not text in UTF-8 or UTF-16';

/** Decodes a report's bytes; throws a ReportError naming the line for an empty file or bytes that are not text. */
export function decodeReport(bytes: Uint8Array): DecodedReport {
  if (bytes.length === 0) throw new ReportError(1, 'the file is empty');
  let encoding: ReportEncoding = 'UTF-8';
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (startsWith(bytes, [0xff, 0xfe])) [encoding, body] = ['UTF-16LE', bytes.subarray(2)];
  else if (startsWith(bytes, [0xfe, 0xff])) [encoding, body] = ['UTF-16BE', bytes.subarray(2)];
  if (body.length === 0) throw new ReportError(1, 'the file is empty (only a byte-order mark)');

  const text = encoding === 'UTF-8' ? decodeUtf8(body) : decodeUtf16(body, encoding);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new ReportError(lineAt(text, nul), `${NOT_TEXT} (it holds NUL characters: a binary file?)`);
  if (!text.trim()) throw new ReportError(1, 'the file is empty (blank lines only)');
  return { text, encoding };
}

function decodeUtf8(bytes: Uint8Array): string {
  // Bytes 00 without a UTF-16 byte-order mark: binary, or UTF-16 saved without its mark; say so at the first one.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new ReportError(lineOfByte(bytes, nul), `${NOT_TEXT} (byte 00 at offset ${nul}: a binary file?)`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
    throw new ReportError(
      lineOfByte(bytes, offset),
      `not UTF-8 (byte ${byte} at offset ${offset}): ${NOT_TEXT}; export the report again or save it as "CSV UTF-8"`,
    );
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'UTF-16LE' | 'UTF-16BE'): string {
  if (bytes.length % 2) throw new ReportError(1, `${NOT_TEXT} (a UTF-16 byte-order mark, then an odd number of bytes)`);
  let le = bytes;
  if (encoding === 'UTF-16BE') {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) [le[i], le[i + 1]] = [bytes[i + 1], bytes[i]];
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(le);
  } catch {
    const partial = new TextDecoder('utf-16le').decode(le);
    const bad = partial.indexOf('\ufffd');
    throw new ReportError(lineAt(partial, Math.max(bad, 0)), `${NOT_TEXT} (invalid ${encoding})`);
  }
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let min: number;
    if (c < 0x80) [n, min] = [0, 0];
    else if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((p, i) => bytes[i] === p);
}

/** 1-based line of a byte offset (lines end with LF; a lone CR counts too). */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** 1-based line of a character offset in decoded text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
