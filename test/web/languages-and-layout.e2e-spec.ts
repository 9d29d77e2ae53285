import type { Browser } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  exactly,
  mailLink,
  signIn,
  expectNoSeriousAxeViolations,
  documentState,
  launchChromium,
  screenshot,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { aDelegate, aWebinar, aWorkshop } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import type { TestApp } from '../support/test-app';

/**
 * Journey (d) and the layout part of (f). The start of journey (a) in a French and in a Spanish browser (the browser's
 * language picks the interface's, and the account's language for e-mails): sign up, confirm from the e-mail, enrol in
 * a webinar, every heading in that language; a workshop of another region refused with the sentence of
 * errors:reason.NOT_IN_REGION. The catalogue in the browser's language (a French or Spanish browser gets French or Spanish without choosing), in
 * Arabic from the language picker (right to left, nothing sticking out), on a 320-pixel phone; axe on each; the
 * screenshots of docs/screenshots. Runs on the demo programme, as a visitor first sees it.
 */
describe('web: languages, right to left, small screens', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  const people: Person[] = [];
  const person = async (opts: Parameters<typeof aPerson>[2] = {}) => {
    const p = await aPerson(browser, t, opts);
    people.push(p);
    return p;
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [t, browser] = await Promise.all([startWebApp(sink, { SEED_DEMO: 'true' }), launchChromium()]);
    admin = await t.adminToken();
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

  it.each([
    ['fr-FR', 'fr', 'Europe/Paris', 'Aïssatou Faye', 'FR'],
    ['es-ES', 'es', 'America/Lima', 'Lucía Quispe', 'ES'],
  ])(
    'a %s browser signs up, confirms and enrols in its language',
    async (locale, lng, timezoneId, fullName, apiLanguage) => {
      const webinar = await aWebinar(t, admin, { title: `Webinar ${lng}`, capacity: 10 });
      const email = `${lng}.delegate@example.org`;
      const { page } = await person({ locale, timezoneId });
      await page.goto('/');
      await page
        .getByRole('navigation', { name: tr(lng, 'nav.label') })
        .getByRole('link', { name: tr(lng, 'nav.signUp') })
        .click();
      await page.getByRole('heading', { level: 1, name: tr(lng, 'account:signUp.title') }).waitFor();
      await page.getByLabel(tr(lng, 'account:fullName')).fill(fullName);
      await page.getByLabel(tr(lng, 'account:email')).fill(email);
      await page.getByLabel(tr(lng, 'account:password'), { exact: true }).fill('a long enough password');
      await page.getByLabel(tr(lng, 'account:party')).selectOption('SEN');
      expect(await page.getByLabel(tr(lng, 'account:preferredLanguage')).inputValue()).toBe(apiLanguage);
      expect(await page.getByLabel(tr(lng, 'account:timeZone')).inputValue()).toBe(timezoneId);
      await expectNoSeriousAxeViolations(page, `/sign-up (${lng})`);
      if (lng === 'fr') await screenshot(page, 'sign-up-fr');
      await page.getByRole('button', { name: tr(lng, 'account:signUp.submit') }).click();
      await page.getByRole('heading', { level: 1, name: tr(lng, 'account:signUp.checkMail') }).waitFor();

      // The confirmation e-mail is in the account's language; its link opens the page in the browser's.
      const link = await mailLink(sink, email, 'EMAIL_VERIFICATION', '/confirm-email');
      const [mail] = sink.to(email).filter((m) => m.kind === 'EMAIL_VERIFICATION');
      expect(mail.language?.toLowerCase().slice(0, 2)).toBe(lng);
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: tr(lng, 'account:confirm.title') }).waitFor();
      await page.getByRole('button', { name: tr(lng, 'account:confirm.submit') }).click();
      await page
        .getByRole('navigation', { name: tr(lng, 'nav.label') })
        .getByRole('link', { name: tr(lng, 'nav.programme') })
        .waitFor();
      await page.getByRole('heading', { level: 1, name: tr(lng, 'catalogue:title') }).waitFor();

      await page.goto(`/sessions/${webinar.id}`);
      await page.getByRole('heading', { level: 1, name: webinar.title }).waitFor();
      const place = page.getByRole('region', { name: tr(lng, 'session:yourPlace') });
      await place.getByRole('button', { name: exactly(tr(lng, 'session:enrol')) }).click();
      await place.getByText(tr(lng, 'status.CONFIRMED')).waitFor();
      await place.getByRole('link', { name: tr(lng, 'session:join') }).waitFor();
      expect((await documentState(page)).lang).toBe(lng);
      await expectNoSeriousAxeViolations(page, `/sessions/{id} (${lng})`);
      if (lng === 'fr') await screenshot(page, 'session-confirmed-fr');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'explains a refused enrolment in words: a workshop of another region (NOT_IN_REGION)',
    async () => {
      const workshop = await aWorkshop(t, admin, {
        title: 'Latin America NIP workshop',
        region: 'LATIN_AMERICA_CARIBBEAN',
        venue: 'Panama City',
        timeZone: 'America/Panama',
      });
      const delegate = await aDelegate(t, { partyCode: 'SEN' });
      const { page } = await person({ locale: 'en-GB' });
      await signIn(page, delegate.user.email);
      await page.goto(`/sessions/${workshop.id}`);
      await page.getByRole('heading', { level: 1, name: workshop.title }).waitFor();
      const place = page.getByRole('region', { name: tr('en', 'session:yourPlace') });
      await place.getByRole('button', { name: exactly(tr('en', 'session:requestPlace')) }).click();
      const alert = place.getByRole('alert');
      await alert.getByText(tr('en', 'errors:reason.NOT_IN_REGION')).waitFor();
      expect(await alert.textContent()).not.toContain('NOT_IN_REGION');
      expect(await place.getByText(tr('en', 'status.PENDING_ENDORSEMENT')).count()).toBe(0);
      await expectNoSeriousAxeViolations(page, '/sessions/{id} (refused)');
      await screenshot(page, 'session-refused-en');
      const rows = await t.db.query(`SELECT 1 FROM enrolment WHERE delegate_id = $1`, [delegate.user.id]);
      expect(rows).toHaveLength(0);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
