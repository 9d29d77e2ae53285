import type { VerificationView } from './certificate-document';
import { renderVerificationPage } from './verification-page';

const VERIFY_URL = 'https://lms.example.org/verify/q3Vx8_Lk2Zp0OaI1lT-9wQ';

const valid: VerificationView = {
  state: 'VALID',
  holderName: 'Łukasz Żółć',
  partyName: 'Poland',
  sessionTitle: 'Updating national implementation plans',
  moduleTitles: ['National Implementation Plans', 'Best available techniques'],
  issuedAt: '2027-05-13T09:00:00.000Z',
  revokedAt: null,
};

const revoked: VerificationView = { ...valid, state: 'REVOKED', revokedAt: '2027-06-03T14:30:00.000Z' };
const unknown: VerificationView = { state: 'UNKNOWN' };

/** The text a reader sees: tags dropped, entities decoded, spaces collapsed. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body>'));
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('renderVerificationPage', () => {
  it('is a complete, self-contained HTML5 page in the language asked for', () => {
    const html = renderVerificationPage(valid, 'FR', VERIFY_URL);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="fr-FR">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Certificat valide — Vérification de certificat</title>');
    expect(html).toMatch(/<style>[^<]+<\/style>/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // Nothing runs and nothing is fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\son\w+=/i);
  });

  it('says a valid certificate is valid, with its holder, Party, session, modules and issue date', () => {
    const en = visibleText(renderVerificationPage(valid, 'EN', VERIFY_URL));
    expect(en).toContain('Valid certificate');
    expect(en).toContain('This certificate was issued by the programme and is valid.');
    expect(en).toContain('Holder Łukasz Żółć');
    expect(en).toContain('Party Poland');
    expect(en).toContain('Session Updating national implementation plans');
    expect(en).toContain('Modules National Implementation Plans Best available techniques');
    expect(en).toContain('Date of issue 13 May 2027');
    expect(en).toContain(VERIFY_URL);
    expect(en).not.toMatch(/revoked|Unknown/i);

    const es = visibleText(renderVerificationPage({ ...valid, moduleTitles: ['Planes nacionales'] }, 'ES', VERIFY_URL));
    expect(es).toContain('Certificado válido');
    expect(es).toContain('Titular Łukasz Żółć');
    expect(es).toContain('Módulo Planes nacionales');
    expect(es).toContain('Fecha de expedición 13 de mayo de 2027');
  });

  it('says a revoked certificate was revoked and when, still naming the holder and the session', () => {
    const fr = visibleText(renderVerificationPage(revoked, 'FR', VERIFY_URL));
    expect(fr).toContain('Certificat révoqué');
    expect(fr).toContain('Ce certificat a été révoqué le 3 juin 2027 et n’est plus valide.');
    expect(fr).toContain('Titulaire Łukasz Żółć');
    expect(fr).toContain('Session Updating national implementation plans');
    expect(fr).not.toContain('Certificat valide');

    const en = visibleText(renderVerificationPage(revoked, 'EN', VERIFY_URL));
    expect(en).toContain('Revoked certificate');
    expect(en).toContain('This certificate was revoked on 3 June 2027 and is no longer valid.');
    expect(en).toContain('Holder Łukasz Żółć');

    const undated = visibleText(renderVerificationPage({ ...revoked, revokedAt: null }, 'ES', VERIFY_URL));
    expect(undated).toContain('Este certificado fue revocado y ya no es válido.');
  });

  it('says an unknown code matches no certificate and asks to check it, showing no holder', () => {
    const en = visibleText(renderVerificationPage(unknown, 'EN', VERIFY_URL));
    expect(en).toContain('Unknown code');
    expect(en).toContain('No certificate has this verification code. Please check the code');
    expect(en).toContain(VERIFY_URL);

    const es = visibleText(renderVerificationPage(unknown, 'ES', VERIFY_URL));
    expect(es).toContain('Código desconocido');
    expect(es).toContain('Ningún certificado tiene este código de verificación. Compruebe el código');

    const fr = renderVerificationPage({ ...unknown, holderName: 'Someone' }, 'FR', VERIFY_URL);
    expect(visibleText(fr)).toContain('Code inconnu');
    expect(fr).not.toContain('Someone');
    expect(fr).not.toContain('<dl>');
  });

  it('marks the state for machines as well as for readers', () => {
    expect(renderVerificationPage(valid, 'EN', VERIFY_URL)).toContain('data-state="VALID"');
    expect(renderVerificationPage(revoked, 'EN', VERIFY_URL)).toContain('data-state="REVOKED"');
    expect(renderVerificationPage(unknown, 'EN', VERIFY_URL)).toContain('data-state="UNKNOWN"');
  });

  it('writes other UN languages in English', () => {
    for (const language of ['AR', 'ZH', 'RU', '']) {
      const html = renderVerificationPage(valid, language, VERIFY_URL);
      expect(html).toContain('<html lang="en-GB">');
      expect(html).toContain('Valid certificate');
    }
  });

  it('escapes every value it shows', () => {
    const hostile: VerificationView = {
      state: 'REVOKED',
      holderName: '<script>alert("name")</script>',
      partyName: 'A & B <b>',
      sessionTitle: `"><img src=x onerror=alert('title')>`,
      moduleTitles: ['</li><script>alert(1)</script>'],
      issuedAt: '<b>not a date</b>',
      revokedAt: '<i>nor this</i>',
    };
    const url = `https://lms.example.org/verify/"><script>alert('url')</script>`;
    const html = renderVerificationPage(hostile, 'EN', url);
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<\/li><script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(html).toContain('A &amp; B &lt;b&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(&#39;title&#39;)&gt;');
    expect(html).toContain('&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;not a date&lt;/b&gt;');
    expect(html).toContain('revoked on &lt;i&gt;nor this&lt;/i&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(&#39;url&#39;)&lt;/script&gt;');
    // The reader still sees the values as they were typed.
    expect(visibleText(html)).toContain('Holder <script>alert("name")</script>');
  });
});
