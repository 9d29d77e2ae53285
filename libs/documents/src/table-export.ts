/*
 * Tables the Secretariat downloads (completion statistics, capacity outcomes) as CSV and as an Excel workbook.
 *
 * exceljs is CommonJS without an "exports" map and builds its module.exports from an object literal that Node's
 * CommonJS export detection cannot see, so only the default import is reliable everywhere: it is module.exports under
 * native ESM (Jest with --experimental-vm-modules, or plain Node) and, through esModuleInterop, in the CommonJS build.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { AddWorksheetOptions, Cell, Column, Row, Worksheet } from 'exceljs';

export type ExportCell = string | number | null;

export interface ExportColumn {
  header: string;
  /** text as is; integer; decimal (2 places); percent: a ratio 0..1 shown as a percentage */
  format: 'text' | 'integer' | 'decimal' | 'percent';
}

export interface ExportTable {
  /** The worksheet name (Excel allows at most 31 characters and not : \ / ? * [ ]; sanitise) */
  name: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** Index of a row to emphasise (the totals row), if any */
  totalsRow?: number;
}

/** Kept module-private so the public surface is exactly what index.ts re-exports. */
interface ExportAbout {
  title: string;
  generatedAt: Date;
  lines: [string, string][];
}

const WORKBOOK_CREATOR = 'Stockholm Convention capacity-building LMS';
const ABOUT_SHEET = 'About';

const NUMBER_FORMATS: Record<ExportColumn['format'], string | undefined> = {
  text: undefined,
  integer: '0',
  decimal: '0.00',
  percent: '0.0%',
};

// ---------------------------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------------------------

/**
 * The cells of a row, one per column. A short row is padded with empty cells; a long one is a caller's mistake that
 * would silently drop data, so it throws. NaN and ±Infinity have no spreadsheet representation and become empty.
 */
function cellsOf(table: ExportTable, rowIndex: number): ExportCell[] {
  const row = table.rows[rowIndex];
  if (row.length > table.columns.length) {
    throw new Error(
      `Table "${table.name}": row ${rowIndex} has ${row.length} cells but there are ${table.columns.length} columns`,
    );
  }
  return table.columns.map((_, i) => {
    const value = row[i] ?? null;
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------------

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * An RFC 4180 CSV of the table: a header row, CRLF line ends, and a UTF-8 byte-order mark, without which Excel reads
 * the file in the local ANSI code page and mangles names such as "Côte d'Ivoire".
 *
 * Numbers are written exactly as stored (the same values the workbook holds), so the CSV stays machine-readable:
 * '.' decimals, no thousands separators, no rounding. In particular a percent column stays a RATIO (0.75, not 75),
 * matching the header, which therefore does not need a "%". Formats only shape how the workbook displays numbers.
 */
export function toCsv(table: ExportTable): string {
  const header = table.columns.map((c) => neutraliseFormula(c.header));
  const records = table.rows.map((_, i) => cellsOf(table, i).map(csvCell));
  // csv-stringify quotes (and doubles the quotes of) a field holding a comma or a quote; quoted_match adds a line
  // break alone, which it would otherwise leave bare when records end with CRLF.
  return stringify([header, ...records], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** The cell as the text of its field, before quoting. */
function csvCell(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return plainNumber(value);
  return neutraliseFormula(value);
}

/** A leading apostrophe makes spreadsheets show the text instead of evaluating it; numbers never get one. */
function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/**
 * The number in plain positional notation: String() is the shortest exact form but switches to exponents below 1e-6
 * and from 1e21, which some importers read as text.
 */
function plainNumber(value: number): string {
  const shortest = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  return sign + digits + '0'.repeat(exponent - fraction.length);
}

// ---------------------------------------------------------------------------------------------------------------
// Excel
// ---------------------------------------------------------------------------------------------------------------

/**
 * A workbook with an "About" sheet first (title, generation time, the caller's label/value lines) and one sheet per
 * table. Values are stored as typed cells (numbers as numbers with a number format, text as shared strings): exceljs
 * only writes a formula for a { formula } value, so text such as "=SUM(A1)" is stored and shown as text and needs
 * no apostrophe here, unlike in the CSV.
 */
export async function toXlsx(tables: ExportTable[], about: ExportAbout): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = WORKBOOK_CREATOR;
  workbook.created = about.generatedAt;
  // Otherwise exceljs stamps the time of writing, and the document properties would disagree with the About sheet.
  workbook.modified = about.generatedAt;
  workbook.title = about.title;

  const usedNames = new Set<string>();
  addAboutSheet(workbook.addWorksheet(claimSheetName(ABOUT_SHEET, usedNames)), about);
  for (const table of tables) {
    addTableSheet(workbook.addWorksheet(claimSheetName(table.name, usedNames), frozenHeader()), table);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function frozenHeader(): Partial<AddWorksheetOptions> {
  return { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] };
}

function addAboutSheet(sheet: Worksheet, about: ExportAbout): void {
  const title = sheet.addRow([about.title]);
  title.font = { bold: true, size: 14 };
  // A string rather than a date cell: a date cell has no time zone and Excel would show it as if it were local time.
  const lines: [string, string][] = [['Generated at (UTC)', about.generatedAt.toISOString()], ...about.lines];
  addAboutLine(sheet, ...lines[0]);
  sheet.addRow([]);
  for (const [label, value] of about.lines) addAboutLine(sheet, label, value);
  sheet.getColumn(1).width = clampWidth(longestLine(lines.map(([label]) => label)));
  sheet.getColumn(2).width = clampWidth(longestLine(lines.map(([, value]) => value)));
}

function addAboutLine(sheet: Worksheet, label: string, value: string): void {
  sheet.addRow([label, value]).getCell(1).font = { bold: true };
}

function addTableSheet(sheet: Worksheet, table: ExportTable): void {
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  const width = table.columns.length;
  if (width > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: width } };

  const body = table.rows.map((_, i) => cellsOf(table, i));
  body.forEach((cells, i) => {
    const row = sheet.addRow([]);
    cells.forEach((value, c) => writeCell(row.getCell(c + 1), value, table.columns[c]));
    if (i === table.totalsRow) emphasiseTotals(row, width);
  });

  table.columns.forEach((column, c) => {
    sizeColumn(
      sheet.getColumn(c + 1),
      column,
      body.map((cells) => cells[c]),
    );
  });
}

function writeCell(cell: Cell, value: ExportCell, column: ExportColumn): void {
  if (value === null) return;
  cell.value = value;
  const numFmt = NUMBER_FORMATS[column.format];
  if (typeof value === 'number' && numFmt) cell.numFmt = numFmt;
}

/** Bold with a rule above it across the whole table width, empty cells included, so the rule is unbroken. */
function emphasiseTotals(row: Row, width: number): void {
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.border = { top: { style: 'thin' } };
  }
}

function sizeColumn(sheetColumn: Partial<Column>, column: ExportColumn, values: ExportCell[]): void {
  const shown = values.map((v) => displayText(v, column.format));
  // The header also carries the autofilter's drop-down button, which takes about two characters.
  sheetColumn.width = clampWidth(Math.max(longestLine([column.header]) + 2, longestLine(shown)));
}

/** Roughly what Excel displays for a value, to size the column; not used as cell content. */
function displayText(value: ExportCell, format: ExportColumn['format']): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'integer':
      return value.toFixed(0);
    case 'decimal':
      return value.toFixed(2);
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    default:
      return String(value);
  }
}

function longestLine(texts: string[]): number {
  return Math.max(0, ...texts.flatMap((t) => t.split(/\r\n|\r|\n/)).map((line) => [...line].length));
}

/** Narrow columns hide their header; very wide ones push the rest off screen (long text stays readable in the cell). */
function clampWidth(characters: number): number {
  return Math.min(Math.max(characters + 2, 8), 60);
}

// ---------------------------------------------------------------------------------------------------------------
// Worksheet names
// ---------------------------------------------------------------------------------------------------------------

const SHEET_NAME_MAX = 31;

/**
 * A name Excel accepts and no other sheet of the workbook has (Excel compares names case-insensitively, and exceljs
 * throws on a clash rather than renaming). Names are cut by characters, never inside a surrogate pair.
 */
function claimSheetName(wanted: string, used: Set<string>): string {
  const base = sanitiseSheetName(wanted);
  let name = truncate(base, SHEET_NAME_MAX);
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = truncate(base, SHEET_NAME_MAX - suffix.length) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

/**
 * Replaces what Excel forbids in a sheet name (: \ / ? * [ ] and control characters) and strips the apostrophes it
 * forbids at either end; "History" is reserved by Excel for change tracking.
 */
function sanitiseSheetName(wanted: string): string {
  const cleaned = wanted
    .replace(/[:\\/?*[\]]/g, '-')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/^[\s']+|[\s']+$/g, '');
  if (cleaned === '') return 'Sheet';
  return cleaned.toLowerCase() === 'history' ? `${cleaned} (table)` : cleaned;
}

function truncate(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  // Cutting can expose an apostrophe or space at the end, which Excel rejects or hides.
  return out.replace(/[\s']+$/, '');
}
