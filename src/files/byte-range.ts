import type { ByteRange } from './storage';

/**
 * The one range of a `Range: bytes=…` header for a file of `size` bytes (RFC 9110 §14): `a-b`, `a-` or the suffix
 * `-n` (the last n bytes), `b` clipped to the end. 'UNSATISFIABLE' when the range starts at or beyond the end (answer
 * 416); null when the header is absent, not in bytes, malformed or asks several ranges: the whole file is answered
 * then, which the RFC allows a server to do for any Range it does not support.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'UNSATISFIABLE' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'UNSATISFIABLE';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (!Number.isSafeInteger(start) || last < start) return null;
  if (start >= size) return 'UNSATISFIABLE';
  return { start, end: Math.min(last, size - 1) };
}
