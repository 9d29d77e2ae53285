import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../bench/support/chromium';
import { type ReceivedMail, type SmtpSink, workersMailingTo } from './smtp-sink';
import { TestApp } from './test-app';

/**
 * The browser tests' harness: Debian's Chromium driven by playwright-core against the real platform (started in
 * this process by TestApp, its workers mailing into an in-process SMTP server, PUBLIC_URL its own address so the
 * e-mails' links open in the browser), serving the web application's build (web/dist, which `npm test` builds first).
 * One browser per test file (`launchChromium`, Debian's Chromium, the same as benchmark P7's); one context (cookies,
 * storage, language, time zone) per person.
 */

export { launchChromium };

const WEB_DIST = resolve('web/dist');

/**
 * A browser journey's time limit (Jest's default is 60 s): a journey is a few dozen page loads, each checked by axe,
 * which takes seconds on a large page of a busy two-core machine. Nothing here is timed; this only bounds a hang.
 */
export const JOURNEY_TIMEOUT_MS = 240_000;

/** Where the screenshots of the main pages go (committed: the README and reviews show them). */
const SCREENSHOT_DIR = resolve('docs/screenshots');

/** A TCP port free on loopback right now (the app listens on it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The platform with its workers and the web application, e-mailing into `sink`, on a port chosen first so that
 * PUBLIC_URL (the e-mails' links, certificates' pdfUrl) is its real address. No demo data unless `env` asks.
 */
export async function startWebApp(sink: SmtpSink, env: Record<string, string> = {}): Promise<TestApp> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: build the web application first (npm run build -w web)`);
  }
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const t = await TestApp.start(
    { ...workersMailingTo(sink, publicUrl), REGISTRATIONS_PER_CLIENT: '50', ...env },
    { port },
  );
  if (t.url !== publicUrl) throw new Error(`the app listens at ${t.url}, not at its PUBLIC_URL ${publicUrl}`);
  return t;
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the person's pages (an app that throws fails the test that looks at this). */
  pageErrors: string[];
}

/**
 * A person at their own computer: a new context (nothing shared with anyone else's) with their language, time zone
 * and screen, and one page. `locale` is what the browser tells the site (navigator.languages, Accept-Language).
 */
export async function aPerson(
  browser: Browser,
  t: TestApp,
  opts: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {},
): Promise<Person> {
  const context = await browser.newContext({
    baseURL: t.url,
    locale: opts.locale ?? 'en-GB',
    timezoneId: opts.timezoneId ?? 'Africa/Dakar',
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
  const page = await context.newPage();
  return { context, page, pageErrors };
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The violations of serious or critical impact, one paragraph each (rule, help, the elements and why). */
function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `  - ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\n/g, ' ')}` : ''}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/**
 * axe-core over the page as it is now (WCAG 2.x A/AA and best practices): fails, listing them, on any violation of
 * serious or critical impact.
 */
export async function expectNoSeriousAxeViolations(page: Page, where = new URL(page.url()).pathname): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const text = describeViolations(serious);
    process.stderr.write(`axe on ${where}:\n${text}\n`);
    throw new Error(`axe found ${serious.length} serious or critical violation(s) on ${where}:\n${text}`);
  }
}

/**
 * A full-page screenshot at docs/screenshots/<name>.png, `width` pixels wide (1280 unless told: 360 for a phone);
 * the page's viewport is put back afterwards.
 */
export async function screenshot(page: Page, name: string, opts: { width?: number } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  const width = opts.width ?? 1280;
  if (before.width !== width) await page.setViewportSize({ width, height: before.height });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Web fonts and lazy chunks settled, no caret blinking into the picture.
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  if (before.width !== width) await page.setViewportSize(before);
  return path;
}

/**
 * The document's language, direction and widths (scrollWidth beyond clientWidth is a horizontal scroll bar). Run in
 * the page as an expression: the tests' TypeScript has no DOM types.
 */
export const documentState = (
  page: Page,
): Promise<{ lang: string; dir: string; scrollWidth: number; clientWidth: number }> =>
  page.evaluate(`({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  })`);

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#47;/g, '/')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/**
 * The first link of a message to a page of the platform whose path is `path` (e.g. '/confirm-email'): an href of the
 * HTML part if there is one, else an address in the text part. Absolute, as the reader's mail program shows it.
 */
function linkIn(mail: ReceivedMail, path: string): string {
  const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => decodeEntities(m[1]));
  const inText = [...mail.text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0]);
  const found = [...hrefs, ...inText].find((href) => {
    try {
      return new URL(href).pathname === path;
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`no link to ${path} in "${mail.subject}" to ${mail.to}:\n${mail.text.slice(0, 800)}`);
  return found;
}

/** Waits for the newest message of `kind` to `to` and gives its link to `path`. */
export async function mailLink(sink: SmtpSink, to: string, kind: string, path: string): Promise<string> {
  const address = to.toLowerCase();
  const mails = await sink.waitFor(
    (all) => all.some((m) => m.kind === kind && m.to === address),
    30_000,
    `${kind} to ${address}`,
  );
  const newest = mails.filter((m) => m.kind === kind && m.to === address).at(-1)!;
  return linkIn(newest, path);
}

type Catalogue = Record<string, unknown>;
const catalogues = new Map<string, Record<string, Catalogue>>();

/** The web application's strings of one language, by namespace (web/src/locales/<lng>/<ns>.json). */
function cataloguesOf(lng: string): Record<string, Catalogue> {
  let found = catalogues.get(lng);
  if (!found) {
    const dir = resolve('web/src/locales', lng);
    found = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      found[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Catalogue;
    }
    catalogues.set(lng, found);
  }
  return found;
}

function lookup(lng: string, ns: string, path: string): string | undefined {
  let node: unknown = cataloguesOf(lng)[ns];
  for (const part of path.split('.')) node = (node as Catalogue | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

/**
 * A string of the web application as a reader of `lng` sees it: 'ns:key.path' (namespace 'common' by default), with
 * {{name}} filled in and the plural form chosen by `count`; English when the language lacks it (as the app does).
 * Throws for a key no catalogue has, so a test never looks for a sentence the app cannot show.
 */
export function tr(lng: string, key: string, vars: Record<string, string | number> = {}): string {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
  const candidates =
    typeof vars.count === 'number'
      ? [`${path}_${new Intl.PluralRules(lng).select(vars.count)}`, `${path}_other`, path]
      : [path];
  for (const language of lng === 'en' ? ['en'] : [lng, 'en']) {
    for (const candidate of candidates) {
      const text = lookup(language, ns, candidate);
      if (text !== undefined) {
        return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
      }
    }
  }
  throw new Error(`no string ${key} in web/src/locales/${lng} (nor en)`);
}

/**
 * A string of the web application (as `tr`) as a regular expression, the placeholders not given in `vars` matching
 * anything: for a sentence whose number the page formats itself (a percentage, a date).
 */
export function trPattern(lng: string, key: string, vars: Record<string, string | number> = {}): RegExp {
  const text = tr(lng, key, vars);
  const parts = text.split(/\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.+?'));
}

/** A regular expression matching `text` exactly (for accessible names with punctuation). */
export const exactly = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/**
 * Signs in through /sign-in as a person does (the form's labels in `lng`), then waits for the signed-in menu. The
 * accounts of the factories have the password 'correct horse battery'.
 */
export async function signIn(page: Page, email: string, opts: { lng?: string; password?: string } = {}): Promise<void> {
  const lng = opts.lng ?? 'en';
  await page.goto('/sign-in');
  await page.getByRole('heading', { level: 1, name: tr(lng, 'account:signIn.title') }).waitFor();
  await page.getByLabel(tr(lng, 'account:email')).fill(email);
  await page.getByLabel(tr(lng, 'account:password'), { exact: true }).fill(opts.password ?? 'correct horse battery');
  await page.getByRole('button', { name: exactly(tr(lng, 'account:signIn.submit')) }).click();
  await page
    .getByRole('navigation', { name: tr(lng, 'nav.label') })
    .getByRole('button', { name: tr(lng, 'nav.signOut') })
    .waitFor();
}
