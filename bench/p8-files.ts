import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Upload } from 'tus-js-client';
import { dropDatabase, freshDatabaseName } from './support/database';
import { fmt, pct, type BenchResult } from './support/results';
import { checkFile } from '../src/files/file-type-check';
import { FsStorage } from '../src/files/storage';
import { gql, rssOf, sampleRss, startServer } from './support/server';

/**
 * P8: a 200 MB material file uploaded through tus (tus-js-client, 16 MB chunks, as the web app's upload does) and
 * downloaded from its link, over loopback, against the same file copied with `cp` (fs.copyFile) and served by a bare
 * Node HTTP server (`pipeline(fs.createReadStream(file), res)`, in a process of its own as the API is), in the same
 * run. The API's resident memory is sampled every 50 ms from before the upload to after the download: bodies are
 * streamed, never held, so it must stay ≤ 300 MB. The upload's time includes what the API does once the last byte is
 * in (the type read from the bytes, the SHA-256, the copy into content-addressed storage); the download is checked
 * byte for byte (SHA-256) against the file sent.
 */
const SIZE = Number(process.env.BENCH_P8_BYTES ?? 200 * 1024 * 1024);
const CHUNK = 16 * 1024 * 1024;
const RSS_LIMIT = 300 * 1024 * 1024;
const MB = 1024 * 1024;

export async function run(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'lms-bench-p8-'));
  const source = join(work, 'recording.mp4');
  const sourceSha = await writeMp4(source, SIZE);
  const dbName = await freshDatabaseName('p8');
  const server = await startServer(dbName, {
    STORAGE_DIR: join(work, 'storage'),
    MATERIAL_MAX_BYTES: String(SIZE + MB),
    SEED_DEMO: 'false',
  });
  const bare = await startBareServer(source);
  try {
    const login = await gql(
      server.url,
      `mutation { login(email: "admin@bench.example.org", password: "bench-admin-password-123") { accessToken } }`,
    );
    const token = login.data.login.accessToken as string;
    const created = await gql(
      server.url,
      `mutation C($i: MaterialInput!) { createMaterial(input: $i) { id } }`,
      { i: { moduleCode: 'NIP', title: 'Webinar recording', language: 'EN' } },
      token,
    );
    const materialId = created.data.createMaterial.id as string;

    const idleRss = rssOf(server.pid);
    const rss = sampleRss(server.pid, 50);
    const uploadSeconds = await timed(() => tusUpload(server.url, token, materialId, source));
    const file = (
      await gql(
        server.url,
        `query M($id: ID!) { material(id: $id) { file { sizeBytes sha256 contentType downloadUrl } } }`,
        { id: materialId },
        token,
      )
    ).data.material.file;
    let apiDownload: Downloaded = { bytes: 0, sha256: '' };
    const apiDownloadSeconds = await timed(
      async () => (apiDownload = await download(`${server.url}${file.downloadUrl}`)),
    );
    const peakRss = rss.stop();

    const copySeconds = await timed(() => copyFile(source, join(work, 'copy.mp4')));
    // What the API does once the last byte is in, alone, in this process: read the type and hash, store a copy.
    const finishSeconds = await timed(async () => {
      await checkFile(source);
      await new FsStorage(join(work, 'finish')).put('x', createReadStream(source));
    });
    let bareDownload: Downloaded = { bytes: 0, sha256: '' };
    const bareDownloadSeconds = await timed(async () => (bareDownload = await download(bare.url)));

    const rate = (s: number) => SIZE / MB / s;
    const equal =
      file.sha256 === sourceSha &&
      file.sizeBytes === SIZE &&
      apiDownload.sha256 === sourceSha &&
      apiDownload.bytes === SIZE &&
      bareDownload.sha256 === sourceSha;
    const up = rate(uploadSeconds);
    const down = rate(apiDownloadSeconds);
    const cp = rate(copySeconds);
    const bareDown = rate(bareDownloadSeconds);
    return [
      {
        id: 'P8',
        what: `a ${fmt(SIZE / MB)} MB material file (MP4) uploaded through tus (${fmt(CHUNK / MB)} MB chunks) and downloaded over loopback`,
        figure: `upload ${fmt(up, 1)} MB/s (${fmt(uploadSeconds, 2)} s); download ${fmt(down, 1)} MB/s (${fmt(apiDownloadSeconds, 2)} s); API peak RSS ${fmt(peakRss / MB)} MB`,
        baseline: `cp (fs.copyFile) ${fmt(cp, 1)} MB/s; bare Node pipeline server ${fmt(bareDown, 1)} MB/s`,
        ratio: `upload ${pct(up, cp)}; download ${pct(down, bareDown)}`,
        goal: 'API resident memory ≤ 300 MB throughout; the same bytes back',
        met: equal && peakRss <= RSS_LIMIT,
        notes: [
          `bytes checked: stored and downloaded SHA-256 ${equal ? 'equal to' : 'DIFFERENT from'} the file sent (${sourceSha.slice(0, 16)}…), type detected ${file.contentType}`,
          `the upload's time includes the API's work after the last byte (the same work alone, in the benchmark's process: ${fmt(finishSeconds, 2)} s): type from the bytes, SHA-256 over the file, copy into content-addressed storage (temp file, fsync, rename); cp copies once`,
          `API RSS before the upload ${fmt(idleRss / MB)} MB; sampled every 50 ms from the upload's first request to the download's last byte; the API runs as in production (NODE_OPTIONS ${process.env.NODE_OPTIONS ?? '--max-old-space-size=192'})`,
        ],
      },
    ];
  } finally {
    await bare.stop();
    await server.stop();
    await dropDatabase(dbName);
    rmSync(work, { recursive: true, force: true });
  }
}

/** An MP4 as file-type reads it (an ftyp box, then one mdat box) around random bytes; returns its SHA-256. */
async function writeMp4(path: string, size: number): Promise<string> {
  const ftyp = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2'),
  ]);
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(size - ftyp.length, 0);
  mdat.write('mdat', 4, 'latin1');
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(Buffer.concat([ftyp, mdat]));
  for (let left = size - ftyp.length - mdat.length; left > 0; left -= MB) await write(randomBytes(Math.min(MB, left)));
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

function tusUpload(url: string, token: string, materialId: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    new Upload(createReadStream(path), {
      endpoint: `${url}/uploads/`,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: 'recording.mp4', materialId },
      onSuccess: () => resolve(),
      onError: reject,
    }).start();
  });
}

interface Downloaded {
  bytes: number;
  sha256: string;
}

/** GET, counting and hashing the bytes as they come (the same client work for the API and the baseline). */
function download(url: string): Promise<Downloaded> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      res.on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The baseline server: a bare Node process answering every GET with the file, through pipeline. */
async function startBareServer(file: string): Promise<{ url: string; stop(): Promise<void> }> {
  const { size } = await stat(file);
  const script = `
    const http = require('node:http'); const fs = require('node:fs'); const { pipeline } = require('node:stream');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': ${size} });
      pipeline(fs.createReadStream(process.argv[1]), res, () => {});
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: `http://127.0.0.1:${Number(line.toString().trim())}/`,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
