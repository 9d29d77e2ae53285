/** One benchmark's outcome, as `npm run bench` prints it and bench/RESULTS.md records it. */
export interface BenchResult {
  id: string; // P1 … P7
  what: string;
  /** The measured figure, with its unit, e.g. "1,234 req/s; p99 38 ms". */
  figure: string;
  /** The baseline measured in the same run, or "—" where the issue sets none. */
  baseline: string;
  /** figure ÷ baseline as a percentage, or "—". */
  ratio: string;
  goal: string;
  met: boolean;
  /** Further lines: what was checked (counts, invariants), where the time went. */
  notes: string[];
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pct = (part: number, whole: number): string => (whole > 0 ? `${fmt((100 * part) / whole, 1)} %` : '—');

/** Percentile of unsorted numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
