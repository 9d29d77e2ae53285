import type { Browser } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  documentState,
  expectNoSeriousAxeViolations,
  launchChromium,
  signIn,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { aDelegate, aFocalPoint, aWebinar, anEnrolment } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import type { TestApp } from '../support/test-app';

/**
 * Issue #15, "axe-core on every page": the pages no journey walks through (the profile, the focal point's lists and
 * statistics, the nomination form, the account pages a link opens, a page that does not exist) each pass axe with no
 * serious or critical violation, show their heading, and fit a 320-pixel screen without sideways scrolling.
 */
describe('web: every page, axe and a 320 px screen', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  const people: Person[] = [];

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

  /** Opens `path`, waits for its heading, runs axe, and checks that nothing sticks out at the viewport's width. */
  async function check(p: Person, path: string, heading: string | RegExp): Promise<void> {
    await p.page.goto(path);
    await p.page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await p.page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(p.page, path);
    const state = await documentState(p.page);
    expect({ path, overflow: state.scrollWidth > state.clientWidth }).toEqual({ path, overflow: false });
  }

  it(
    "passes axe on the account pages, a delegate's profile and certificates, and a missing page, at 320 px",
    async () => {
      const p = await aPerson(browser, t, { locale: 'en-GB', viewport: { width: 320, height: 640 } });
      people.push(p);
      await check(p, '/sign-in', tr('en', 'account:signIn.title'));
      await check(p, '/sign-up', tr('en', 'account:signUp.title'));
      await check(p, '/forgot-password', tr('en', 'account:forgot.title'));
      await check(p, '/reset-password?token=not-a-token', tr('en', 'account:reset.title'));
      await check(p, '/confirm-email?token=not-a-token', tr('en', 'account:confirm.title'));
      await check(p, '/no/such/page', tr('en', 'notFound.title'));

      const delegate = await aDelegate(t, { partyCode: 'SEN' });
      const admin = await t.adminToken();
      const webinar = await aWebinar(t, admin);
      await anEnrolment(t, webinar.id, delegate);
      await signIn(p.page, delegate.user.email);
      await check(p, '/my/profile', tr('en', 'profile:title'));
      await check(p, '/my/certificates', tr('en', 'certificates:title'));
      await check(p, '/my/programme', tr('en', 'programme:title'));
      await check(p, `/sessions/${webinar.id}`, webinar.title);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "passes axe on the focal point's nominations, nomination form, Party enrolments and statistics, at 320 px",
    async () => {
      const p = await aPerson(browser, t, { locale: 'en-GB', viewport: { width: 320, height: 640 } });
      people.push(p);
      const focal = await aFocalPoint(t, { partyCode: 'SEN' });
      await signIn(p.page, focal.user.email);
      await check(p, '/party/nominations', tr('en', 'party:nominations.title'));
      await check(p, '/party/nominate', tr('en', 'party:nominate.title'));
      await check(p, '/party/enrolments', tr('en', 'party:enrolments.title'));
      await check(p, '/party/statistics', tr('en', 'party:stats.title'));
      // A delegate's page is not a focal point's: said in words, not an empty page.
      await check(p, '/my/certificates', tr('en', 'forbidden.title'));
    },
    JOURNEY_TIMEOUT_MS,
  );
});
