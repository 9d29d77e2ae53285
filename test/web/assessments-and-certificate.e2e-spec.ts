import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
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
  trPattern,
  type Person,
} from '../support/browser';
import { ATTEND, COMPLETE, createAssessment } from '../support/assessment-fixtures';
import { startNow } from '../support/enrolment-fixtures';
import { aDelegate, aTrainer, aWebinar, anEnrolment } from '../support/factories';
import { mailsOf, SmtpSink } from '../support/smtp-sink';
import { must, type TestApp } from '../support/test-app';

const MY_ATTEMPTS = `query A($s: ID) { myAssessmentAttempts(sessionId: $s) { kind attemptNumber score passed } }`;
const MY_CERTIFICATES = `query { myCertificates { code pdfUrl session { id } } }`;
const TITLE = 'Updating the National Implementation Plan';

/**
 * Answers the ten questions of the fixtures' tests (option 'right' or 'wrong', one point each) so that `right` of
 * them are right, and submits: each question is a group named by its legend, each answer a radio button.
 */
async function answer(page: Page, right: number): Promise<void> {
  for (let i = 1; i <= 10; i++) {
    const question = page.getByRole('group', {
      name: exactly(`${tr('en', 'assessment:questionNumber', { number: i })} Question ${i}`),
    });
    await question.getByRole('radio', { name: i <= right ? 'right' : 'wrong', exact: true }).check();
  }
  await page.getByRole('button', { name: tr('en', 'assessment:submit.post') }).click();
}

/**
 * Journey (c): the pre-course test in the browser, attendance recorded and the session completed by its trainer
 * through the API, the post-course test failed then passed, the certificate downloaded from /my/certificates (the
 * same bytes as the API's PDF at pdfUrl), then the follow-up survey.
 */
describe('web: pre-course test, post-course test failed then passed, certificate, follow-up survey', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  const people: Person[] = [];

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
    'takes a delegate from the pre-course test to the certificate and the survey',
    async () => {
      const admin = await t.adminToken();
      const trainer = await aTrainer(t, { modules: ['NIP'] });
      await createAssessment(t, trainer.token, 'NIP', 'PRE');
      await createAssessment(t, trainer.token, 'NIP', 'POST');
      const webinar = await aWebinar(t, admin, { title: TITLE, trainerIds: [trainer.user.id] });
      const awa = await aDelegate(t, { fullName: 'Awa Ndiaye Sène' });
      await anEnrolment(t, webinar.id, awa);

      const me = await aPerson(browser, t, { timezoneId: 'Africa/Dakar' });
      people.push(me);
      const { page } = me;
      await signIn(page, awa.user.email);

      // The pre-course test, from the programme's link.
      await page.getByRole('link', { name: tr('en', 'nav.programme') }).click();
      const card = page.getByRole('article', { name: TITLE });
      await card.getByRole('link', { name: tr('en', 'programme:take.pre') }).click();
      const pageTitle = (kind: 'PRE' | 'POST' | 'FOLLOW_UP') =>
        page.getByRole('heading', {
          level: 1,
          name: tr('en', 'assessment:pageTitle', { kind: tr('en', `kind.${kind}`), title: TITLE }),
        });
      await pageTitle('PRE').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/my/assessments/${webinar.id}/pre`);
      await expectNoSeriousAxeViolations(page, '/my/assessments/{id}/pre');
      await screenshot(page, 'assessment-pre-en');
      await answer(page, 3);
      await page.getByRole('heading', { name: tr('en', 'assessment:result.title') }).waitFor();
      await page.getByText(tr('en', 'assessment:result.preNote')).waitFor();

      // Before attendance, the post-course test says why it is not open.
      await page.goto(`/my/assessments/${webinar.id}/post`);
      await pageTitle('POST').waitFor();
      await page.getByText(tr('en', 'errors:reason.NOT_ATTENDED')).waitFor();

      // The trainer records attendance and completes the session (through the API, as the trainers' pages are not
      // the web app's yet).
      await startNow(t.db, webinar.id);
      must(await t.gql(ATTEND, { s: webinar.id, d: [awa.user.id], a: true }, trainer.token), 'recordAttendance');
      must(await t.gql(COMPLETE, { id: webinar.id }, trainer.token), 'completeSession');

      // Post-course test: 50 % fails (two attempts left), "Try again", 100 % passes.
      await page.reload();
      await pageTitle('POST').waitFor();
      await answer(page, 5);
      await page.getByText(trPattern('en', 'assessment:result.failed')).waitFor();
      await page.getByText(tr('en', 'assessment:result.attemptsLeft', { count: 2, number: 1, max: 3 })).waitFor();
      await expectNoSeriousAxeViolations(page, '/my/assessments/{id}/post (failed)');
      await page.getByRole('button', { name: tr('en', 'assessment:result.tryAgain') }).click();
      await answer(page, 10);
      await page.getByText(trPattern('en', 'assessment:result.passed')).waitFor();
      await page.getByText(tr('en', 'assessment:result.certificateNote')).waitFor();
      const attempts = must(await t.gql(MY_ATTEMPTS, { s: webinar.id }, awa.token), 'myAssessmentAttempts');
      expect(
        attempts
          .filter((a: { kind: string }) => a.kind === 'POST')
          .map((a: { attemptNumber: number; score: number; passed: boolean }) => [a.attemptNumber, a.score, a.passed])
          .sort(),
      ).toEqual([
        [1, 50, false],
        [2, 100, true],
      ]);

      // The certificate is issued by the workers (its e-mail says so); the page lists it; the download is the API's PDF.
      await sink.waitFor(
        (m) => mailsOf(m, 'CERTIFICATE_ISSUED', awa.user.email).length > 0,
        30_000,
        'the certificate e-mail',
      );
      const [certificate] = must(await t.gql(MY_CERTIFICATES, {}, awa.token), 'myCertificates');
      expect(certificate.pdfUrl).toBe(`${t.url}/certificates/${certificate.code}.pdf`);
      await page.getByRole('link', { name: tr('en', 'assessment:result.toCertificates') }).click();
      await page.getByRole('heading', { level: 1, name: tr('en', 'certificates:title') }).waitFor();
      const certificateCard = page.getByRole('article', { name: TITLE });
      await certificateCard.getByText(tr('en', 'certificates:valid'), { exact: true }).waitFor();
      await expectNoSeriousAxeViolations(page, '/my/certificates');
      await screenshot(page, 'my-certificates-en');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        certificateCard.getByRole('link', { name: tr('en', 'certificates:download') }).click(),
      ]);
      const downloaded = await readFile(await download.path());
      const fromApi = await fetch(certificate.pdfUrl);
      expect(fromApi.status).toBe(200);
      expect(fromApi.headers.get('content-type')).toBe('application/pdf');
      const apiBytes = Buffer.from(await fromApi.arrayBuffer());
      expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(downloaded.length).toBe(apiBytes.length);
      expect(downloaded.equals(apiBytes)).toBe(true);

      // The follow-up survey, from the programme's link: applied, to the NIP update.
      await page.getByRole('link', { name: tr('en', 'nav.programme') }).click();
      await card.getByRole('link', { name: tr('en', 'programme:take.followUp') }).click();
      await pageTitle('FOLLOW_UP').waitFor();
      await page
        .getByRole('group', { name: tr('en', 'assessment:followUp.applied') })
        .getByRole('radio', { name: tr('en', 'assessment:followUp.yes') })
        .check();
      await page
        .getByRole('group', { name: tr('en', 'assessment:followUp.uses') })
        .getByRole('checkbox', { name: tr('en', 'assessment:followUp.use.NIP_UPDATE') })
        .check();
      await expectNoSeriousAxeViolations(page, '/my/assessments/{id}/follow-up');
      await page.getByRole('button', { name: tr('en', 'assessment:followUp.submit') }).click();
      await page.getByRole('heading', { name: tr('en', 'assessment:followUp.thanksTitle') }).waitFor();
      const [survey] = await t.db.query(
        `SELECT applied, uses::text[] AS uses FROM follow_up_response WHERE delegate_id = $1`,
        [awa.user.id],
      );
      expect(survey).toMatchObject({ applied: true, uses: ['NIP_UPDATE'] });
    },
    JOURNEY_TIMEOUT_MS,
  );
});
