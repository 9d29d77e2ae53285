import type { CertificateDocument } from './certificate-document';
import { renderCertificatePdf } from './certificate-pdf';
import { loadedFonts } from './fonts';

const certificate = (holderName: string): CertificateDocument => ({
  code: 'q3Vx8_Lk2Zp0OaI1lT-9wQ',
  holderName,
  party: { code: 'CHN', name: 'China' },
  language: 'ZH',
  session: {
    kind: 'WEBINAR',
    title: 'Updating national implementation plans',
    startsAt: '2027-03-29T01:00:00.000Z',
    endsAt: '2027-03-29T03:00:00.000Z',
    timeZone: 'Asia/Shanghai',
    venue: null,
    hostCentre: null,
    region: null,
  },
  modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
  issuedAt: '2027-04-02T10:00:00.000Z',
});

// Its own test file, so its own module registry: the fonts start unread.
describe('certificate fonts', () => {
  it('reads a script font only when a text needs it (Noto Sans SC is 10.6 MB a weight)', async () => {
    await renderCertificatePdf(certificate('Ольга Иванова'), 'https://lms.example.org/verify/q3Vx8_Lk2Zp0OaI1lT-9wQ');
    const latinOnly = loadedFonts();
    expect(latinOnly).toEqual(expect.arrayContaining(['serifBold', 'sans', 'mono']));
    expect(latinOnly.filter((f) => /chinese|arabic/.test(f))).toEqual([]);

    await renderCertificatePdf(certificate('王秀英'), 'https://lms.example.org/verify/q3Vx8_Lk2Zp0OaI1lT-9wQ');
    // The name's weight only: the rest of the certificate has no Chinese.
    expect(loadedFonts().filter((f) => /chinese|arabic/.test(f))).toEqual(['chineseBold']);
  });
});
