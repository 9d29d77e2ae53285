import { fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fmt, type BenchResult } from './support/results';
import { sampleRss } from './support/server';

/**
 * P5: certificate PDFs rendered per second by one worker process. The process (bench/support/pdf-worker) renders
 * the certificates of the seeded programme's sessions for ever new holders, as the platform does for the
 * certificate e-mail and the download, for DURATION_MS or MAX_COUNT certificates. One of its PDFs is checked here:
 * a PDF by its header and trailer, of a plausible size, one page that a PDF reader finds the holder and the code on.
 */
const DURATION_MS = Number(process.env.BENCH_P5_DURATION_MS ?? 10_000);
const MAX_COUNT = Number(process.env.BENCH_P5_MAX ?? 2000);
const GOAL = 100;
/** The project root: the platform finds its fonts from the working directory (this file is dist…/bench/p5-pdf.js). */
const ROOT = resolve(__dirname, '../..');

interface Done {
  type: 'done';
  count: number;
  seconds: number;
  warmupMs: number;
  cpuSeconds: number;
  minBytes: number;
  maxBytes: number;
  meanBytes: number;
  sample: { holderName: string; code: string; verifyUrl: string } | null;
}

export async function run(): Promise<BenchResult[]> {
  const sampleFile = join(tmpdir(), `lms-bench-p5-${process.pid}.pdf`);
  const child = fork(join(__dirname, 'support', 'pdf-worker.js'), [], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DURATION_MS: String(DURATION_MS),
      MAX_COUNT: String(MAX_COUNT),
      SAMPLE_FILE: sampleFile,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const rss = sampleRss(child.pid!);
  try {
    const done = await new Promise<Done>((resolveDone, reject) => {
      const timer = setTimeout(() => reject(new Error('the PDF worker did not finish within 120 s')), 120_000);
      child.on('message', (m: Done) => {
        if (m?.type !== 'done') return;
        clearTimeout(timer);
        resolveDone(m);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the PDF worker exited with ${code}`));
      });
    });
    const peakRss = rss.stop();
    const rate = done.count / done.seconds;
    const check = await checkSample(sampleFile, done.sample);
    return [
      {
        id: 'P5',
        what: 'certificate PDFs rendered per second by one worker process',
        figure: `${fmt(rate)} PDFs/s (${fmt(done.count)} in ${fmt(done.seconds, 1)} s)`,
        baseline: '—',
        ratio: '—',
        goal: `≥ ${GOAL} per second`,
        met: check.ok && rate >= GOAL,
        notes: [
          `${fmt((1000 * done.cpuSeconds) / done.count, 2)} ms of CPU a certificate; sizes ${fmt(done.minBytes / 1024, 1)}–${fmt(done.maxBytes / 1024, 1)} KiB (mean ${fmt(done.meanBytes / 1024, 1)} KiB); ` +
            `the first ${20} renderings, not counted, took ${fmt(done.warmupMs)} ms (fonts parsed once per process); peak RSS ${fmt(peakRss / 2 ** 20)} MB`,
          `documents: the seeded programme's 8 webinars and 10 workshops, a new holder each time (names in Latin, Arabic, Chinese and Cyrillic script, 6 languages, 3 of them for the text), a new 192-bit code and its QR code`,
          `sample checked: ${check.summary}`,
        ],
      },
    ];
  } finally {
    rss.stop();
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(sampleFile, { force: true });
  }
}

/** The sample PDF: header, trailer, size, and what pdf.js reads on it. */
async function checkSample(file: string, sample: Done['sample']): Promise<{ ok: boolean; summary: string }> {
  if (!sample) return { ok: false, summary: 'no sample was written' };
  const pdf = readFileSync(file);
  const header = pdf.subarray(0, 5).toString('latin1') === '%PDF-';
  const trailer = pdf.subarray(-32).toString('latin1').includes('%%EOF');
  const sized = pdf.length >= 8 * 1024 && pdf.length <= 1024 * 1024;
  let pages: number;
  let text: string;
  try {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    pages = doc.numPages;
    const content = await (await doc.getPage(1)).getTextContent();
    text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    await doc.destroy();
  } catch (err) {
    return { ok: false, summary: `pdf.js could not read it: ${(err as Error).message}` };
  }
  const hasHolder = text.includes(sample.holderName);
  const hasCode = text.replace(/\s+/g, '').includes(sample.code);
  const ok = header && trailer && sized && pages === 1 && hasHolder && hasCode;
  return {
    ok,
    summary:
      `${fmt(pdf.length / 1024, 1)} KiB, ${header ? '%PDF- header' : 'NO %PDF- header'}, ${trailer ? '%%EOF trailer' : 'NO %%EOF trailer'}, ` +
      `${pages} page(s); pdf.js reads the holder's name ${hasHolder ? 'yes' : 'NO'} and the verification code ${hasCode ? 'yes' : 'NO'}`,
  };
}
