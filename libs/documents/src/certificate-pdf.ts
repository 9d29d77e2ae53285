import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { documentLanguageOf } from './certificate-document';
import type { CertificateDocument, DocumentLanguage } from './certificate-document';
import { parsedFont, RIGHT_TO_LEFT_RUN, type FontName } from './fonts';
import { layoutText, type Direction, type FontOption, type Fonts, type Line } from './text-layout';

/**
 * Every word a certificate prints, per document language. An interface rather than a loose map so that a string
 * missing in French or Spanish is a compile error, not an English line in the middle of a French certificate.
 */
interface CertificateTexts {
  /** BCP 47 tag of the words: the PDF's /Lang and the locale its dates are written in. */
  tag: 'en-GB' | 'fr-FR' | 'es-ES';
  /** Between a label and its value (French puts a no-break space before the colon). */
  colon: string;
  programme: string;
  title: string;
  certifies: string;
  party: string;
  completed: Record<CertificateDocument['session']['kind'], string>;
  /** A session title in the quotation marks of the language. */
  quote(title: string): string;
  modules(count: number): string;
  dates(severalDays: boolean): string;
  place: string;
  online: string;
  issued: string;
  code: string;
  verifyAt: string;
}

const TEXTS: Record<DocumentLanguage, CertificateTexts> = {
  EN: {
    tag: 'en-GB',
    colon: ': ',
    programme: 'Stockholm Convention on Persistent Organic Pollutants — Capacity-building programme',
    title: 'Certificate of completion',
    certifies: 'This is to certify that',
    party: 'Party',
    completed: {
      WORKSHOP: 'has successfully completed the training workshop',
      WEBINAR: 'has successfully completed the training webinar',
    },
    quote: (title) => `“${title}”`,
    modules: (count) => (count === 1 ? 'Module' : 'Modules'),
    dates: (severalDays) => (severalDays ? 'Dates' : 'Date'),
    place: 'Place',
    online: 'Online',
    issued: 'Date of issue',
    code: 'Verification code',
    verifyAt: 'Verify this certificate at',
  },
  FR: {
    tag: 'fr-FR',
    colon: '\u00a0: ',
    programme:
      'Convention de Stockholm sur les polluants organiques persistants — Programme de renforcement des capacités',
    title: 'Certificat de réussite',
    certifies: 'Le présent certificat atteste que',
    party: 'Partie',
    completed: {
      WORKSHOP: 'a suivi avec succès l’atelier de formation',
      WEBINAR: 'a suivi avec succès le webinaire de formation',
    },
    quote: (title) => `«\u00a0${title}\u00a0»`,
    modules: (count) => (count === 1 ? 'Module' : 'Modules'),
    dates: (severalDays) => (severalDays ? 'Dates' : 'Date'),
    place: 'Lieu',
    online: 'En ligne',
    issued: 'Date de délivrance',
    code: 'Code de vérification',
    verifyAt: 'Vérifier ce certificat sur',
  },
  ES: {
    tag: 'es-ES',
    colon: ': ',
    programme: 'Convenio de Estocolmo sobre Contaminantes Orgánicos Persistentes — Programa de creación de capacidad',
    title: 'Certificado de finalización',
    certifies: 'Se certifica que',
    party: 'Parte',
    completed: {
      WORKSHOP: 'ha completado satisfactoriamente el taller de formación',
      WEBINAR: 'ha completado satisfactoriamente el seminario web de formación',
    },
    quote: (title) => `«${title}»`,
    modules: (count) => (count === 1 ? 'Módulo' : 'Módulos'),
    dates: (severalDays) => (severalDays ? 'Fechas' : 'Fecha'),
    place: 'Lugar',
    online: 'En línea',
    issued: 'Fecha de expedición',
    code: 'Código de verificación',
    verifyAt: 'Verifique este certificado en',
  },
};

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/*
 * The faces of the page, each a fallback chain that text-layout picks from per character: DejaVu for Latin and
 * Cyrillic (its sans for what the serif lacks, Hebrew among them), Noto Naskh Arabic for Arabic script even where
 * DejaVu Sans has the letters (its Arabic is a poor match for a certificate), Noto Sans SC for Chinese.
 */
const FACES = {
  serifBold: [
    { font: 'arabicBold', only: ARABIC_SCRIPT },
    { font: 'serifBold' },
    { font: 'sansBold' },
    { font: 'chineseBold' },
  ],
  sans: [{ font: 'arabic', only: ARABIC_SCRIPT }, { font: 'sans' }, { font: 'chinese' }],
} satisfies Record<string, FontOption<FontName>[]>;
type Face = keyof typeof FACES;

/**
 * Selects the font in the document, embedding it on first use: a font is read from disk only when a text needs it
 * (Noto Sans SC for the first Chinese name), and only the glyphs drawn go into the PDF (pdfkit subsets).
 */
function useFont(pdf: PDFKit.PDFDocument, name: FontName): PDFKit.PDFDocument {
  // @types/pdfkit predates parsed-font sources; pdfkit recognises them by their layout method.
  return pdf.font(parsedFont(name) as unknown as PDFKit.Mixins.PDFFontSource, name);
}

/** The face's own font, as text-layout falls back to: the first that is not kept for one script. */
function primaryFont(face: Face): FontName {
  return FACES[face].find((option: FontOption<FontName>) => !option.only)!.font;
}

const mirroring = new Map<FontName, boolean>();

/** What text-layout needs to know of a face's fonts at one size, measured as pdfkit will draw. */
function fontsOf(pdf: PDFKit.PDFDocument, face: Face, size: number): Fonts<FontName> {
  return {
    chain: FACES[face],
    hasGlyph: (font, codePoint) => parsedFont(font).hasGlyphForCodePoint(codePoint),
    widthOf: (font, text, rtl) => size * widthAtOnePoint(pdf, font, text, rtl),
    mirrorsItself: (font) => {
      let mirrors = mirroring.get(font);
      if (mirrors === undefined) {
        mirrors = parsedFont(font).availableFeatures.includes('rtlm');
        mirroring.set(font, mirrors);
      }
      return mirrors;
    },
  };
}

/** Widths remembered per font and direction; past this the memory starts afresh (every name is new). */
const MAX_REMEMBERED_WIDTHS = 20_000;
const widths = new Map<string, Map<string, number>>();

/**
 * Width scales with the size, so each word and run is measured once at 1 pt for every size the body is tried at
 * and every certificate after (the fixed words, titles, modules and dates recur); measuring was a tenth of the
 * rendering time.
 */
function widthAtOnePoint(pdf: PDFKit.PDFDocument, font: FontName, text: string, rtl: boolean): number {
  const key = rtl ? `${font} rtl` : font;
  let known = widths.get(key);
  if (!known) {
    known = new Map();
    widths.set(key, known);
  }
  let width = known.get(text);
  if (width === undefined) {
    if (known.size >= MAX_REMEMBERED_WIDTHS) known.clear();
    width = useFont(pdf, font)
      .fontSize(1)
      .widthOfString(text, rtl ? { features: RIGHT_TO_LEFT_RUN } : {});
    known.set(text, width);
  }
  return width;
}

const COLOUR = '#0b4f6c';
const INK = '#1f2933';
const MUTED = '#52606d';

// A4 landscape, in points.
const PAGE = { width: 841.89, height: 595.28 };
const SIDE = 64;
const CONTENT_WIDTH = PAGE.width - 2 * SIDE;
/** The band between the title and the footer that the variable blocks (name, session, modules) share. */
const BODY = { top: 138, bottom: 438 };
const QR_SIZE = 88;
const FOOTER_TOP = 452;

/** One centred paragraph of the body; its size shrinks between size and minSize until all blocks fit. */
interface Block {
  text: string;
  face: Face;
  /** The holder's name takes its direction from its first letter; the rest is in the document's language. */
  direction: Direction;
  size: number;
  minSize: number;
  /**
   * How hard the block shrinks (the exponent of the common factor): the large name and title give way first, so the
   * small print of modules and dates stays legible.
   */
  give: number;
  colour: string;
  /** Space after the block at full size; it shrinks in proportion. */
  gapAfter: number;
}

interface PlacedBlock extends Block {
  y: number;
  height: number;
  lines: PlacedLine[];
}

/** A line of a block with its height and the distance from its top to the baseline. */
interface PlacedLine {
  line: Line<FontName>;
  height: number;
  ascent: number;
}

/**
 * The certificate as a one-page A4 landscape PDF. The same document always renders to the same bytes (the PDF's
 * creation date and file identifier derive from the issue date), so a certificate can be re-rendered on demand
 * instead of stored.
 */
export async function renderCertificatePdf(doc: CertificateDocument, verifyUrl: string): Promise<Buffer> {
  const t = TEXTS[documentLanguageOf(doc.language)];
  const pdf = createPdf(doc, t);
  const done = collect(pdf);
  drawFrame(pdf);
  drawHeading(pdf, t);
  drawBody(pdf, layoutBody(pdf, bodyBlocks(doc, t)));
  drawIssueAndCode(pdf, doc, t);
  drawVerification(pdf, verifyUrl, t);
  pdf.end();
  return done;
}

function createPdf(doc: CertificateDocument, t: CertificateTexts): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // No default font: Helvetica would be loaded for nothing, every text here is in an embedded font.
    font: '',
    lang: t.tag,
    displayTitle: true,
    info: {
      Title: `${t.title} — ${doc.holderName}`,
      Author: t.programme,
      Subject: doc.session.title,
      // Fixes the date and the file identifier pdfkit derives from it, so the output is reproducible.
      CreationDate: instant(doc.issuedAt),
    },
  });
  return pdf;
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

function drawFrame(pdf: PDFKit.PDFDocument): void {
  pdf
    .lineWidth(3)
    .strokeColor(COLOUR)
    .rect(18, 18, PAGE.width - 36, PAGE.height - 36)
    .stroke();
  pdf
    .lineWidth(0.75)
    .rect(26, 26, PAGE.width - 52, PAGE.height - 52)
    .stroke();
}

function drawHeading(pdf: PDFKit.PDFDocument, t: CertificateTexts): void {
  const centredLine = { width: CONTENT_WIDTH, align: 'center' as const, lineBreak: false };
  useFont(pdf, 'sans').fontSize(fitOnOneLine(pdf, t.programme, 10.5, 7, CONTENT_WIDTH));
  pdf.fillColor(COLOUR).text(t.programme, SIDE, 52, { ...centredLine, height: 16 });
  useFont(pdf, 'serifBold').fontSize(fitOnOneLine(pdf, t.title, 34, 18, CONTENT_WIDTH));
  pdf.fillColor(COLOUR).text(t.title, SIDE, 76, { ...centredLine, height: 44 });
  const rule = 90;
  pdf
    .lineWidth(1)
    .strokeColor(COLOUR)
    .moveTo(PAGE.width / 2 - rule, 124)
    .lineTo(PAGE.width / 2 + rule, 124)
    .stroke();
}

/** The font size at which the text fits one line of the width, never below minSize. */
function fitOnOneLine(pdf: PDFKit.PDFDocument, text: string, size: number, minSize: number, width: number): number {
  const atOnePoint = pdf.fontSize(1).widthOfString(text);
  return Math.max(minSize, Math.min(size, atOnePoint > 0 ? width / atOnePoint : size));
}

function bodyBlocks(doc: CertificateDocument, t: CertificateTexts): Block[] {
  const party = `${t.party}${t.colon}${doc.party.name}`;
  const modulesLabel = t.modules(doc.modules.length);
  const modules = doc.modules.map((m) => `${m.code} — ${m.title}`).join('\n');
  const facts = [
    `${t.dates(spansSeveralDays(doc, t))}${t.colon}${sessionDates(doc, t)}`,
    `${t.place}${t.colon}${place(doc, t)}`,
  ].join('\n');
  const title = t.quote(doc.session.title);
  const body = { face: 'sans' as const, direction: 'ltr' as const };
  const name = { face: 'serifBold' as const, direction: 'auto' as const };
  const blocks: (Block | null)[] = [
    { ...body, text: t.certifies, size: 13, minSize: 8, give: 0.7, colour: MUTED, gapAfter: 8 },
    { ...name, text: doc.holderName, size: 28, minSize: 11, give: 1, colour: INK, gapAfter: 4 },
    { ...body, text: party, size: 12, minSize: 8, give: 0.5, colour: INK, gapAfter: 14 },
    { ...body, text: t.completed[doc.session.kind], size: 13, minSize: 8, give: 0.7, colour: MUTED, gapAfter: 6 },
    { ...body, text: title, face: 'serifBold', size: 18, minSize: 8, give: 1, colour: INK, gapAfter: 14 },
    modules ? { ...body, text: modulesLabel, size: 9, minSize: 6, give: 0.5, colour: COLOUR, gapAfter: 3 } : null,
    modules ? { ...body, text: modules, size: 11, minSize: 6.5, give: 0.5, colour: INK, gapAfter: 14 } : null,
    { ...body, text: facts, size: 11, minSize: 7, give: 0.5, colour: INK, gapAfter: 0 },
  ];
  return blocks.filter((b): b is Block => b !== null);
}

/**
 * Shrinks the blocks (each as hard as its give) until the body fits its band, so a long title or six modules stay on
 * the one page instead of spilling onto a second; the band is then centred vertically.
 */
function layoutBody(pdf: PDFKit.PDFDocument, blocks: Block[]): PlacedBlock[] {
  const available = BODY.bottom - BODY.top;
  let placed = measure(pdf, blocks, 1);
  for (let scale = 0.92; totalHeight(placed) > available && scale > 0.2; scale *= 0.92) {
    placed = measure(pdf, blocks, scale);
  }
  const total = totalHeight(placed);
  // Beyond the minimum sizes (far past the longest titles and names the platform accepts), blocks are cut short.
  const squeeze = total > available ? available / total : 1;
  let y = BODY.top + Math.max(0, (available - total) / 2);
  return placed.map((block) => {
    const at = { ...cutShort(pdf, block, block.height * squeeze), y };
    y += at.height + block.gapAfter * squeeze;
    return at;
  });
}

function measure(pdf: PDFKit.PDFDocument, blocks: Block[], scale: number): PlacedBlock[] {
  return blocks.map((block) => {
    const size = Math.max(block.minSize, block.size * scale ** block.give);
    const lines = linesOf(pdf, block, size);
    const height = lines.reduce((sum, l) => sum + l.height, 0);
    return { ...block, size, gapAfter: block.gapAfter * scale, y: 0, height, lines };
  });
}

function linesOf(pdf: PDFKit.PDFDocument, block: Block, size: number, maxLines?: number): PlacedLine[] {
  const fonts = fontsOf(pdf, block.face, size);
  const lines = layoutText(block.text, fonts, CONTENT_WIDTH, { direction: block.direction, maxLines });
  return lines.map((line) => {
    // A line is as tall as its tallest font: Naskh's marks and descenders reach far beyond DejaVu's.
    const used = line.runs.length ? line.runs.map((r) => r.font) : [primaryFont(block.face)];
    const ascent = Math.max(...used.map((f) => (parsedFont(f).ascent / parsedFont(f).unitsPerEm) * size));
    const descent = Math.max(...used.map((f) => (-parsedFont(f).descent / parsedFont(f).unitsPerEm) * size));
    return { line, ascent, height: ascent + descent };
  });
}

/** The block with only the lines that fit the height, the last of them ending in an ellipsis if any were left out. */
function cutShort(pdf: PDFKit.PDFDocument, block: PlacedBlock, height: number): PlacedBlock {
  let fitting = 0;
  for (let used = 0; fitting < block.lines.length; fitting++) {
    used += block.lines[fitting].height;
    if (used > height + 0.5) break;
  }
  if (fitting === block.lines.length) return { ...block, height };
  const lines = linesOf(pdf, block, block.size, Math.max(1, fitting));
  return { ...block, lines, height };
}

function totalHeight(blocks: PlacedBlock[]): number {
  return blocks.reduce((sum, b, i) => sum + b.height + (i < blocks.length - 1 ? b.gapAfter : 0), 0);
}

/** Each line centred, its runs drawn left to right where text-layout placed them, each on the line's baseline. */
function drawBody(pdf: PDFKit.PDFDocument, blocks: PlacedBlock[]): void {
  for (const block of blocks) {
    pdf.fillColor(block.colour);
    let top = block.y;
    for (const { line, ascent, height } of block.lines) {
      let x = SIDE + (CONTENT_WIDTH - line.width) / 2;
      for (const run of line.runs) {
        useFont(pdf, run.font).fontSize(block.size);
        const options = { lineBreak: false, baseline: 'alphabetic' as const };
        pdf.text(run.text, x, top + ascent, run.rtl ? { ...options, features: RIGHT_TO_LEFT_RUN } : options);
        x += run.width;
      }
      top += height;
    }
  }
}

function drawIssueAndCode(pdf: PDFKit.PDFDocument, doc: CertificateDocument, t: CertificateTexts): void {
  const width = CONTENT_WIDTH - QR_SIZE - 40;
  const oneLine = { width, lineBreak: false, height: 20 };
  useFont(pdf, 'sans').fontSize(10.5).fillColor(INK);
  pdf.text(`${t.issued}${t.colon}${issueDate(doc, t)}`, SIDE, FOOTER_TOP + 6, oneLine);
  useFont(pdf, 'sans')
    .fontSize(8.5)
    .fillColor(COLOUR)
    .text(t.code, SIDE, FOOTER_TOP + 36, oneLine);
  // The code is what a verifier types in: printed whole (on one line unless absurdly long), in a face that tells
  // l, I, 1, O and 0 apart.
  useFont(pdf, 'mono')
    .fontSize(fitOnOneLine(pdf, doc.code, 12, 5, width))
    .fillColor(INK);
  pdf.text(doc.code, SIDE, FOOTER_TOP + 50, { ...oneLine, height: 40, lineBreak: true });
}

function drawVerification(pdf: PDFKit.PDFDocument, verifyUrl: string, t: CertificateTexts): void {
  const right = PAGE.width - SIDE;
  const x = right - QR_SIZE;
  drawQrCode(pdf, verifyUrl, x, FOOTER_TOP - 6, QR_SIZE);
  const width = 420;
  const url = { width, align: 'right' as const, lineBreak: false, height: 12 };
  useFont(pdf, 'sans')
    .fontSize(7)
    .fillColor(MUTED)
    .text(t.verifyAt, right - width, FOOTER_TOP + QR_SIZE - 1, url);
  pdf.fontSize(fitOnOneLine(pdf, verifyUrl, 8, 4, width)).fillColor(INK);
  pdf.text(verifyUrl, right - width, FOOTER_TOP + QR_SIZE + 9, { ...url, height: 24, lineBreak: true });
}

/**
 * The QR code as vector squares, one filled path of horizontal runs: sharp at any print size and far cheaper than
 * a PNG round trip. The white page is the quiet zone.
 */
function drawQrCode(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  // One byte-mode segment: a URL gains nothing from the library's search for the shortest mix of modes.
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const unit = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      pdf.rect(x + start * unit, y + row * unit, (col - start) * unit, unit);
    }
  }
  pdf.fillColor('#000000').fill();
}

function instant(iso: string): Date {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`not an ISO-8601 instant: ${iso}`);
  return at;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Day, month and year in the locale, as the calendar reads in the zone. Formats are kept (there are a few hundred
 * zones at most): building one costs more than the rest of a certificate's dates. An unknown zone reads UTC rather
 * than failing the certificate.
 */
function dateFormat(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
    try {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    dateFormats.set(key, format);
  }
  return format;
}

/** "10–12 May 2027", "30 March 2027": calendar days as they were where the session took place. */
function sessionDates(doc: CertificateDocument, t: CertificateTexts): string {
  const format = dateFormat(t.tag, doc.session.timeZone);
  const start = instant(doc.session.startsAt);
  const end = instant(doc.session.endsAt);
  return end > start ? format.formatRange(start, end) : format.format(start);
}

function spansSeveralDays(doc: CertificateDocument, t: CertificateTexts): boolean {
  const format = dateFormat(t.tag, doc.session.timeZone);
  return format.format(instant(doc.session.startsAt)) !== format.format(instant(doc.session.endsAt));
}

/**
 * The issue date is a calendar day in UTC, as on the public verification page (which knows no session zone), so a
 * verifier comparing the two reads the same date.
 */
function issueDate(doc: CertificateDocument, t: CertificateTexts): string {
  return dateFormat(t.tag, 'UTC').format(instant(doc.issuedAt));
}

function place(doc: CertificateDocument, t: CertificateTexts): string {
  if (doc.session.kind === 'WEBINAR') return t.online;
  const { venue, hostCentre } = doc.session;
  const parts = [venue, hostCentre?.name, hostCentre?.city].map((p) => p?.trim()).filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : '—';
}
