import { CsvError, parse } from 'csv-parse';
import { ReportError } from './report-decoding';

/** One record of the report: its cells (trimmed) and the line of the file where it starts. */
export interface ReportRow {
  line: number;
  cells: string[];
}

export type Delimiter = ',' | '\t' | ';';

/** Longest record accepted, in characters: a participant row is a few hundred. */
const MAX_RECORD_CHARS = 64 * 1024;
/** What is parsed between two turns of the event loop. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The delimiter of the report, from its first lines: Teams (and Webex's UTF-16 exports) separate with tabs, Zoom and
 * most others with commas; a spreadsheet saved in a European locale with semicolons.
 */
export function detectDelimiter(text: string): Delimiter {
  const head = text.split(/\r\n|\n|\r/, 30).join('\n');
  const count = (c: string) => head.split(c).length - 1;
  const [tabs, commas, semicolons] = [count('\t'), count(','), count(';')];
  if (tabs > 0 && tabs >= commas) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

/**
 * The records of a CSV (or tab-separated) text, blank records left out, each with the line it starts on. Rows of
 * different lengths are accepted (a summary block above the participants), and so are stray quotes inside a cell;
 * a record csv-parse cannot read (a quote never closed) is reported with its line. Cells are never interpreted:
 * `=SUM(A1)` is the text it is.
 */
export async function readTable(text: string, delimiter: Delimiter = detectDelimiter(text)): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  let lastRecordLine = 0;
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: string[], context: { lines: number }) => {
      lastRecordLine = context.lines;
      return record;
    },
  });
  parser.on('data', ({ record, info }: { record: string[]; info: { lines: number } }) => {
    const cells = record.map((c) => c.replace(/[\u00a0\u202f]/g, ' ').trim());
    if (cells.every((c) => c === '')) return;
    const newlines = cells.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    rows.push({ line: Math.max(1, info.lines - newlines), cells });
  });
  let failed = false;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', (error) => {
      failed = true;
      reject(error);
    });
  });
  done.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  try {
    // In pieces of whole lines, letting the event loop serve other requests between them (10 MB take seconds).
    for (let at = 0; at < text.length && !failed;) {
      let end = Math.min(text.length, at + CHUNK_CHARS);
      if (end < text.length) {
        const newline = text.indexOf('\n', end);
        end = newline < 0 ? text.length : newline + 1;
      }
      parser.write(text.slice(at, end));
      at = end;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!failed) parser.end();
    await done;
  } catch (error) {
    if (error instanceof CsvError) {
      // The record that failed starts on the first non-blank line after the last one read; csv-parse counts the line
      // where it noticed (a quote never closed is noticed at the end of the file or at the next quote).
      const start = firstNonBlankLineAfter(text, lastRecordLine);
      const noticed = typeof error.lines === 'number' && error.lines > start ? `; noticed at line ${error.lines}` : '';
      throw new ReportError(start, `malformed CSV record (${csvProblem(error)}${noticed})`);
    }
    throw error;
  }
  return rows;
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record longer than ${MAX_RECORD_CHARS} characters`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'a quote that does not close its cell where it should';
    default:
      return error.code;
  }
}

/** 1-based number of the first line after `line` holding more than spaces (1 when `line` is 0 and the first does). */
function firstNonBlankLineAfter(text: string, line: number): number {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = line; i < lines.length; i++) if (lines[i].trim()) return i + 1;
  return Math.max(1, line);
}
