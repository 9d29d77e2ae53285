import type { Browser } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  expectNoSeriousAxeViolations,
  documentState,
  launchChromium,
  screenshot,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { SmtpSink } from '../support/smtp-sink';
import type { TestApp } from '../support/test-app';

/**
 * The catalogue in the browser's language (a French or Spanish browser gets French or Spanish without choosing), in
 * Arabic from the language picker (right to left, nothing sticking out), on a 320-pixel phone; axe on each; the
 * screenshots of docs/screenshots. Runs on the demo programme, as a visitor first sees it.
 */
describe('web: languages, right to left, small screens', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  const people: Person[] = [];
  const person = async (opts: Parameters<typeof aPerson>[2] = {}) => {
    const p = await aPerson(browser, t, opts);
    people.push(p);
    return p;
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [t, browser] = await Promise.all([startWebApp(sink, { SEED_DEMO: 'true' }), launchChromium()]);
  }, JOURNEY_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });
  afterEach(() => {
    for (const p of people) expect(p.pageErrors).toEqual([]);
  });

  it(
    'shows the catalogue in English to an English browser, with session cards, on a phone too',
    async () => {
      const { page } = await person({ locale: 'en-GB' });
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: tr('en', 'catalogue:title') }).waitFor();
      await page.getByRole('article').first().waitFor();
      expect(await documentState(page)).toMatchObject({ lang: 'en', dir: 'ltr' });
      await expectNoSeriousAxeViolations(page, '/ (en)');
      await screenshot(page, 'catalogue-en');
      await screenshot(page, 'catalogue-en-mobile', { width: 360 });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'has no horizontal scroll at 320 pixels',
    async () => {
      const { page } = await person({ locale: 'en-GB', viewport: { width: 320, height: 640 } });
      await page.goto('/');
      await page.getByRole('article').first().waitFor();
      const { scrollWidth, clientWidth } = await documentState(page);
      expect(clientWidth).toBe(320);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await expectNoSeriousAxeViolations(page, '/ (320 px)');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it.each([
    ['fr-FR', 'fr'],
    ['es-ES', 'es'],
  ])(
    'a %s browser gets the catalogue in its language',
    async (locale, lng) => {
      const { page } = await person({ locale, timezoneId: lng === 'fr' ? 'Europe/Paris' : 'America/Lima' });
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: tr(lng, 'catalogue:title') }).waitFor();
      await page.getByRole('article').first().waitFor();
      expect((await documentState(page)).lang).toBe(lng);
      await page
        .getByRole('navigation', { name: tr(lng, 'nav.label') })
        .getByRole('link', { name: tr(lng, 'nav.signIn') })
        .waitFor();
      await expectNoSeriousAxeViolations(page, `/ (${lng})`);
      await screenshot(page, `catalogue-${lng}`);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'lays the catalogue out right to left in Arabic, chosen with the language picker, without overflow',
    async () => {
      const { page } = await person({ locale: 'en-GB' });
      await page.goto('/');
      await page.getByRole('article').first().waitFor();
      await page.getByRole('combobox', { name: tr('en', 'language') }).selectOption({ label: 'العربية' });
      await page.getByRole('heading', { level: 1, name: tr('ar', 'catalogue:title') }).waitFor();
      const { lang, dir, scrollWidth, clientWidth } = await documentState(page);
      expect([lang, dir]).toEqual(['ar', 'rtl']);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await expectNoSeriousAxeViolations(page, '/ (ar)');
      await screenshot(page, 'catalogue-ar');
      // The choice is remembered on this device.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: tr('ar', 'catalogue:title') }).waitFor();
      expect((await documentState(page)).dir).toBe('rtl');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
