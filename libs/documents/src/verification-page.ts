import { escapeHtml } from '@lib/common';
import { documentLanguageOf } from './certificate-document';
import { PAGE_LANGUAGES, pageStyle, renderPage, type PageLanguage } from './page-shell';
import type { DocumentLanguage, VerificationView } from './certificate-document';

type State = VerificationView['state'];

/**
 * Every word the public verification page shows, per document language. An interface so that a string missing in
 * French or Spanish is a compile error. Texts are plain: the page escapes them with the values.
 */
interface VerificationTexts extends PageLanguage {
  /** Between a label and its value (French puts a no-break space before the colon). */
  colon: string;
  heading: string;
  status: Record<State, string>;
  valid: string;
  revoked(on: string | null): string;
  unknown: string;
  labels: {
    holder: string;
    party: string;
    session: string;
    modules(count: number): string;
    issued: string;
    address: string;
  };
}

const TEXTS: Record<DocumentLanguage, VerificationTexts> = {
  EN: {
    ...PAGE_LANGUAGES.EN,
    colon: ': ',
    heading: 'Certificate verification',
    status: { VALID: 'Valid certificate', REVOKED: 'Revoked certificate', UNKNOWN: 'Unknown code' },
    valid: 'This certificate was issued by the programme and is valid.',
    revoked: (on) =>
      on
        ? `This certificate was revoked on ${on} and is no longer valid.`
        : 'This certificate was revoked and is no longer valid.',
    unknown:
      'No certificate has this verification code. Please check the code: it must be copied in full, exactly as printed on the certificate.',
    labels: {
      holder: 'Holder',
      party: 'Party',
      session: 'Session',
      modules: (count) => (count === 1 ? 'Module' : 'Modules'),
      issued: 'Date of issue',
      address: 'Address checked',
    },
  },
  FR: {
    ...PAGE_LANGUAGES.FR,
    colon: '\u00a0: ',
    heading: 'Vérification de certificat',
    status: { VALID: 'Certificat valide', REVOKED: 'Certificat révoqué', UNKNOWN: 'Code inconnu' },
    valid: 'Ce certificat a été délivré par le programme et il est valide.',
    revoked: (on) =>
      on
        ? `Ce certificat a été révoqué le ${on} et n’est plus valide.`
        : 'Ce certificat a été révoqué et n’est plus valide.',
    unknown:
      'Aucun certificat ne porte ce code de vérification. Veuillez vérifier le code : il doit être copié en entier, exactement tel qu’il figure sur le certificat.',
    labels: {
      holder: 'Titulaire',
      party: 'Partie',
      session: 'Session',
      modules: (count) => (count === 1 ? 'Module' : 'Modules'),
      issued: 'Date de délivrance',
      address: 'Adresse vérifiée',
    },
  },
  ES: {
    ...PAGE_LANGUAGES.ES,
    colon: ': ',
    heading: 'Verificación de certificados',
    status: { VALID: 'Certificado válido', REVOKED: 'Certificado revocado', UNKNOWN: 'Código desconocido' },
    valid: 'Este certificado fue expedido por el programa y es válido.',
    revoked: (on) =>
      on
        ? `Este certificado fue revocado el ${on} y ya no es válido.`
        : 'Este certificado fue revocado y ya no es válido.',
    unknown:
      'Ningún certificado tiene este código de verificación. Compruebe el código: debe copiarse completo, tal como figura en el certificado.',
    labels: {
      holder: 'Titular',
      party: 'Parte',
      session: 'Sesión',
      modules: (count) => (count === 1 ? 'Módulo' : 'Módulos'),
      issued: 'Fecha de expedición',
      address: 'Dirección verificada',
    },
  },
};

/**
 * The calendar day in UTC, as the certificate prints its issue date, so the page and the paper agree. A value that
 * is not a date is shown as it is rather than breaking the page.
 */
function calendarDate(iso: string, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.format(at);
}

/** Made at load, so the pages' Content-Security-Policy knows its hash before the first page is served. */
const STYLE = pageStyle(`
.verdict{padding:1rem 1.25rem;border-radius:4px;border-left:6px solid}
.verdict p{margin:0}
.verdict .status{font-weight:700;font-size:1.2rem;margin-bottom:.25rem}
.valid{background:#e8f5e9;border-color:#2e7d32}.valid .status{color:#1b5e20}
.revoked{background:#fdecea;border-color:#c62828}.revoked .status{color:#b71c1c}
.unknown{background:#fff8e1;border-color:#f9a825}.unknown .status{color:#6d4c00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.25rem;margin:1.5rem 0 0}
dt{font-weight:600;color:#52606d}dd{margin:0;overflow-wrap:anywhere}
ul{margin:0;padding-left:1.1rem}
.address{margin:1.5rem 0 0;font-size:.8rem;color:#52606d;overflow-wrap:anywhere}
@media (max-width:32rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
`);

/**
 * The public page a QR code or a typed code leads to: a complete HTML5 document (inline style, no script, nothing
 * loaded from elsewhere) saying whether the certificate is valid, revoked or unknown, in EN, FR or ES.
 */
export function renderVerificationPage(view: VerificationView, language: string, verifyUrl: string): string {
  const t = TEXTS[documentLanguageOf(language)];
  const status = t.status[view.state];
  // The page names a person: it answers whoever holds the code, but search engines need not list it (renderPage).
  return renderPage({
    language: t,
    title: `${status} — ${t.heading}`,
    heading: t.heading,
    style: STYLE,
    body: [
      verdict(view, t),
      view.state === 'UNKNOWN' ? '' : facts(view, t),
      `<p class="address">${escapeHtml(t.labels.address + t.colon)}<span>${escapeHtml(verifyUrl)}</span></p>`,
    ],
  });
}

function verdict(view: VerificationView, t: VerificationTexts): string {
  const revokedOn = view.revokedAt ? calendarDate(view.revokedAt, t.tag) : null;
  const sentence = view.state === 'VALID' ? t.valid : view.state === 'REVOKED' ? t.revoked(revokedOn) : t.unknown;
  return [
    `<section class="verdict ${view.state.toLowerCase()}" data-state="${view.state}">`,
    `<p class="status">${escapeHtml(t.status[view.state])}</p>`,
    `<p>${escapeHtml(sentence)}</p>`,
    '</section>',
  ].join('\n');
}

/** What the certificate says, for a valid one and for a revoked one alike (the holder may dispute a revocation). */
function facts(view: VerificationView, t: VerificationTexts): string {
  const rows: { label: string; html: string }[] = [];
  if (view.holderName) rows.push({ label: t.labels.holder, html: escapeHtml(view.holderName) });
  if (view.partyName) rows.push({ label: t.labels.party, html: escapeHtml(view.partyName) });
  if (view.sessionTitle) rows.push({ label: t.labels.session, html: escapeHtml(view.sessionTitle) });
  const modules = view.moduleTitles ?? [];
  if (modules.length) {
    const items = modules.map((title) => `<li>${escapeHtml(title)}</li>`).join('');
    rows.push({ label: t.labels.modules(modules.length), html: `<ul>${items}</ul>` });
  }
  if (view.issuedAt) rows.push({ label: t.labels.issued, html: escapeHtml(calendarDate(view.issuedAt, t.tag)) });
  if (!rows.length) return '';
  const entries = rows.map((row) => `<dt>${escapeHtml(row.label)}</dt><dd>${row.html}</dd>`);
  return ['<dl>', ...entries, '</dl>'].join('\n');
}
