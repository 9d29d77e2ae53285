import type { Browser } from 'playwright-core';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  exactly,
  expectNoSeriousAxeViolations,
  launchChromium,
  screenshot,
  signIn,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { ENROL } from '../support/enrolment-fixtures';
import { aDelegate, aFocalPoint, aWorkshop } from '../support/factories';
import { mailsOf, SmtpSink } from '../support/smtp-sink';
import { must, type TestApp } from '../support/test-app';

const REASON = 'Another official of the ministry covers this workshop';

/**
 * Journey (b): a delegate asks for a place in a regional workshop in the browser; the Party's focal point, in a
 * browser of their own, sees the count of nominations in the header, endorses it on /party/nominations and declines
 * another with a reason; the delegate sees the seat, and the declined delegate the reason in their history on
 * /my/programme.
 */
describe('web: workshop nominations endorsed and declined by the focal point', () => {
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
    [t, browser] = await Promise.all([startWebApp(sink), launchChromium()]);
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
    'endorses one nomination and declines another with a reason the delegate then reads',
    async () => {
      const admin = await t.adminToken();
      const workshop = await aWorkshop(t, admin, { title: 'Africa NIP workshop, Dakar', venue: 'Dakar' });
      const focal = await aFocalPoint(t, { partyCode: 'SEN', fullName: 'Fatou Sarr' });
      const awa = await aDelegate(t, { partyCode: 'SEN', fullName: 'Awa Ndiaye' });
      const moussa = await aDelegate(t, { partyCode: 'SEN', fullName: 'Moussa Ba' });

      // Awa asks for a place in her browser: waiting for endorsement.
      const awaBrowser = await person();
      await signIn(awaBrowser.page, awa.user.email);
      await awaBrowser.page.goto(`/sessions/${workshop.id}`);
      await awaBrowser.page.getByRole('heading', { level: 1, name: workshop.title }).waitFor();
      const awaPlace = awaBrowser.page.getByRole('region', { name: tr('en', 'session:yourPlace') });
      await awaPlace.getByRole('button', { name: exactly(tr('en', 'session:requestPlace')) }).click();
      await awaPlace.getByText(tr('en', 'status.PENDING_ENDORSEMENT')).waitFor();
      await awaPlace.getByText(tr('en', 'session:pendingExplained')).waitFor();
      await expectNoSeriousAxeViolations(awaBrowser.page, '/sessions/{id} (workshop, pending)');
      // Moussa asks through the API.
      expect(must(await t.gql(ENROL, { s: workshop.id }, moussa.token), 'enrol').status).toBe('PENDING_ENDORSEMENT');

      // The focal point: two nominations in the header's count, both on the nominations page.
      const fatou = await person({ timezoneId: 'Africa/Dakar' });
      await signIn(fatou.page, focal.user.email);
      const nav = fatou.page.getByRole('navigation', { name: tr('en', 'nav.label') });
      const nominationsLink = (count: number) =>
        nav.getByRole('link', {
          name: exactly(`${tr('en', 'nav.nominations')} ${tr('en', 'nav.pendingCount', { count })}`),
        });
      await nominationsLink(2).waitFor();
      await nominationsLink(2).click();
      await fatou.page.getByRole('heading', { level: 1, name: tr('en', 'party:nominations.title') }).waitFor();
      await fatou.page.getByText(tr('en', 'party:nominations.count', { count: 2 })).waitFor();
      await expectNoSeriousAxeViolations(fatou.page, '/party/nominations');
      await screenshot(fatou.page, 'party-nominations-en');

      // Endorse Awa's: she holds a seat (funded: the first of SEN's one funded seat), the count drops to one.
      const awaCard = fatou.page.getByRole('article', { name: 'Awa Ndiaye' });
      await awaCard
        .getByRole('button', {
          name: `${tr('en', 'party:nominations.endorse')} ${tr('en', 'party:nominations.nominationOf', { name: 'Awa Ndiaye' })}`,
        })
        .click();
      await fatou.page
        .getByText(
          `${tr('en', 'party:nominations.endorsed')} ${tr('en', 'party:standing.seat', { name: 'Awa Ndiaye', title: workshop.title })}`,
        )
        .waitFor();
      await nominationsLink(1).waitFor();
      expect(await awaCard.count()).toBe(0);

      // Decline Moussa's: the reason is required, then given.
      const moussaCard = fatou.page.getByRole('article', { name: 'Moussa Ba' });
      await moussaCard
        .getByRole('button', {
          name: `${tr('en', 'party:nominations.decline')} ${tr('en', 'party:nominations.nominationOf', { name: 'Moussa Ba' })}`,
        })
        .click();
      const form = moussaCard.getByRole('form', {
        name: tr('en', 'party:nominations.declineTitle', { name: 'Moussa Ba' }),
      });
      await form.getByRole('button', { name: tr('en', 'party:nominations.confirmDecline') }).click();
      await form.getByText(tr('en', 'party:nominations.reasonRequired')).waitFor();
      await expectNoSeriousAxeViolations(fatou.page, '/party/nominations (declining)');
      await form.getByLabel(tr('en', 'party:nominations.reason')).fill(REASON);
      await form.getByRole('button', { name: tr('en', 'party:nominations.confirmDecline') }).click();
      await fatou.page
        .getByText(tr('en', 'party:standing.declined', { name: 'Moussa Ba', title: workshop.title }))
        .waitFor();
      await fatou.page.getByText(tr('en', 'party:nominations.none')).waitFor();
      // No nomination left: no count in the header.
      await nav.getByRole('link', { name: exactly(tr('en', 'nav.nominations')) }).waitFor();

      // Awa's page, reloaded: a seat.
      await awaBrowser.page.reload();
      await awaPlace.getByText(tr('en', 'status.CONFIRMED')).waitFor();

      // Moussa, in his browser: declined, and the focal point's reason in the enrolment's history.
      const moussaBrowser = await person();
      await signIn(moussaBrowser.page, moussa.user.email);
      await moussaBrowser.page.getByRole('link', { name: tr('en', 'nav.programme') }).click();
      await moussaBrowser.page.getByRole('heading', { level: 1, name: tr('en', 'programme:title') }).waitFor();
      const card = moussaBrowser.page.getByRole('article', { name: workshop.title });
      await card.getByText(tr('en', 'status.DECLINED')).waitFor();
      await card.getByRole('button', { name: `${tr('en', 'programme:history.show')} — ${workshop.title}` }).click();
      const history = card.getByRole('list', { name: tr('en', 'programme:history.label') });
      await history.getByText(REASON).waitFor();
      await history.getByText(tr('en', 'programme:history.comment')).waitFor();
      await expectNoSeriousAxeViolations(moussaBrowser.page, '/my/programme');
      await screenshot(moussaBrowser.page, 'my-programme-en');

      // The decline also reached Moussa by e-mail, with the reason.
      const mails = await sink.waitFor(
        (m) => mailsOf(m, 'ENROLMENT_DECLINED', moussa.user.email).length > 0,
        30_000,
        'the decline e-mail',
      );
      const declined = mailsOf(mails, 'ENROLMENT_DECLINED', moussa.user.email);
      expect(declined).toHaveLength(1);
      expect(declined[0].text).toContain(REASON);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
