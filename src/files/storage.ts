import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Bytes `start` to `end` inclusive, as HTTP's Range counts them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files live, behind four operations so that the platform never knows whether they are on this
 * machine's disk or in an object store. Keys are relative paths of lower-case letters, digits, '.', '_', '-' and '/'.
 * A key is written once and complete: a reader never sees half a file under it (a crash mid-write leaves nothing
 * there). See docs/ARCHITECTURE.md for an object-store driver.
 */
export interface FileStorage {
  /** Writes the stream under the key (replacing what was there), atomically; resolves with the bytes written. */
  put(key: string, body: Readable): Promise<{ sizeBytes: number }>;
  /** The bytes under the key, all or one range; rejects with code ENOENT when there is no such key. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Its size, or null when there is no such key. */
  stat(key: string): Promise<{ sizeBytes: number } | null>;
  /** Removes the key (no error when absent). */
  remove(key: string): Promise<void>;
}

const KEY = /^[a-z0-9_-][a-z0-9._-]*(\/[a-z0-9_-][a-z0-9._-]*)*$/;

/**
 * The filesystem driver: key = path under `root` (STORAGE_DIR). A put writes a temporary file beside the final one
 * (same directory, so the same filesystem), flushes it to disk, then renames it over the key: rename is atomic, so a
 * crash leaves either the old file or the new one, and at worst a `*.tmp` that nothing reads.
 */
export class FsStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable): Promise<{ sizeBytes: number }> {
    const final = this.pathOf(key);
    await mkdir(dirname(final), { recursive: true });
    const temp = `${final}.${randomBytes(6).toString('hex')}.tmp`;
    let sizeBytes = 0;
    body.on('data', (chunk: Buffer) => (sizeBytes += chunk.length));
    try {
      // flush: fsync before close, so the rename never publishes bytes still only in the page cache.
      await pipeline(body, createWriteStream(temp, { flags: 'wx', flush: true }));
      await rename(temp, final);
      return { sizeBytes };
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    // Opened before the stream is handed out: a missing file is an error of this call, not of the stream later.
    const handle = await open(path, 'r');
    return handle.createReadStream({ start: range?.start, end: range?.end });
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { sizeBytes: s.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
      throw new Error(`Invalid storage key: ${key}`);
    }
    return join(this.root, key);
  }
}

/** Where a stored file's bytes are kept: by content, under a two-character fan-out. */
export const contentKey = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256}`;
