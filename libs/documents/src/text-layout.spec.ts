import { fontFor, layoutText, type Fonts, type Line } from './text-layout';

type TestFont = 'arabic' | 'latin' | 'han';

/**
 * Three made-up fonts, every glyph one unit wide: an Arabic font that mirrors brackets itself (as Noto Naskh Arabic
 * does with rtlm), a Latin one with Cyrillic and Hebrew but no bracket mirroring (as DejaVu), a Chinese one.
 */
const COVERS: Record<TestFont, RegExp> = {
  arabic: /[\p{Script=Arabic} 0-9().,]/u,
  latin: /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Hebrew} 0-9().,:\-—…]/u,
  han: /[\p{Script=Han}，。 0-9]/u,
};
const ARABIC = /\p{Script=Arabic}/u;

function testFonts(): Fonts<TestFont> & { measured: { font: TestFont; text: string; rtl: boolean }[] } {
  const measured: { font: TestFont; text: string; rtl: boolean }[] = [];
  return {
    chain: [{ font: 'arabic', only: ARABIC }, { font: 'latin' }, { font: 'han' }],
    hasGlyph: (font, codePoint) => COVERS[font].test(String.fromCodePoint(codePoint)),
    widthOf: (font, text, rtl) => {
      measured.push({ font, text, rtl });
      return [...text].length;
    },
    mirrorsItself: (font) => font === 'arabic',
    measured,
  };
}

/** Each line as its runs, [text, font, direction], left to right. */
function runsOf(lines: Line<TestFont>[]): [string, TestFont, 'rtl' | 'ltr'][][] {
  return lines.map((line) => line.runs.map((r) => [r.text, r.font, r.rtl ? 'rtl' : 'ltr']));
}

describe('fontFor', () => {
  it('takes the first font of the chain that has the character, a script font only for its script', () => {
    const fonts = testFonts();
    expect(fontFor('王', fonts)).toBe('han');
    expect(fontFor('Ж', fonts)).toBe('latin');
    expect(fontFor('م', fonts)).toBe('arabic');
    // The Arabic font has digits, but it is not asked for characters of other scripts.
    expect(fontFor('7', fonts)).toBe('latin');
  });

  it('falls back to the first general font when no font has the character (an empty box, not a failure)', () => {
    expect(fontFor('ก', testFonts())).toBe('latin');
  });
});

describe('layoutText', () => {
  it('sets a Chinese, a Cyrillic and an Arabic name each as one run in the font that has its letters', () => {
    const fonts = testFonts();
    expect(runsOf(layoutText('王秀英', fonts, 100))).toEqual([[['王秀英', 'han', 'ltr']]]);
    expect(runsOf(layoutText('Ольга Иванова', fonts, 100))).toEqual([[['Ольга Иванова', 'latin', 'ltr']]]);
    // One right-to-left run, spaces included, in logical order: the shaper joins the letters and sets it right to left.
    expect(runsOf(layoutText('محمد عبد الله', fonts, 100))).toEqual([[['محمد عبد الله', 'arabic', 'rtl']]]);
    expect(fonts.measured).toContainEqual({ font: 'arabic', text: 'محمد عبد الله', rtl: true });
  });

  it('orders a mixed line visually: Latin left to right, the Arabic run in between right to left', () => {
    const [line] = layoutText('Dr. محمد عبد الله (EGY)', testFonts(), 100);
    expect(runsOf([line])).toEqual([
      [
        ['Dr. ', 'latin', 'ltr'],
        ['محمد عبد الله', 'arabic', 'rtl'],
        [' (EGY)', 'latin', 'ltr'],
      ],
    ]);
    expect(line.width).toBe('Dr. محمد عبد الله (EGY)'.length);
  });

  it('puts the Latin part of a right-to-left name on the left, brackets mirrored where the font does not', () => {
    // Right-to-left paragraph (first letter Arabic): "(EGY)" reads before the name, i.e. to its left.
    expect(runsOf(layoutText('محمد (EGY)', testFonts(), 100))).toEqual([
      [
        ['(', 'latin', 'ltr'],
        ['EGY', 'latin', 'ltr'],
        ['محمد (', 'arabic', 'rtl'],
      ],
    ]);
    // DejaVu-like font, no rtlm: the layout swaps the brackets of the right-to-left run itself.
    expect(runsOf(layoutText('דוד (כהן)', testFonts(), 100))).toEqual([[['דוד )כהן(', 'latin', 'rtl']]]);
  });

  it('keeps numbers left to right inside right-to-left text', () => {
    expect(runsOf(layoutText('غرفة 12', testFonts(), 100))).toEqual([
      [
        ['12', 'latin', 'ltr'],
        ['غرفة ', 'arabic', 'rtl'],
      ],
    ]);
  });

  it('takes the paragraph direction from the first letter unless told', () => {
    expect(runsOf(layoutText('محمد EGY', testFonts(), 100))).toEqual([
      [
        ['EGY', 'latin', 'ltr'],
        ['محمد ', 'arabic', 'rtl'],
      ],
    ]);
    expect(runsOf(layoutText('محمد EGY', testFonts(), 100, { direction: 'ltr' }))).toEqual([
      [
        ['محمد', 'arabic', 'rtl'],
        [' EGY', 'latin', 'ltr'],
      ],
    ]);
  });

  it('breaks lines after spaces, dropping the spaces at the end of a line', () => {
    const lines = layoutText('aaa bbb ccc ddd', testFonts(), 10);
    expect(runsOf(lines)).toEqual([[['aaa bbb', 'latin', 'ltr']], [['ccc ddd', 'latin', 'ltr']]]);
    expect(lines.map((l) => l.width)).toEqual([7, 7]);
  });

  it('breaks Chinese between ideographs, never before a closing mark', () => {
    expect(runsOf(layoutText('王秀英王秀英王秀英', testFonts(), 4)).map((l) => l[0][0])).toEqual([
      '王秀英王',
      '秀英王秀',
      '英',
    ]);
    expect(runsOf(layoutText('一二三。', testFonts(), 3)).map((l) => l[0][0])).toEqual(['一二', '三。']);
  });

  it('breaks each Arabic line on its own, the first words on the first line', () => {
    expect(runsOf(layoutText('محمد عبد الله', testFonts(), 9))).toEqual([
      [['محمد عبد', 'arabic', 'rtl']],
      [['الله', 'arabic', 'rtl']],
    ]);
  });

  it('cuts a word longer than the line between letters', () => {
    expect(runsOf(layoutText('abcdefghij', testFonts(), 4)).map((l) => l[0][0])).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('starts a new line at each line feed', () => {
    expect(runsOf(layoutText('PCB — one\nBAT — two', testFonts(), 100)).map((l) => l[0][0])).toEqual([
      'PCB — one',
      'BAT — two',
    ]);
  });

  it('ends the last line it may use with an ellipsis', () => {
    const lines = layoutText('aaa bbb ccc ddd', testFonts(), 7, { maxLines: 1 });
    expect(runsOf(lines)).toEqual([[['aaa bb…', 'latin', 'ltr']]]);
    expect(lines[0].width).toBeLessThanOrEqual(7);
  });
});
