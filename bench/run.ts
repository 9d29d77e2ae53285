import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { BenchResult } from './support/results';
import { run as p1 } from './p1-enrol';
import { run as p2 } from './p2-catalogue';
import { run as p2q } from './p2-backlog';
import { run as p3 } from './p3-stats';
import { run as p4 } from './p4-reminders';
import { run as p5 } from './p5-pdf';
import { run as p7 } from './p7-web';
import { run as p8 } from './p8-files';

/**
 * `npm run bench [-- P1 P3 …]`: runs the benchmarks one after another (each starts its own servers on its own
 * database and Redis prefix and measures its own baseline in the same run), prints the table and, when all ran,
 * writes bench/RESULTS.md. P6 is measured by P1 and P4; P7 drives Debian's Chromium (bench/support/chromium.ts).
 */
type Bench = () => Promise<BenchResult[]>;

const BENCHES: Record<string, Bench> = { P1: p1, P2: p2, P2Q: p2q, P3: p3, P4: p4, P5: p5, P7: p7, P8: p8 };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).map((a) => a.toUpperCase());
  const ids = asked.length ? Object.keys(BENCHES).filter((id) => asked.includes(id)) : Object.keys(BENCHES);
  const started = new Date();
  const results: BenchResult[] = [];
  for (const id of ids) {
    process.stdout.write(`\n== ${id}\n`);
    const t0 = Date.now();
    const bench = await BENCHES[id]();
    for (const r of bench) {
      results.push(r);
      print(r);
    }
    process.stdout.write(`   (${id} took ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const table = markdown(mergeMemory(results), started);
  process.stdout.write(`\n${table}\n`);
  if (ids.length === Object.keys(BENCHES).length) {
    writeFileSync(resolve(process.cwd(), 'bench/RESULTS.md'), table);
    process.stdout.write('written to bench/RESULTS.md\n');
  }
  process.exit(results.every((r) => r.met) ? 0 : 1);
}

/** P1 and P4 each measure one half of P6 (the API's and a worker's memory): one row for both. */
function mergeMemory(results: BenchResult[]): BenchResult[] {
  const memory = results.filter((r) => r.id === 'P6');
  if (memory.length < 2) return results;
  const merged: BenchResult = {
    id: 'P6',
    what: memory.map((r) => r.what).join('; '),
    figure: memory.map((r) => r.figure).join('; '),
    baseline: '—',
    ratio: '—',
    goal: memory.map((r) => r.goal).join('; '),
    met: memory.every((r) => r.met),
    notes: memory.flatMap((r) => r.notes),
  };
  const rest = results.filter((r) => r.id !== 'P6');
  return [...rest, merged].sort((a, b) => a.id.localeCompare(b.id));
}

function print(r: BenchResult): void {
  process.stdout.write(
    `${r.id} ${r.met ? 'MET ' : 'MISSED'}  ${r.what}\n   measured: ${r.figure}\n   baseline: ${r.baseline}   ratio: ${r.ratio}   goal: ${r.goal}\n` +
      r.notes.map((n) => `   - ${n}\n`).join(''),
  );
}

function markdown(results: BenchResult[], started: Date): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = results
    .map(
      (r) =>
        `| ${r.id} | ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.baseline)} | ${r.ratio} | ${cell(r.goal)} | ${r.met ? 'met' : '**missed**'} |`,
    )
    .join('\n');
  const notes = results
    .filter((r) => r.notes.length)
    .map((r) => `### ${r.id}\n${r.notes.map((n) => `- ${n}`).join('\n')}`)
    .join('\n\n');
  return [
    '# Benchmark results',
    '',
    `Run of ${started.toISOString()} by \`npm run bench\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}; API and workers built and started with NODE_ENV=production.`,
    '',
    '| id | what | measured | baseline (same run) | ratio | goal | |',
    '|---|---|---|---|---|---|---|',
    rows,
    '',
    notes,
    '',
  ].join('\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
