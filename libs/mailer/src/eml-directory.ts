import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Characters kept as they are in a file name; everything else is percent-encoded, so the mapping stays one-to-one. */
const PLAIN = /[A-Za-z0-9._@+-]/;
/** Well under the 255-byte limit of common file systems, with room for the temporary file's prefix and suffix. */
const MAX_NAME = 180;

/**
 * `<messageId>.eml` made safe for any file system: no path separators, no leading dot, no reserved characters.
 * Distinct Message-IDs give distinct names (percent-encoding is injective; a very long id is shortened with its
 * hash), and the same Message-ID always gives the same name, so a message written twice is one file.
 */
export function emlFileName(messageId: string): string {
  let name = '';
  for (const ch of messageId) {
    name +=
      PLAIN.test(ch) && !(name === '' && ch === '.')
        ? ch
        : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  if (name.length > MAX_NAME) {
    const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 32);
    name = `${name.slice(0, MAX_NAME - 33)}~${hash}`;
  }
  return `${name || 'message'}.eml`;
}

/**
 * Writes a message under `dir` without a reader ever seeing half of it: the bytes go to a hidden temporary file in
 * the same directory (so the rename cannot cross file systems), are flushed, and the file is renamed into place.
 * The rename replaces an earlier copy of the same message atomically.
 */
export async function writeEml(dir: string, messageId: string, message: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = emlFileName(messageId);
  const target = join(dir, name);
  const temporary = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx', 0o644);
    try {
      await file.writeFile(message);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
  return target;
}
