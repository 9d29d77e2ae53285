import { createHash } from 'node:crypto';

const hashes = new Set<string>();

/**
 * The `<style>` element of one of the platform's own HTML pages. Its CSS is a constant of the page's module, made
 * once at load: its hash joins the pages' Content-Security-Policy (`style-src 'sha256-…'`), so the browser applies
 * exactly these styles and no other inline CSS (an injected `<style>` or `style=` attribute is refused).
 */
export function styleElement(css: string): string {
  hashes.add(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  return `<style>${css}</style>`;
}

/** The CSP sources of every page style made so far (each page module makes its own when it is loaded). */
export function pageStyleSources(): string[] {
  return [...hashes];
}
