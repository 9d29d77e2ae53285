import bidiFactory from 'bidi-js';

/*
 * Lines of text for a PDF page, in any script: which font sets each character (a fallback chain, so a Chinese name
 * is not a row of empty boxes), where the lines break, and the order of the runs on each line (the Unicode
 * bidirectional algorithm, UAX #9, so an Arabic name in a line of Latin text reads right to left). pdfkit has none
 * of this: it sets all text left to right in one font. The fonts themselves stay behind the Fonts interface: this
 * module neither loads nor draws anything.
 */

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl' | 'auto';

/** One font of a fallback chain; a font with `only` sets just the characters it matches (a script's own font). */
export interface FontOption<F extends string> {
  font: F;
  only?: RegExp;
}

export interface Fonts<F extends string> {
  /** Tried in order for each character; the first font without `only` is the one a missing glyph is drawn in. */
  chain: readonly FontOption<F>[];
  hasGlyph(font: F, codePoint: number): boolean;
  /** The advance width of the text set in the font, in one direction (rtl: shaped as one right-to-left run). */
  widthOf(font: F, text: string, rtl: boolean): number;
  /** Whether the font mirrors brackets in right-to-left runs itself (OpenType rtlm); if not, the layout does. */
  mirrorsItself(font: F): boolean;
}

/** A stretch of a line in one font and one direction; a line's runs are in visual order, left to right. */
export interface Run<F extends string> {
  /** In logical order; for a right-to-left run the shaper (fontkit) sets the glyphs right to left. */
  text: string;
  font: F;
  rtl: boolean;
  width: number;
}

export interface Line<F extends string> {
  runs: Run<F>[];
  width: number;
}

export interface LayoutOptions {
  /** The paragraph direction; 'auto' takes it from the first strong letter (UAX #9 P2–P3), as for a name. */
  direction?: Direction;
  /** Lines beyond this are dropped and the last one kept ends in an ellipsis. */
  maxLines?: number;
}

/** A character as the layout sees it: a code point, where it is in the string, its resolved level and font. */
interface Char<F extends string> {
  index: number;
  end: number;
  codePoint: number;
  char: string;
  level: number;
  font: F;
}

const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const MARK = /^\p{Script=Inherited}$/u;
const SPACE = /^[\t\p{Zs}]$/u;
/** Spaces that must not break a line (the French no-break space before a colon, figure space, narrow no-break). */
const NO_BREAK_SPACE = /^[\u00a0\u2007\u202f]$/u;
/** Ideographs, kana and Hangul: a line may break between any two (there are no spaces in Chinese or Japanese). */
const IDEOGRAPHIC = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]$/u;
/** Closing punctuation that must not start a line, and opening punctuation that must not end one (CJK rules). */
const NO_BREAK_BEFORE =
  /^[)\]}、。，．：；！？）」』】〕〉》〗〙〛｝ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・…‥]$/u;
const NO_BREAK_AFTER = /^[([{（「『【〔〈《〖〘〚｛]$/u;
const HYPHEN = /^[-\u2010\u2012\u2013\u2014]$/u;
const ELLIPSIS = '…';

const choices = new WeakMap<readonly FontOption<string>[], Map<number, string>>();

/** The first font of the chain that has the character, remembered per chain. */
export function fontFor<F extends string>(char: string, fonts: Fonts<F>): F {
  let chosen = choices.get(fonts.chain);
  if (!chosen) {
    chosen = new Map();
    choices.set(fonts.chain, chosen);
  }
  const codePoint = char.codePointAt(0) ?? 0;
  let font = chosen.get(codePoint) as F | undefined;
  if (font === undefined) {
    const options = fonts.chain.filter((o) => !o.only || o.only.test(char));
    font = (
      options.find((o) => fonts.hasGlyph(o.font, codePoint)) ??
      fonts.chain.find((o) => !o.only) ??
      fonts.chain[0]
    ).font;
    chosen.set(codePoint, font);
  }
  return font;
}

/**
 * The text (paragraphs separated by line feeds) broken into lines no wider than maxWidth, each line a list of runs
 * in visual order. A word wider than the line is broken between letters rather than overflowing.
 */
export function layoutText<F extends string>(
  text: string,
  fonts: Fonts<F>,
  maxWidth: number,
  options: LayoutOptions = {},
): Line<F>[] {
  const direction = options.direction ?? 'auto';
  const maxLines = options.maxLines ?? Infinity;
  const lines: Line<F>[] = [];
  let lastText = '';
  for (const paragraph of text.split('\n')) {
    const chars = analyse(paragraph, fonts, direction);
    for (const [start, end] of breakLines(paragraph, chars, fonts, maxWidth)) {
      if (lines.length === maxLines) {
        if (maxLines > 0) lines[maxLines - 1] = withEllipsis(lastText, fonts, maxWidth, direction);
        return lines;
      }
      lines.push(orderLine(paragraph, chars.slice(start, end), fonts));
      lastText = start < end ? paragraph.slice(chars[start].index, chars[end - 1].end) : '';
    }
  }
  return lines;
}

/**
 * Characters that make the bidirectional algorithm worth running: right-to-left letters and Arabic digits (the
 * Hebrew, Arabic, Syriac, Thaana, N'Ko... blocks, their presentation forms, the right-to-left supplementary
 * scripts) and the explicit direction controls. Without any, every level of a left-to-right paragraph is 0.
 */
const NEEDS_BIDI =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u202a-\u202e\u2066-\u2069\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

function levelsOf(paragraph: string, direction: Direction): Uint8Array {
  if (direction !== 'rtl' && !NEEDS_BIDI.test(paragraph)) return new Uint8Array(paragraph.length);
  return bidi.getEmbeddingLevels(paragraph, direction === 'auto' ? undefined : direction).levels;
}

/** Code points with their bidi levels and fonts. */
function analyse<F extends string>(paragraph: string, fonts: Fonts<F>, direction: Direction): Char<F>[] {
  const levels = levelsOf(paragraph, direction);
  const chars: Char<F>[] = [];
  for (let index = 0; index < paragraph.length;) {
    const codePoint = paragraph.codePointAt(index)!;
    const char = String.fromCodePoint(codePoint);
    const end = index + char.length;
    chars.push({ index, end, codePoint, char, level: levels[index], font: fonts.chain[0].font });
    index = end;
  }
  assignFonts(chars, fonts);
  return chars;
}

/**
 * Letters take the first font of the chain that has them. Spaces, digits, punctuation and combining marks belong to
 * no script: they stay in the font of the text around them (the previous character at the same level, else the
 * next letter's), so an Arabic name is one run in its Arabic font, spaces included, and shapes as one.
 */
function assignFonts<F extends string>(chars: Char<F>[], fonts: Fonts<F>): void {
  const neutral = chars.map((c) => NEUTRAL.test(c.char));
  chars.forEach((c, i) => {
    if (!neutral[i]) c.font = fontFor(c.char, fonts);
  });
  chars.forEach((c, i) => {
    if (!neutral[i]) return;
    const previous = chars[i - 1];
    if (previous && (previous.level === c.level || MARK.test(c.char)) && fonts.hasGlyph(previous.font, c.codePoint)) {
      c.font = previous.font;
      return;
    }
    for (let j = i + 1; j < chars.length && chars[j].level === c.level; j++) {
      if (neutral[j]) continue;
      if (fonts.hasGlyph(chars[j].font, c.codePoint)) {
        c.font = chars[j].font;
        return;
      }
      break;
    }
    c.font = fontFor(c.char, fonts);
  });
}

/** Where a line may end: after spaces, after a hyphen or dash, and between ideographs. */
function breakAfter<F extends string>(chars: Char<F>[], i: number): boolean {
  const c = chars[i].char;
  const next = chars[i + 1]?.char;
  if (next === undefined) return true;
  if (SPACE.test(next) || NO_BREAK_BEFORE.test(next) || MARK.test(next)) return false;
  if (SPACE.test(c)) return !NO_BREAK_SPACE.test(c);
  if (NO_BREAK_AFTER.test(c) || NO_BREAK_SPACE.test(c)) return false;
  if (HYPHEN.test(c)) return i > 0 && !SPACE.test(chars[i - 1].char);
  return IDEOGRAPHIC.test(c) || IDEOGRAPHIC.test(next);
}

/** Greedy line filling over the pieces between break opportunities; returns [start, end) in chars. */
function breakLines<F extends string>(
  paragraph: string,
  chars: Char<F>[],
  fonts: Fonts<F>,
  maxWidth: number,
): [number, number][] {
  if (chars.length === 0) return [[0, 0]];
  const lines: [number, number][] = [];
  let lineStart = 0;
  let lineWidth = 0;
  let pieceStart = 0;
  for (let i = 0; i < chars.length; i++) {
    if (!breakAfter(chars, i)) continue;
    let contentEnd = i + 1;
    while (contentEnd > pieceStart && SPACE.test(chars[contentEnd - 1].char)) contentEnd--;
    const content = widthOf(paragraph, chars, pieceStart, contentEnd, fonts);
    const whole = content + widthOf(paragraph, chars, contentEnd, i + 1, fonts);
    if (lineStart < pieceStart && lineWidth + content > maxWidth) {
      lines.push([lineStart, pieceStart]);
      lineStart = pieceStart;
      lineWidth = 0;
    }
    if (lineStart === pieceStart && content > maxWidth) {
      // A word longer than the line: cut it where it stops fitting.
      let start = pieceStart;
      for (let end = start + 1; end <= contentEnd; end++) {
        if (end - start > 1 && widthOf(paragraph, chars, start, end, fonts) > maxWidth) {
          lines.push([start, end - 1]);
          start = end - 1;
        }
      }
      lineStart = start;
      lineWidth = widthOf(paragraph, chars, start, i + 1, fonts);
    } else {
      lineWidth += whole;
    }
    pieceStart = i + 1;
  }
  lines.push([lineStart, chars.length]);
  return lines;
}

/** The width of chars[start, end) as set: the sum of its runs of one font and one direction. */
function widthOf<F extends string>(
  paragraph: string,
  chars: Char<F>[],
  start: number,
  end: number,
  fonts: Fonts<F>,
): number {
  let width = 0;
  for (let i = start; i < end;) {
    let j = i + 1;
    while (j < end && chars[j].font === chars[i].font && chars[j].level % 2 === chars[i].level % 2) j++;
    width += fonts.widthOf(chars[i].font, paragraph.slice(chars[i].index, chars[j - 1].end), chars[i].level % 2 === 1);
    i = j;
  }
  return width;
}

/**
 * One line's runs in visual order (UAX #9 L1–L4): trailing spaces dropped, runs of one level and font, the runs
 * reversed from the highest level down to the lowest odd one, brackets of right-to-left runs mirrored.
 */
function orderLine<F extends string>(paragraph: string, chars: Char<F>[], fonts: Fonts<F>): Line<F> {
  let end = chars.length;
  while (end > 0 && SPACE.test(chars[end - 1].char)) end--;
  const segments: { level: number; chars: Char<F>[] }[] = [];
  for (const c of chars.slice(0, end)) {
    const last = segments[segments.length - 1];
    if (last && last.level === c.level && last.chars[0].font === c.font) last.chars.push(c);
    else segments.push({ level: c.level, chars: [c] });
  }
  const highest = Math.max(0, ...segments.map((s) => s.level));
  const lowestOdd = Math.min(...segments.map((s) => (s.level % 2 === 1 ? s.level : Infinity)));
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < segments.length; i++) {
      if (segments[i].level < level) continue;
      let j = i;
      while (j + 1 < segments.length && segments[j + 1].level >= level) j++;
      segments.splice(i, j - i + 1, ...segments.slice(i, j + 1).reverse());
      i = j;
    }
  }
  const runs = segments.map((s) => toRun(paragraph, s.chars, s.level % 2 === 1, fonts));
  return { runs, width: runs.reduce((sum, r) => sum + r.width, 0) };
}

function toRun<F extends string>(paragraph: string, chars: Char<F>[], rtl: boolean, fonts: Fonts<F>): Run<F> {
  const font = chars[0].font;
  const text = paragraph.slice(chars[0].index, chars[chars.length - 1].end);
  if (!rtl) return { text, font, rtl, width: fonts.widthOf(font, text, false) };
  // The shaper sets a run right to left only when it holds a right-to-left letter, and mirrors brackets only when
  // the font says how; other right-to-left runs (a bracket or a dash between Arabic words, in a font of its own)
  // are mirrored and put in visual order here.
  const shapedRightToLeft = chars.some((c) => isRightToLeftLetter(c.char));
  const mirrored =
    shapedRightToLeft && fonts.mirrorsItself(font)
      ? text
      : chars.map((c) => bidi.getMirroredCharacter(c.char) ?? c.char).join('');
  if (shapedRightToLeft) return { text: mirrored, font, rtl, width: fonts.widthOf(font, mirrored, true) };
  const reversed = [...graphemes().segment(mirrored)]
    .map((s) => s.segment)
    .reverse()
    .join('');
  return { text: reversed, font, rtl: false, width: fonts.widthOf(font, reversed, false) };
}

let graphemeSegmenter: Intl.Segmenter | null = null;

function graphemes(): Intl.Segmenter {
  return (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

function isRightToLeftLetter(char: string): boolean {
  const type = bidi.getBidiCharTypeName(char);
  return type === 'R' || type === 'AL';
}

/** The text shortened until it fits one line with an ellipsis after its logical end. */
function withEllipsis<F extends string>(
  text: string,
  fonts: Fonts<F>,
  maxWidth: number,
  direction: Direction,
): Line<F> {
  const chars = [...text];
  for (let keep = chars.length; ; keep--) {
    const shortened = `${chars.slice(0, keep).join('').trimEnd()}${ELLIPSIS}`;
    const line = orderLine(shortened, analyse(shortened, fonts, direction), fonts);
    if (line.width <= maxWidth || keep === 0) return line;
  }
}
