import type { Browser, Locator, Page } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  exactly,
  expectNoSeriousAxeViolations,
  launchChromium,
  mailLink,
  screenshot,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { CANCEL_ENROLMENT } from '../support/enrolment-fixtures';
import { aDelegate, aWebinar, anEnrolment } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { must, type TestApp } from '../support/test-app';

const JOIN_URL = 'https://webinars.example.org/nip-browser';

/** Whether the locator's element has the keyboard focus (run in the page). */
const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate(
    (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/**
 * Journey (a): a delegate signs up in the browser, confirms the address from the e-mail's link, asks for a seat in a
 * full webinar, is waitlisted with the position shown, and gets the seat (and the join link) when others cancel.
 * Journey (e): a delegate signs in and enrols with the keyboard alone (Tab, Enter, Space).
 */
describe('web: sign up, confirm, enrol in a full webinar, waiting list; keyboard only', () => {
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
    [t, browser] = await Promise.all([startWebApp(sink), launchChromium()]);
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
    'signs up, confirms from the e-mail, is waitlisted in a full webinar, then confirmed with the join link',
    async () => {
      // A one-seat webinar: its seat held, one delegate already waiting.
      const webinar = await aWebinar(t, admin, { title: 'Inventories of POPs', capacity: 1, joinUrl: JOIN_URL });
      const holder = await aDelegate(t);
      const waiting = await aDelegate(t, { partyCode: 'GHA' });
      const held = await anEnrolment(t, webinar.id, holder);
      const ahead = await anEnrolment(t, webinar.id, waiting);
      expect([held.status, ahead.status, ahead.waitlistPosition]).toEqual(['CONFIRMED', 'WAITLISTED', 1]);

      const { page } = await person({ locale: 'en-GB', timezoneId: 'Africa/Dakar' });
      await page.goto('/sign-up');
      await page.getByRole('heading', { level: 1, name: tr('en', 'account:signUp.title') }).waitFor();
      await page.getByLabel(tr('en', 'account:fullName')).fill('Aminata Diallo');
      await page.getByLabel(tr('en', 'account:email')).fill('aminata.diallo@example.org');
      await page.getByLabel(tr('en', 'account:password'), { exact: true }).fill('a long enough password');
      await page.getByLabel(tr('en', 'account:party')).selectOption({ label: 'Senegal' });
      expect(await page.getByLabel(tr('en', 'account:timeZone')).inputValue()).toBe('Africa/Dakar');
      await expectNoSeriousAxeViolations(page, '/sign-up');
      await screenshot(page, 'sign-up-en');
      await page.getByRole('button', { name: tr('en', 'account:signUp.submit') }).click();
      await page.getByRole('heading', { level: 1, name: tr('en', 'account:signUp.checkMail') }).waitFor();
      await page.getByText(tr('en', 'account:signUp.sent', { email: 'aminata.diallo@example.org' })).waitFor();

      // The e-mail's link leads to this very platform's confirmation page.
      const link = await mailLink(sink, 'aminata.diallo@example.org', 'EMAIL_VERIFICATION', '/confirm-email');
      expect(link.startsWith(`${t.url}/confirm-email?token=`)).toBe(true);
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: tr('en', 'account:confirm.title') }).waitFor();
      await expectNoSeriousAxeViolations(page, '/confirm-email');
      await page.getByRole('button', { name: tr('en', 'account:confirm.submit') }).click();
      // Signed in: the delegate's menu.
      const nav = page.getByRole('navigation', { name: tr('en', 'nav.label') });
      await nav.getByRole('link', { name: tr('en', 'nav.programme') }).waitFor();
      expect(await nav.getByRole('link', { name: tr('en', 'nav.signIn') }).count()).toBe(0);
      const [account] = await t.db.query(`SELECT id, email_verified_at, party_code FROM app_user WHERE email = $1`, [
        'aminata.diallo@example.org',
      ]);
      expect(account.email_verified_at).not.toBeNull();
      expect(account.party_code).toBe('SEN');

      // The full webinar: join the waiting list, second in line.
      await page.goto(`/sessions/${webinar.id}`);
      await page.getByRole('heading', { level: 1, name: 'Inventories of POPs' }).waitFor();
      const place = page.getByRole('region', { name: tr('en', 'session:yourPlace') });
      await place.getByText(tr('en', 'session:fullWaitlist')).waitFor();
      await place.getByRole('button', { name: tr('en', 'session:joinWaitlist') }).click();
      await place.getByText(tr('en', 'status.WAITLISTED')).waitFor();
      await place.getByText(tr('en', 'session:waitlistPosition', { position: 2 })).waitFor();
      expect(await place.getByRole('link', { name: tr('en', 'session:join') }).count()).toBe(0);
      await expectNoSeriousAxeViolations(page, '/sessions/{id} (waitlisted)');
      await screenshot(page, 'session-waitlisted-en');

      // The seat holder cancels through the API: the one ahead gets the seat, Aminata moves up.
      must(await t.gql(CANCEL_ENROLMENT, { id: held.id }, holder.token), 'cancelEnrolment');
      await page.reload();
      await place.getByText(tr('en', 'session:waitlistPosition', { position: 1 })).waitFor();
      // The one ahead cancels too: the seat is hers, and with it the join link.
      must(await t.gql(CANCEL_ENROLMENT, { id: ahead.id }, waiting.token), 'cancelEnrolment');
      await page.reload();
      await place.getByText(tr('en', 'status.CONFIRMED')).waitFor();
      expect(await place.getByText(tr('en', 'status.WAITLISTED')).count()).toBe(0);
      const join = place.getByRole('link', { name: tr('en', 'session:join') });
      expect(await join.getAttribute('href')).toBe(JOIN_URL);
      await expectNoSeriousAxeViolations(page, '/sessions/{id} (confirmed)');
      await screenshot(page, 'session-confirmed-en');
      const [seat] = await t.db.query(
        `SELECT e.status FROM enrolment e JOIN app_user u ON u.id = e.delegate_id WHERE u.email = $1 AND e.session_id = $2`,
        ['aminata.diallo@example.org', webinar.id],
      );
      expect(seat.status).toBe('CONFIRMED');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'signs in and enrols with the keyboard alone',
    async () => {
      const webinar = await aWebinar(t, admin, { title: 'Keyboard webinar', capacity: 5 });
      const delegate = await aDelegate(t, { fullName: 'Kofi Mensah' });
      const { page } = await person({ locale: 'en-GB' });
      await page.goto(`/sessions/${webinar.id}`);
      await page.getByRole('heading', { level: 1, name: 'Keyboard webinar' }).waitFor();

      // The first Tab reaches the skip link; Enter on it moves the focus to the page's content.
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByRole('link', { name: tr('en', 'skipToContent') }))).toBe(true);

      // To the session's "Sign in to enrol", Enter; the sign-in form by Tab and typing; Enter submits.
      const signInToEnrol = page.getByRole('link', { name: tr('en', 'session:signInToEnrol') });
      await tabTo(page, signInToEnrol);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: tr('en', 'account:signIn.title') }).waitFor();
      await expectNoSeriousAxeViolations(page, '/sign-in');
      await tabTo(page, page.getByLabel(tr('en', 'account:email')));
      await page.keyboard.type(delegate.user.email);
      await tabTo(page, page.getByLabel(tr('en', 'account:password'), { exact: true }));
      await page.keyboard.type('correct horse battery');
      await tabTo(page, page.getByRole('button', { name: exactly(tr('en', 'account:signIn.submit')) }));
      await page.keyboard.press('Enter');

      // Back on the session's page, signed in: Space on "Enrol".
      await page.getByRole('heading', { level: 1, name: 'Keyboard webinar' }).waitFor();
      const place = page.getByRole('region', { name: tr('en', 'session:yourPlace') });
      const enrol = place.getByRole('button', { name: exactly(tr('en', 'session:enrol')) });
      await enrol.waitFor();
      await tabTo(page, enrol);
      await page.keyboard.press('Space');
      await place.getByText(tr('en', 'status.CONFIRMED')).waitFor();
      const [seat] = await t.db.query(`SELECT status FROM enrolment WHERE delegate_id = $1 AND session_id = $2`, [
        delegate.user.id,
        webinar.id,
      ]);
      expect(seat.status).toBe('CONFIRMED');
    },
    JOURNEY_TIMEOUT_MS,
  );
});
