import { escapeHtml } from '@lib/common';
import type { DocumentLanguage } from './certificate-document';
import { styleElement } from './page-style';

/** What every page says the same way in a language: its BCP 47 tag (lang, date locale) and the programme's line. */
export interface PageLanguage {
  tag: 'en-GB' | 'fr-FR' | 'es-ES';
  programme: string;
}

export const PAGE_LANGUAGES: Record<DocumentLanguage, PageLanguage> = {
  EN: {
    tag: 'en-GB',
    programme: 'Stockholm Convention on Persistent Organic Pollutants — Capacity-building programme',
  },
  FR: {
    tag: 'fr-FR',
    programme:
      'Convention de Stockholm sur les polluants organiques persistants — Programme de renforcement des capacités',
  },
  ES: {
    tag: 'es-ES',
    programme: 'Convenio de Estocolmo sobre Contaminantes Orgánicos Persistentes — Programa de creación de capacidad',
  },
};

/** The look every page shares: a card on a grey ground under the programme's colour, full width on a phone. */
const SHELL_CSS = `
body{margin:0;background:#f4f6f8;color:#1f2933;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:2rem auto;padding:2rem;background:#fff;border-top:6px solid #0b4f6c;border-radius:4px}
.programme{margin:0;color:#0b4f6c;font-size:.85rem}
h1{margin:.25rem 0 1.5rem;font-size:1.6rem;color:#0b4f6c}
@media (max-width:32rem){main{margin:0;border-radius:0;padding:1.25rem}}
`.trim();

/**
 * The `<style>` element of a page: the shared look followed by the page's own rules. Call it once when the page's
 * module loads, so its hash is in the pages' Content-Security-Policy before the first page is served.
 */
export function pageStyle(css: string): string {
  return styleElement(`${SHELL_CSS}\n${css.trim()}`);
}

/**
 * A complete HTML5 page of the platform (inline style made by `pageStyle`, no script, nothing loaded from
 * elsewhere): not listed by search engines (they may name a person or carry a token in their address) and never
 * sending their address on in a Referer. `body` is HTML the caller has escaped; the texts here are escaped.
 */
export function renderPage(page: {
  language: PageLanguage;
  title: string;
  heading: string;
  style: string;
  body: readonly string[];
}): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${page.language.tag}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(page.title)}</title>`,
    page.style,
    '</head>',
    '<body>',
    '<main>',
    `<p class="programme">${escapeHtml(page.language.programme)}</p>`,
    `<h1>${escapeHtml(page.heading)}</h1>`,
    ...page.body.filter((line) => line !== ''),
    '</main>',
    '</body>',
    '</html>',
  ]
    .join('\n')
    .concat('\n');
}
