import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { toCsv, toXlsx, type ExportTable } from './table-export';

const LONG_NAME = 'Completions by region/Party, 2027 second half';
/** '/' replaced, then cut to Excel's 31 characters. */
const LONG_NAME_SANITISED = 'Completions by region-Party, 20';

const completions: ExportTable = {
  name: LONG_NAME,
  columns: [
    { header: 'Party', format: 'text' },
    { header: 'Region', format: 'text' },
    { header: 'Completions', format: 'integer' },
    { header: 'Mean score', format: 'decimal' },
    { header: 'Completion rate', format: 'percent' },
  ],
  rows: [
    ["Côte d'Ivoire", 'Africa', 12, 81.5, 0.75],
    ['Bosnia and Herzegovina, Federation', 'Central and Eastern Europe', 3, 70.125, 0.333333],
    ['The "Quoted" Party', 'Asia-Pacific', 0, null, 0],
    ['Line one\nline two', null, 7, 64, 1],
    ['=HYPERLINK("http://evil.example","x")', 'GRULAC', -4, -1.5, 0.0000001],
    ['-2+3', 'WEOG', 1e21, 0.1, 0.5],
    ['Total', null, 22, 71.2, 0.6],
  ],
  totalsRow: 6,
};

/** What each CSV field must read back as: numbers exactly as given, text with formula triggers neutralised. */
const expectedCsvRecords = [
  ['Party', 'Region', 'Completions', 'Mean score', 'Completion rate'],
  ["Côte d'Ivoire", 'Africa', '12', '81.5', '0.75'],
  ['Bosnia and Herzegovina, Federation', 'Central and Eastern Europe', '3', '70.125', '0.333333'],
  ['The "Quoted" Party', 'Asia-Pacific', '0', '', '0'],
  ['Line one\nline two', '', '7', '64', '1'],
  ['\'=HYPERLINK("http://evil.example","x")', 'GRULAC', '-4', '-1.5', '0.0000001'],
  ["'-2+3", 'WEOG', '1000000000000000000000', '0.1', '0.5'],
  ['Total', '', '22', '71.2', '0.6'],
];

/** exceljs types `load` with its own Buffer, declared as a bare ArrayBuffer; at run time it reads Node's Buffer. */
async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('toCsv', () => {
  const csv = toCsv(completions);

  it('reads back cell by cell as RFC 4180 with a BOM', () => {
    const records: string[][] = parse(csv, { bom: true });
    expect(records).toEqual(expectedCsvRecords);
  });

  it('starts with a UTF-8 byte-order mark so Excel reads the accents', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toContain("Côte d'Ivoire");
  });

  it('ends every record with CRLF and keeps a newline inside a field quoted', () => {
    expect(csv.slice(1).split('\r\n')[0]).toBe('Party,Region,Completions,Mean score,Completion rate');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.match(/\r\n/g)).toHaveLength(completions.rows.length + 1);
    expect(csv).toContain('"Line one\nline two"');
    expect(csv.replace('"Line one\nline two"', '')).not.toMatch(/[^\r]\n/);
  });

  it('quotes fields with a comma or a quote and doubles the quotes', () => {
    expect(csv).toContain('"Bosnia and Herzegovina, Federation",');
    expect(csv).toContain('"The ""Quoted"" Party",');
  });

  it('neutralises every formula trigger in text but never touches numbers', () => {
    const triggers = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'safe', ' =not a trigger'];
    const csvOfTriggers = toCsv({
      name: 'T',
      columns: [
        { header: 'text', format: 'text' },
        { header: 'n', format: 'integer' },
      ],
      rows: triggers.map((t) => [t, -1]),
    });
    const records: string[][] = parse(csvOfTriggers, { bom: true });
    expect(records.slice(1).map((r) => r[0])).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'safe',
      ' =not a trigger',
    ]);
    expect(records.slice(1).map((r) => r[1])).toEqual(triggers.map(() => '-1'));
  });

  it('neutralises a header too', () => {
    const header = toCsv({ name: 'H', columns: [{ header: '=cmd', format: 'text' }], rows: [] });
    expect(header).toBe("\uFEFF'=cmd\r\n");
  });

  it('pads short rows, writes non-finite numbers as empty and rejects rows longer than the columns', () => {
    const columns: ExportTable['columns'] = [
      { header: 'a', format: 'integer' },
      { header: 'b', format: 'decimal' },
    ];
    expect(toCsv({ name: 'P', columns, rows: [[1], [NaN, Infinity]] })).toBe('\uFEFFa,b\r\n1,\r\n,\r\n');
    expect(() => toCsv({ name: 'L', columns, rows: [[1, 2, 3]] })).toThrow(/row 0 has 3 cells but there are 2 columns/);
  });
});

describe('toXlsx', () => {
  const generatedAt = new Date('2027-07-01T06:30:00.000Z');
  const outcomes: ExportTable = {
    name: 'about',
    columns: [
      { header: 'Module', format: 'text' },
      { header: 'Participants', format: 'integer' },
    ],
    rows: [['BAT/BEP', 40]],
  };
  let workbook: ExcelJS.Workbook;
  let sheet: Worksheet;

  beforeAll(async () => {
    const buffer = await toXlsx([completions, outcomes], {
      title: 'Completion statistics',
      generatedAt,
      lines: [
        ['Period', '2027-01-01 to 2027-06-30'],
        ['Region', 'All regions'],
        ['Note', '=not a formula'],
      ],
    });
    expect(Buffer.isBuffer(buffer)).toBe(true);
    workbook = await readWorkbook(buffer);
    sheet = workbook.getWorksheet(LONG_NAME_SANITISED)!;
  });

  it('has the About sheet first, then one sanitised, unique sheet per table', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['About', LONG_NAME_SANITISED, 'about (2)']);
    expect(LONG_NAME_SANITISED).toHaveLength(31);
  });

  it('records the creator and the creation time', () => {
    expect(workbook.creator).toBe('Stockholm Convention capacity-building LMS');
    expect(workbook.created.toISOString()).toBe(generatedAt.toISOString());
  });

  it('writes a bold, frozen, filtered header', () => {
    const header = sheet.getRow(1);
    expect(completions.columns.map((_, c) => header.getCell(c + 1).value)).toEqual(
      completions.columns.map((c) => c.header),
    );
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:E1');
  });

  it('stores numbers as numbers with the number format of their column', () => {
    const row = sheet.getRow(2);
    expect(row.getCell(3)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 12, numFmt: '0' });
    expect(row.getCell(4)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 81.5, numFmt: '0.00' });
    expect(row.getCell(5)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 0.75, numFmt: '0.0%' });
    expect(sheet.getRow(7).getCell(3).value).toBe(1e21);
  });

  it('stores text as strings, keeps accents and never turns "=" text into a formula', () => {
    expect(sheet.getRow(2).getCell(1)).toMatchObject({ type: ExcelJS.ValueType.String, value: "Côte d'Ivoire" });
    const formulaLike = sheet.getRow(6).getCell(1);
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(formulaLike.value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(formulaLike.formula).toBeUndefined();
    expect(sheet.getRow(7).getCell(1).value).toBe('-2+3');
  });

  it('leaves null cells empty', () => {
    expect(sheet.getRow(4).getCell(4).type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getRow(5).getCell(2).type).toBe(ExcelJS.ValueType.Null);
  });

  it('makes the totals row, and only it, bold', () => {
    const totals = sheet.getRow(completions.totalsRow! + 2);
    expect(totals.getCell(1).value).toBe('Total');
    for (let c = 1; c <= completions.columns.length; c++) expect(totals.getCell(c).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
  });

  it('sizes the columns from their content', () => {
    const widths = completions.columns.map((_, c) => sheet.getColumn(c + 1).width ?? 0);
    widths.forEach((w) => expect(w).toBeGreaterThanOrEqual(8));
    expect(widths[0]).toBeGreaterThan(widths[2]);
    expect(widths[1]).toBeGreaterThanOrEqual('Central and Eastern Europe'.length);
  });

  it('lists the title, the generation time and the lines on the About sheet', () => {
    const about = workbook.getWorksheet('About')!;
    expect(about.getCell('A1')).toMatchObject({ value: 'Completion statistics', font: { bold: true, size: 14 } });
    expect([about.getCell('A2').value, about.getCell('B2').value]).toEqual([
      'Generated at (UTC)',
      '2027-07-01T06:30:00.000Z',
    ]);
    const lines = [4, 5, 6].map((r) => [about.getCell(r, 1).value, about.getCell(r, 2).value]);
    expect(lines).toEqual([
      ['Period', '2027-01-01 to 2027-06-30'],
      ['Region', 'All regions'],
      ['Note', '=not a formula'],
    ]);
    expect(about.getCell(6, 2).type).toBe(ExcelJS.ValueType.String);
  });

  it('sanitises every forbidden character and keeps names unique', async () => {
    const table = (name: string): ExportTable => ({ name, columns: [{ header: 'x', format: 'text' }], rows: [] });
    const names = ["'a:b\\c?d*e[f]'", 'History', '', 'Same', 'SAME', 'x'.repeat(40), 'x'.repeat(40)];
    const loaded = await readWorkbook(await toXlsx(names.map(table), { title: 't', generatedAt, lines: [] }));
    expect(loaded.worksheets.map((ws) => ws.name)).toEqual([
      'About',
      'a-b-c-d-e-f-',
      'History (table)',
      'Sheet',
      'Same',
      'SAME (2)',
      'x'.repeat(31),
      `${'x'.repeat(27)} (2)`,
    ]);
  });
});
