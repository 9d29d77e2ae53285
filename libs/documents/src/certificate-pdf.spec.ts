import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CertificateDocument } from './certificate-document';
import { renderCertificatePdf } from './certificate-pdf';

const VERIFY_URL = 'https://lms.example.org/verify/q3Vx8_Lk2Zp0OaI1lT-9wQ';

/** A webinar at 10:00–12:00 in Auckland: still 29 March in UTC, already 30 March where it took place. */
const webinar = (change: Partial<CertificateDocument> = {}): CertificateDocument => ({
  code: 'q3Vx8_Lk2Zp0OaI1lT-9wQ',
  holderName: 'Nguyễn Thị Hương',
  party: { code: 'VNM', name: 'Viet Nam' },
  language: 'EN',
  session: {
    kind: 'WEBINAR',
    title: 'Updating national implementation plans',
    startsAt: '2027-03-29T21:00:00.000Z',
    endsAt: '2027-03-29T23:00:00.000Z',
    timeZone: 'Pacific/Auckland',
    venue: null,
    hostCentre: null,
    region: null,
  },
  modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
  issuedAt: '2027-04-02T10:00:00.000Z',
  ...change,
});

const workshop = (change: Partial<CertificateDocument> = {}): CertificateDocument =>
  webinar({
    session: {
      kind: 'WORKSHOP',
      title: 'Sub-regional workshop on PCB management',
      startsAt: '2027-05-10T07:00:00.000Z',
      endsAt: '2027-05-12T15:00:00.000Z',
      timeZone: 'Africa/Johannesburg',
      venue: 'CSIR Convention Centre',
      hostCentre: { name: 'Africa Institute', city: 'Pretoria' },
      region: 'AFRICA',
    },
    modules: [
      { code: 'PCB', title: 'Environmentally sound management of PCBs' },
      { code: 'BAT', title: 'Best available techniques and best environmental practices' },
    ],
    issuedAt: '2027-05-13T09:00:00.000Z',
    ...change,
  });

interface ExtractedPdf {
  pages: number;
  /** Text items joined without and with spaces: the extractor may split a word or a line into several items. */
  joined: string;
  spaced: string;
  info: Record<string, unknown>;
}

async function extract(pdf: Buffer): Promise<ExtractedPdf> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const items: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) items.push(item.str.normalize('NFC'));
    }
    const { info } = await document.getMetadata();
    return {
      pages: document.numPages,
      joined: items.join(''),
      spaced: items.join(' '),
      info: info as Record<string, unknown>,
    };
  } finally {
    await document.destroy();
  }
}

/** A glyph as drawn: its text (from the PDF's ToUnicode map), where it starts, its font and its number there. */
interface DrawnGlyph {
  text: string;
  x: number;
  y: number;
  font: string;
  code: number;
}

/**
 * Every glyph of the first page in drawing order, from pdf.js's operator list: the order and positions the glyphs
 * are painted in, whatever pdf.js's text extraction makes of them (it reorders right-to-left text by guesswork).
 */
async function drawnGlyphs(pdf: Buffer): Promise<DrawnGlyph[]> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const page = await document.getPage(1);
    const { fnArray, argsArray } = await page.getOperatorList();
    const glyphs: DrawnGlyph[] = [];
    let font = '';
    let size = 0;
    let x = 0;
    let y = 0;
    fnArray.forEach((fn, i) => {
      const args = argsArray[i];
      if (fn === OPS.setFont) {
        font = (page.commonObjs.get(args[0]) as { name: string }).name.replace(/^[A-Z]{6}\+/, '');
        size = args[1];
      } else if (fn === OPS.setTextMatrix) {
        const matrix = Object.values(args[0] as Record<number, number>);
        [x, y] = [matrix[4], matrix[5]];
      } else if (fn === OPS.showText) {
        for (const glyph of args[0] as ({ unicode: string; width: number; originalCharCode: number } | number)[]) {
          if (typeof glyph === 'number') {
            x -= (glyph / 1000) * size;
            continue;
          }
          glyphs.push({ text: glyph.unicode, x, y, font, code: glyph.originalCharCode });
          x += (glyph.width / 1000) * size;
        }
      }
    });
    return glyphs;
  } finally {
    await document.destroy();
  }
}

/** The glyphs drawn on the holder's line (the one its first letter is on), left to right. */
function holderLine(glyphs: DrawnGlyph[], firstLetter: string): DrawnGlyph[] {
  const baseline = glyphs.find((g) => g.text === firstLetter && g.font !== 'DejaVuSans')!.y;
  return glyphs.filter((g) => Math.abs(g.y - baseline) < 3 && !/^\p{Cf}$/u.test(g.text)).sort((a, b) => a.x - b.x);
}

/** True when the text is in the PDF, whichever way the extractor cut it into items. */
function shows(pdf: ExtractedPdf, text: string): boolean {
  const wanted = text.normalize('NFC');
  const squeezed = (s: string) => s.replace(/\s+/g, '');
  return pdf.joined.includes(wanted) || pdf.spaced.includes(wanted) || squeezed(pdf.joined).includes(squeezed(wanted));
}

describe('renderCertificatePdf', () => {
  it('writes an English webinar certificate with every fact, dated in the session zone', async () => {
    const pdf = await renderCertificatePdf(webinar(), VERIFY_URL);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = await extract(pdf);
    expect(text.pages).toBe(1);
    for (const fact of [
      'Certificate of completion',
      'Stockholm Convention on Persistent Organic Pollutants — Capacity-building programme',
      'This is to certify that',
      'Nguyễn Thị Hương',
      'Viet Nam',
      'has successfully completed the training webinar',
      'Updating national implementation plans',
      'NIP — National Implementation Plans',
      'Online',
      'q3Vx8_Lk2Zp0OaI1lT-9wQ',
      VERIFY_URL,
      'Date of issue: 2 April 2027',
    ]) {
      expect({ fact, shown: shows(text, fact) }).toEqual({ fact, shown: true });
    }
    // 10:00 in Auckland on 30 March is 21:00 UTC on 29 March: the certificate gives the local day.
    expect(shows(text, 'Date: 30 March 2027')).toBe(true);
    expect(text.joined).not.toContain('29 March');
  });

  it('writes a French workshop certificate with the venue, host centre and city', async () => {
    const text = await extract(
      await renderCertificatePdf(workshop({ language: 'FR', holderName: 'Łukasz Żółć' }), VERIFY_URL),
    );
    expect(text.pages).toBe(1);
    for (const fact of [
      'Certificat de réussite',
      'Convention de Stockholm sur les polluants organiques persistants',
      'Łukasz Żółć',
      'a suivi avec succès l’atelier de formation',
      'Sub-regional workshop on PCB management',
      'PCB — Environmentally sound management of PCBs',
      'BAT — Best available techniques and best environmental practices',
      'Dates\u00a0: 10–12 mai 2027',
      'Lieu\u00a0: CSIR Convention Centre, Africa Institute, Pretoria',
      'Date de délivrance\u00a0: 13 mai 2027',
      'q3Vx8_Lk2Zp0OaI1lT-9wQ',
      VERIFY_URL,
    ]) {
      expect({ fact, shown: shows(text, fact) }).toEqual({ fact, shown: true });
    }
  });

  it('writes a Spanish certificate for a Cyrillic name, dated where the evening session took place', async () => {
    const evening = webinar({
      language: 'ES',
      holderName: 'Ольга Иванова',
      party: { code: 'RUS', name: 'Federación de Rusia' },
    });
    // 19:00–21:00 on 31 May in Mexico City is already 1 June in UTC.
    evening.session = {
      ...evening.session,
      startsAt: '2027-06-01T01:00:00.000Z',
      endsAt: '2027-06-01T03:00:00.000Z',
      timeZone: 'America/Mexico_City',
    };
    const text = await extract(await renderCertificatePdf(evening, VERIFY_URL));
    expect(text.pages).toBe(1);
    for (const fact of [
      'Certificado de finalización',
      'Convenio de Estocolmo sobre Contaminantes Orgánicos Persistentes',
      'Ольга Иванова',
      'Parte: Federación de Rusia',
      'ha completado satisfactoriamente el seminario web de formación',
      'Fecha: 31 de mayo de 2027',
      'Lugar: En línea',
      'q3Vx8_Lk2Zp0OaI1lT-9wQ',
      VERIFY_URL,
    ]) {
      expect({ fact, shown: shows(text, fact) }).toEqual({ fact, shown: true });
    }
    expect(text.joined).not.toContain('1 de junio');
  });

  it('writes other UN languages in English', async () => {
    for (const language of ['AR', 'ZH', 'RU', 'xx']) {
      const text = await extract(await renderCertificatePdf(webinar({ language }), VERIFY_URL));
      expect({ language, english: shows(text, 'Certificate of completion') }).toEqual({ language, english: true });
    }
  });

  it('describes the document in its info dictionary, created at the issue date', async () => {
    const { info } = await extract(await renderCertificatePdf(workshop({ language: 'ES' }), VERIFY_URL));
    expect(info.Title).toBe('Certificado de finalización — Nguyễn Thị Hương');
    expect(info.Author).toBe(
      'Convenio de Estocolmo sobre Contaminantes Orgánicos Persistentes — Programa de creación de capacidad',
    );
    expect(info.Subject).toBe('Sub-regional workshop on PCB management');
    expect(String(info.CreationDate)).toMatch(/^D:20270513090000/);
  });

  it('renders the same certificate to the same bytes', async () => {
    const first = await renderCertificatePdf(workshop(), VERIFY_URL);
    const second = await renderCertificatePdf(workshop(), VERIFY_URL);
    expect(first.equals(second)).toBe(true);
    const other = await renderCertificatePdf(workshop({ code: 'another-code-0123456789' }), VERIFY_URL);
    expect(other.equals(first)).toBe(false);
  });

  it('keeps the longest titles, names and six modules on one page with the code and link intact', async () => {
    const name = 'Łukasz Żółć-Brzęczyszczykiewicz '.repeat(7).slice(0, 200).trim();
    const title = 'Regional workshop on the review and updating of national implementation plans '
      .repeat(4)
      .slice(0, 300);
    const doc = workshop({
      holderName: name,
      session: { ...workshop().session, title },
      modules: Array.from({ length: 6 }, (_, i) => ({
        code: `MOD-${i + 1}`,
        title: 'Inventories, monitoring and environmentally sound management of persistent organic pollutants',
      })),
    });
    const text = await extract(await renderCertificatePdf(doc, VERIFY_URL));
    expect(text.pages).toBe(1);
    expect(shows(text, name)).toBe(true);
    expect(shows(text, 'MOD-6')).toBe(true);
    expect(shows(text, 'q3Vx8_Lk2Zp0OaI1lT-9wQ')).toBe(true);
    expect(shows(text, VERIFY_URL)).toBe(true);
  });

  it('sets Arabic and Hebrew names right to left, in a face that has their letters', async () => {
    for (const holderName of ['محمد بن علي', 'דוד כהן']) {
      const text = await extract(await renderCertificatePdf(webinar({ language: 'AR', holderName }), VERIFY_URL));
      expect(text.pages).toBe(1);
      // Read back in logical order: words set left to right would come out as "عليبن محمد".
      expect({ holderName, shown: text.spaced.includes(holderName) }).toEqual({ holderName, shown: true });
    }
  });

  it('prints Chinese, Russian and Arabic names in fonts that have their letters, readable back from the PDF', async () => {
    const cases = [
      { language: 'ZH', holderName: '王秀英', font: 'NotoSansSC-Bold' },
      { language: 'RU', holderName: 'Ольга Иванова', font: 'DejaVuSerif-Bold' },
      { language: 'AR', holderName: 'محمد عبد الله', font: 'NotoNaskhArabic-Bold' },
    ];
    for (const { language, holderName, font } of cases) {
      const pdf = await renderCertificatePdf(webinar({ language, holderName }), VERIFY_URL);
      const text = await extract(pdf);
      expect(text.pages).toBe(1);
      expect({ holderName, shown: shows(text, holderName) }).toEqual({ holderName, shown: true });
      // Every letter of the name drawn from the font that has it: no empty box (glyph 0), no other font.
      const letters = holderLine(await drawnGlyphs(pdf), [...holderName][0]).filter((g) => g.text.trim());
      expect(letters.map((g) => g.font)).toEqual(letters.map(() => font));
      expect(letters.every((g) => g.code !== 0)).toBe(true);
    }
  });

  it('sets an Arabic name inside a Latin line right to left, between the Latin words', async () => {
    const pdf = await renderCertificatePdf(webinar({ holderName: 'Dr. محمد عبد الله (EGY)' }), VERIFY_URL);
    expect(shows(await extract(pdf), 'Dr. محمد عبد الله (EGY)')).toBe(true);

    const line = holderLine(await drawnGlyphs(pdf), 'D');
    const isArabic = (g: DrawnGlyph) => /\p{Script=Arabic}/u.test(g.text);
    const arabic = line.filter(isArabic);
    // Painted left to right, the letters are the name's last letter first: read from the right, the name itself.
    expect(
      arabic
        .map((g) => g.text)
        .reverse()
        .join(''),
    ).toBe('محمدعبدالله');
    const wordStart = (letter: string) => arabic.filter((g) => g.text === letter).at(-1)!.x;
    expect(wordStart('م')).toBeGreaterThan(wordStart('ع'));
    expect(wordStart('ع')).toBeGreaterThan(wordStart('ا'));
    expect(arabic.every((g) => g.font === 'NotoNaskhArabic-Bold')).toBe(true);
    // "Dr." to the left of the Arabic words, "(EGY)" to their right, in order.
    const latin = (from: number, to: number) =>
      line
        .filter((g) => g.x >= from && g.x < to && !isArabic(g))
        .map((g) => g.text)
        .join('')
        .trim();
    expect(latin(-Infinity, arabic[0].x)).toBe('Dr.');
    expect(latin(arabic.at(-1)!.x, Infinity)).toBe('(EGY)');
  });

  it('breaks a long Chinese title between ideographs, all of it in the Chinese font', async () => {
    const title = '关于持久性有机污染物的斯德哥尔摩公约国家实施计划审查和更新区域讲习班'.repeat(3);
    const pdf = await renderCertificatePdf(webinar({ session: { ...webinar().session, title } }), VERIFY_URL);
    const text = await extract(pdf);
    expect(text.pages).toBe(1);
    expect(shows(text, `“${title}”`)).toBe(true);
    const glyphs = (await drawnGlyphs(pdf)).filter((g) => /\p{Script=Han}/u.test(g.text));
    expect(glyphs).toHaveLength([...title].length);
    expect(glyphs.every((g) => g.font === 'NotoSansSC-Bold' && g.code !== 0)).toBe(true);
    expect(new Set(glyphs.map((g) => Math.round(g.y))).size).toBeGreaterThan(1);
  });

  // No font embedded covers Thai: the name prints as empty boxes; the rest of the certificate stands.
  it('does not fail on a name the embedded fonts have no glyphs for', async () => {
    const pdf = await renderCertificatePdf(webinar({ language: 'EN', holderName: 'สมชาย ใจดี' }), VERIFY_URL);
    const text = await extract(pdf);
    expect(text.pages).toBe(1);
    expect(shows(text, 'q3Vx8_Lk2Zp0OaI1lT-9wQ')).toBe(true);
  });
});
