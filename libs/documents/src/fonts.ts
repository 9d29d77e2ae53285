import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/*
 * The font files a document may embed, all from npm packages (OFL or the Bitstream Vera/DejaVu licence):
 * - DejaVu for Latin (Vietnamese, Polish, ...), Greek, Cyrillic, Armenian, Georgian and Hebrew;
 * - Noto Naskh Arabic for Arabic script (Arabic, Persian, Urdu), joined by fontkit's Arabic shaper;
 * - Noto Sans SC for Chinese (all 20,976 unified ideographs, 6,582 of extension A) and Japanese kana.
 * Not Thai, Indic scripts or Hangul: such characters come out as the first font's empty box rather than failing.
 * Noto Sans SC is 10.6 MB a weight: it is read on the first text that needs it, not at start-up.
 */
const FONT_FILES = {
  serifBold: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf',
  sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  sansBold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
  arabic: '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
  arabicBold: '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
  chinese: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  chineseBold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;

/*
 * Resolved from the project root rather than from this file: the CommonJS build has no import.meta and Jest's
 * native ESM mode has no __dirname, but both run with the project root as working directory.
 */
const fromProjectRoot = createRequire(join(process.cwd(), 'package.json'));

/** The parts of fontkit used here (its own typings are not installed). */
interface GlyphRun {
  glyphs: Glyph[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}
interface Glyph {
  readonly codePoints: number[];
  _decode?: () => unknown;
}
export interface ParsedFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly availableFeatures: string[];
  layout(text: string, features?: unknown): GlyphRun;
  hasGlyphForCodePoint(codePoint: number): boolean;
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
}
interface Fontkit {
  create(data: Uint8Array): ParsedFont;
}

/*
 * Parsing a font (cmap, kerning and glyph tables) costs far more than drawing a certificate, so each file is read
 * and parsed once per process and every document shares the parsed font (pdfkit 0.20 accepts parsed fonts).
 * fontkit is loaded from where pdfkit loads it, so both agree on the version.
 */
let fontkit: Fontkit | null = null;
const parsedFonts = new Map<FontName, ParsedFont>();

export function parsedFont(name: FontName): ParsedFont {
  let font = parsedFonts.get(name);
  if (!font) {
    fontkit ??= createRequire(fromProjectRoot.resolve('pdfkit'))('fontkit') as Fontkit;
    const file = readFileSync(fromProjectRoot.resolve(FONT_FILES[name]));
    font = sharedAcrossDocuments(fontkit.create(file));
    parsedFonts.set(name, font);
  }
  return font;
}

/** The fonts this process has read so far (the large ones are read on first use). */
export function loadedFonts(): FontName[] {
  return [...parsedFonts.keys()];
}

/**
 * The parsed font as every document uses it, remembering what pdfkit and fontkit would otherwise redo for each
 * certificate (together most of its rendering time):
 * - the shaping of each word (kerning and ligature lookups);
 * - the decoded outline of each glyph, which fontkit's subsetter decodes again for every subset it writes only to
 *   see whether the glyph is composite;
 * - and the TrueType hinting programs are left out of the embedded subsets: PDF viewers rasterise without them,
 *   and they were a fifth of each embedded font.
 */
function sharedAcrossDocuments(font: ParsedFont): ParsedFont {
  const shared = Object.create(font, {
    'cvt ': { value: undefined },
    fpgm: { value: undefined },
    prep: { value: undefined },
  }) as ParsedFont;
  shared.layout = rememberingLayout(font);
  shared.getGlyph = (id, codePoints) => withDecodingRemembered(font.getGlyph(id, codePoints));
  return shared;
}

/** Words remembered per font; past this the memory starts afresh (names and titles would otherwise pile up). */
const MAX_REMEMBERED_RUNS = 4000;

/**
 * Each caller gets its own copy of the positions, because pdfkit scales them in place. Runs are remembered when
 * shaped with the default features, as pdfkit asks for a word, and with RIGHT_TO_LEFT_RUN, as a right-to-left run
 * is drawn; the same text always shapes the same way in both, so the text alone is the key.
 */
function rememberingLayout(font: ParsedFont): ParsedFont['layout'] {
  const runs = new Map<string, GlyphRun>();
  return (text, features) => {
    if (features != null && features !== RIGHT_TO_LEFT_RUN) return font.layout(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= MAX_REMEMBERED_RUNS) runs.clear();
      run = font.layout(text, features);
      run.glyphs = run.glyphs.map(readable);
      runs.set(text, run);
    }
    return copyOfRun(run);
  };
}

/**
 * The features a right-to-left run is drawn with: any features at all make pdfkit shape the whole run at once
 * (instead of word by word, which would set the words left to right); none beyond the default ones are asked for.
 */
export const RIGHT_TO_LEFT_RUN: PDFKit.Mixins.OpenTypeFeatures[] = Object.freeze([]) as never;

const ZERO_WIDTH_JOINER = 0x200d;
const readableGlyphs = new WeakMap<Glyph, Glyph>();

/**
 * A glyph that stands for no character of its own (Noto Naskh Arabic draws the dots of ب, ن or ي as glyphs apart
 * from the letter's body) is given a zero-width joiner as its text: pdfkit would write an empty entry to the PDF's
 * ToUnicode map, which text extractors read as the glyph's number, a control character in the middle of the name.
 * pdf.js leaves format characters out of the text altogether.
 */
function readable(glyph: Glyph): Glyph {
  if (glyph.codePoints.length > 0) return glyph;
  let joiner = readableGlyphs.get(glyph);
  if (!joiner) {
    joiner = Object.create(glyph, { codePoints: { value: [ZERO_WIDTH_JOINER] } }) as Glyph;
    readableGlyphs.set(glyph, joiner);
  }
  return joiner;
}

const remembered = new WeakSet<Glyph>();

/**
 * Wraps fontkit's (private) glyph decoder so it runs once per glyph; the font keeps its glyph objects, so each is
 * wrapped once. Should a later fontkit have no such decoder, the glyph is left as it is: slower, still correct.
 */
function withDecodingRemembered(glyph: Glyph | null): Glyph | null {
  const decode = glyph?._decode;
  if (!glyph || typeof decode !== 'function' || remembered.has(glyph)) return glyph;
  let outline: unknown;
  let decoded = false;
  glyph._decode = () => {
    if (!decoded) {
      outline = decode.call(glyph);
      decoded = true;
    }
    return outline;
  };
  remembered.add(glyph);
  return glyph;
}

function copyOfRun(run: GlyphRun): GlyphRun {
  const positions = run.positions.map((p) => ({ ...p }));
  return {
    glyphs: run.glyphs,
    positions,
    // As fontkit's own run: the sum of the advances, read after pdfkit has scaled them.
    get advanceWidth() {
      return positions.reduce((width, p) => width + p.xAdvance, 0);
    },
  };
}
