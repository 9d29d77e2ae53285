import { JobName, JobQueues } from '@lib/queue';
import { Language } from '../src/catalogue/catalogue.enums';
import { CertificatesService } from '../src/certificates/certificates.service';
import {
  ASSESSMENT_FOR,
  ATTEND,
  COMPLETE,
  CREATE_ASSESSMENT,
  FOLLOW_UP,
  SUBMIT,
  answersScoring,
  createAssessment,
} from './support/assessment-fixtures';
import { startNow } from './support/enrolment-fixtures';
import { aDelegate, aTrainer, aWebinar, anEnrolment } from './support/factories';
import { pdfText } from './support/pdf-text';
import { mailsOf, SmtpSink, workersMailingTo } from './support/smtp-sink';
import { TestApp, codeOf, must } from './support/test-app';

const PUBLIC_URL = 'https://lms.example.org';
const MY_CERTIFICATES = `query { myCertificates { id code issuedAt revokedAt pdfUrl session { id } delegate { id } } }`;
const VERIFY = `query V($c: String!) { verifyCertificate(code: $c) { valid revoked holderName moduleTitles sessionTitle issuedAt } }`;
const REVOKE = `mutation R($id: ID!, $r: String!) { revokeCertificate(id: $id, reason: $r) { id revokedAt } }`;
const BUDGET = `query { programmeBudget { spentUsd costPerCertifiedDelegateUsd } }`;
const SPEND = `mutation E($c: String!, $a: Float!) { recordExpenditure(component: $c, amountUsd: $a) { spentUsd } }`;
const ENROLMENT_STATUS = `query { myEnrolments { edges { node { id status session { id } } } } }`;

const of = mailsOf;

/**
 * A cohort walked through the programme end to end, with the workers and a real SMTP server: enrol, pre-course
 * assessment, attendance, completion of the session, post-course assessment, completion, certificate e-mail with the
 * PDF, public verification before and after revocation, the assessment reminder and the follow-up survey.
 */
describe('assessments, completion and certificates: a cohort end to end', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({
      ...workersMailingTo(sink, PUBLIC_URL),
      // Compressed programme: due in 12 s, reminded 6 s before, follow-up after 12 s (Awa answers it right after the
      // completion, well before: the survey goes only to attendees who have not answered when it falls due).
      ASSESSMENT_DUE: 'PT12S',
      ASSESSMENT_REMINDER_BEFORE: 'PT6S',
      FOLLOW_UP_AFTER: 'PT12S',
    });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('takes a cohort from enrolment to a verifiable, revocable certificate', async () => {
    const trainer = await aTrainer(t, { modules: ['NIP'] });
    const other = await aTrainer(t);
    const awa = await aDelegate(t, { language: Language.FR, fullName: 'Awa Ndiaye Sène', gender: 'female' });
    const lucia = await aDelegate(t, {
      language: Language.ES,
      partyCode: 'PER',
      timeZone: 'America/Lima',
      fullName: 'Lucía Quispe',
    });
    const tom = await aDelegate(t, {
      language: Language.EN,
      partyCode: 'FJI',
      timeZone: 'Pacific/Fiji',
      fullName: 'Tomasi Vuniwaqa',
    });
    const absent = await aDelegate(t, { partyCode: 'IND' });
    const early = await aDelegate(t, { partyCode: 'BRA', fullName: 'Early Bird' });
    const webinar = (
      await aWebinar(t, admin, { title: 'Updating the NIP', trainerIds: [trainer.user.id, other.user.id] })
    ).id;

    // Authoring: the trainers the Secretariat assigned to the module (the trainer, not the other) and the Secretariat
    // only; answers hidden from delegates. Running a session of the module is not enough (the other trainer runs this
    // webinar too).
    expect(
      codeOf(
        await t.gql(
          CREATE_ASSESSMENT,
          { input: { moduleCode: 'NIP', kind: 'PRE', title: 'x', questions: [] } },
          other.token,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await t.gql(
          CREATE_ASSESSMENT,
          { input: { moduleCode: 'NIP', kind: 'PRE', title: 'x', questions: [] } },
          awa.token,
        ),
      ),
    ).toBe('FORBIDDEN');
    const bad = await t.gql(
      CREATE_ASSESSMENT,
      {
        input: {
          moduleCode: 'NIP',
          kind: 'POST',
          title: 'x',
          questions: [{ prompt: 'q', options: ['a', 'b'], correct: [2], points: 1 }],
        },
      },
      trainer.token,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('questions[0].correct');
    const pre = await createAssessment(t, trainer.token, 'NIP', 'PRE');
    const post = await createAssessment(t, trainer.token, 'NIP', 'POST');
    const seen = must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'POST' }, awa.token), 'assessmentFor');
    expect(seen.id).toBe(post.id);
    expect(seen.questions).toHaveLength(10);
    expect(seen.questions.every((q: any) => q.correct === null && q.multiple === false)).toBe(true);
    expect(
      must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'POST' }, trainer.token), 'assessmentFor').questions[0].correct,
    ).toEqual([0]);

    for (const who of [awa, lucia, tom, absent, early]) await anEnrolment(t, webinar, who);
    await sink.waitFor(
      (m) => m.filter((x) => x.kind === 'ENROLMENT_CONFIRMED').length >= 5,
      30_000,
      'five confirmations',
    );

    // A post-course assessment needs the pre-course one and attendance.
    expect(codeOf(await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 100) }, awa.token))).toBe(
      'CONFLICT',
    );
    for (const [who, score] of [
      [awa, 30],
      [lucia, 50],
      [tom, 100],
      [early, 40],
    ] as const) {
      expect(
        must(
          await t.gql(SUBMIT, { a: pre.id, s: null, ans: answersScoring(pre, score) }, who.token),
          'submitAssessment',
        ).score,
      ).toBe(score);
    }
    const again = await t.gql(SUBMIT, { a: pre.id, s: null, ans: answersScoring(pre, 90) }, awa.token);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].extensions!.reason).toBe('ALREADY_SUBMITTED');
    const beforeAttendance = await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 100) }, awa.token);
    expect(beforeAttendance.errors![0].extensions!.reason).toBe('NOT_ATTENDED');
    // Answers to unknown questions or options out of range are bad input, and nothing is recorded.
    const unknown = await t.gql(
      SUBMIT,
      { a: pre.id, s: null, ans: [{ questionId: '00000000-0000-4000-8000-000000000000', selected: [0] }] },
      absent.token,
    );
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const range = await t.gql(
      SUBMIT,
      { a: pre.id, s: null, ans: [{ questionId: pre.questions[0].id, selected: [7] }] },
      absent.token,
    );
    expect(codeOf(range)).toBe('BAD_USER_INPUT');
    expect(range.errors![0].extensions!.field).toBe('answers');

    await startNow(t.db, webinar);
    must(
      await t.gql(
        ATTEND,
        { s: webinar, d: [awa.user.id, lucia.user.id, tom.user.id, early.user.id], a: true },
        trainer.token,
      ),
      'recordAttendance',
    );
    // One attendee passes before the trainer closes the session: COMPLETED at once.
    expect(
      must(
        await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 100) }, early.token),
        'submitAssessment',
      ).passed,
    ).toBe(true);
    must(await t.gql(COMPLETE, { id: webinar }, trainer.token), 'completeSession');

    // Invitations to the three attendees still to pass; none to the absentee nor to the one who already passed.
    let mails = await sink.waitFor(
      (m) => m.filter((x) => x.kind === 'ASSESSMENT_INVITATION').length >= 3,
      30_000,
      'three invitations',
    );
    await sink.settle(500);
    expect(
      sink.received
        .filter((m) => m.kind === 'ASSESSMENT_INVITATION')
        .map((m) => m.to)
        .sort(),
    ).toEqual([awa.user.email, lucia.user.email, tom.user.email].sort());
    expect(of(mails, 'ASSESSMENT_INVITATION', awa.user.email)[0].subject).toMatch(/Évaluation/);

    // The follow-up survey: attendees only, once; answered early by Awa (right after the completion, so that the
    // survey can fall due soon after), so only the others are asked.
    const answered = must(
      await t.gql(
        FOLLOW_UP,
        { input: { sessionId: webinar, applied: true, uses: ['NIP_UPDATE', 'COORDINATION_MECHANISM'] } },
        awa.token,
      ),
      'submitFollowUp',
    );
    expect(answered).toMatchObject({ applied: true, uses: ['NIP_UPDATE', 'COORDINATION_MECHANISM'] });
    expect(codeOf(await t.gql(FOLLOW_UP, { input: { sessionId: webinar, applied: false } }, awa.token))).toBe(
      'CONFLICT',
    );
    expect(codeOf(await t.gql(FOLLOW_UP, { input: { sessionId: webinar, applied: false } }, absent.token))).toBe(
      'CONFLICT',
    );
    expect(codeOf(await t.gql(FOLLOW_UP, { input: { sessionId: webinar, applied: true, uses: [] } }, tom.token))).toBe(
      'BAD_USER_INPUT',
    );

    // Awa passes at the second attempt; Tomasi uses his three attempts and fails; Lucía never submits.
    expect(
      must(
        await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 60) }, awa.token),
        'submitAssessment',
      ),
    ).toMatchObject({ passed: false, attemptNumber: 1 });
    expect(
      must(
        await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 90) }, awa.token),
        'submitAssessment',
      ),
    ).toMatchObject({ passed: true, attemptNumber: 2, score: 90 });
    for (let i = 0; i < 3; i++)
      must(
        await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 50) }, tom.token),
        'submitAssessment',
      );
    const fourth = await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 100) }, tom.token);
    expect(fourth.errors![0].extensions!.reason).toBe('ATTEMPTS_EXHAUSTED');
    const statuses = must(await t.gql(ENROLMENT_STATUS, {}, awa.token), 'myEnrolments').edges.map(
      (e: any) => e.node.status,
    );
    expect(statuses).toEqual(['COMPLETED']);
    expect(must(await t.gql(ENROLMENT_STATUS, {}, tom.token), 'myEnrolments').edges[0].node.status).toBe('ATTENDED');

    // The certificate e-mail, in French, with the PDF whose text holds the holder's name and the code.
    mails = await sink.waitFor(
      (m) => of(m, 'CERTIFICATE_ISSUED', awa.user.email).length > 0,
      30_000,
      'the certificate e-mail',
    );
    const [certMail] = of(mails, 'CERTIFICATE_ISSUED', awa.user.email);
    const [certificate] = must(await t.gql(MY_CERTIFICATES, {}, awa.token), 'myCertificates');
    expect(certificate.code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(certificate.pdfUrl).toBe(`${PUBLIC_URL}/certificates/${certificate.code}.pdf`);
    expect(certificate.session.id).toBe(webinar);
    expect(certMail.language?.toLowerCase()).toMatch(/^fr/);
    expect(certMail.text).toContain(certificate.code);
    const attachment = certMail.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(attachment).toBeDefined();
    const [page] = await pdfText(attachment.content);
    expect(page).toContain('Awa Ndiaye Sène');
    expect(page.replace(/\s+/g, '')).toContain(certificate.code);
    expect(page).toMatch(/Certificat/);

    // The same PDF over HTTP; the verification page and query.
    const pdf = await fetch(`${t.url}/certificates/${certificate.code}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdfText(Buffer.from(await pdf.arrayBuffer())))[0]).toContain('Awa Ndiaye Sène');
    const page1 = await fetch(`${t.url}/verify/${certificate.code}`);
    expect(page1.status).toBe(200);
    expect(await page1.text()).toContain('Awa Ndiaye Sène');
    const valid = must(await t.gql(VERIFY, { c: certificate.code }), 'verifyCertificate');
    expect(valid).toMatchObject({
      valid: true,
      revoked: false,
      holderName: 'Awa Ndiaye Sène',
      sessionTitle: 'Updating the NIP',
    });

    // Wrong and malformed codes are simply not valid.
    for (const code of ['x'.repeat(32), 'short', "'; DROP TABLE certificate; --", 'é'.repeat(40), '']) {
      expect(must(await t.gql(VERIFY, { c: code }), 'verifyCertificate')).toMatchObject({
        valid: false,
        revoked: false,
        holderName: null,
      });
    }
    expect((await fetch(`${t.url}/verify/${'x'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${t.url}/certificates/${'x'.repeat(32)}.pdf`)).status).toBe(404);

    // One certificate, however often the job runs: again through the queue and twice directly.
    const enrolmentId = (
      await t.db.query(`SELECT enrolment_id FROM certificate WHERE code = $1`, [certificate.code])
    )[0].enrolment_id;
    await t.app.get(JobQueues).enqueue(JobName.IssueCertificateJob, { enrolmentId }, { jobId: `again-${enrolmentId}` });
    expect(await t.app.get(CertificatesService).issue(enrolmentId)).toBe('ALREADY_ISSUED');
    expect(await t.app.get(CertificatesService).issue(enrolmentId)).toBe('ALREADY_ISSUED');
    await sink.settle(1500);
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM certificate WHERE enrolment_id = $1`, [enrolmentId]))[0].n,
    ).toBe(1);
    expect(of(sink.received, 'CERTIFICATE_ISSUED', awa.user.email)).toHaveLength(1);

    // The cost per certified delegate follows the spending.
    must(await t.gql(SPEND, { c: 'Development of training materials/tools', a: 1234.5 }, admin), 'recordExpenditure');
    await sink.waitFor(
      (m) => of(m, 'CERTIFICATE_ISSUED', early.user.email).length > 0,
      30_000,
      'the early one’s certificate',
    );
    expect(must(await t.gql(BUDGET, {}, admin), 'programmeBudget')).toEqual({
      spentUsd: 1234.5,
      costPerCertifiedDelegateUsd: 617.25,
    });

    // Revocation: Secretariat only, with a reason; then the code verifies as revoked and the PDF is gone.
    expect(codeOf(await t.gql(REVOKE, { id: certificate.id, r: 'error' }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REVOKE, { id: certificate.id, r: '  ' }, admin))).toBe('BAD_USER_INPUT');
    must(await t.gql(REVOKE, { id: certificate.id, r: 'attendance record corrected' }, admin), 'revokeCertificate');
    expect(codeOf(await t.gql(REVOKE, { id: certificate.id, r: 'again' }, admin))).toBe('CONFLICT');
    expect(must(await t.gql(VERIFY, { c: certificate.code }), 'verifyCertificate')).toMatchObject({
      valid: false,
      revoked: true,
    });
    expect((await fetch(`${t.url}/certificates/${certificate.code}.pdf`)).status).toBe(410);
    const page2 = await fetch(`${t.url}/verify/${certificate.code}`);
    expect(await page2.text()).toMatch(/révoqué/i);
    expect(must(await t.gql(BUDGET, {}, admin), 'programmeBudget').costPerCertifiedDelegateUsd).toBe(1234.5);

    // Six seconds before the due date: a reminder to Lucía (nothing submitted), none to Awa or Tomasi.
    await sink.waitFor((m) => m.some((x) => x.kind === 'FOLLOW_UP_SURVEY'), 40_000, 'the follow-up surveys');
    mails = await sink.waitFor(
      (m) => m.filter((x) => x.kind === 'FOLLOW_UP_SURVEY').length >= 2,
      20_000,
      'two follow-up surveys',
    );
    const reminders = mails.filter((m) => m.kind === 'ASSESSMENT_REMINDER').map((m) => m.to);
    expect(reminders).toEqual([lucia.user.email]);
    expect(of(mails, 'ASSESSMENT_REMINDER', lucia.user.email)[0].subject).toMatch(/Evaluación/);
    mails = await sink.waitFor(
      (m) => m.filter((x) => x.kind === 'FOLLOW_UP_SURVEY').length >= 3,
      20_000,
      'three follow-up surveys',
    );
    const surveys = mails
      .filter((m) => m.kind === 'FOLLOW_UP_SURVEY')
      .map((m) => m.to)
      .sort();
    // Not Awa (answered already); Early, who passed before the session was closed, is asked too.
    expect(surveys).toEqual([lucia.user.email, tom.user.email, early.user.email].sort());
    must(
      await t.gql(
        FOLLOW_UP,
        { input: { sessionId: webinar, applied: false, comment: 'Not yet: the NIP update starts next year' } },
        lucia.token,
      ),
      'submitFollowUp',
    );
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(sink.received.length);
  }, 150_000);
});
