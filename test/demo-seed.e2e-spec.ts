import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OutcomeCellsService } from '../src/outcomes/outcome-cells.service';
import { DEMO_QUESTIONS } from '../src/programme-data/assessments.data';
import { LogCapture } from './support/log-capture';
import { mailsOf, SmtpSink, workersMailingTo } from './support/smtp-sink';
import { TestApp, must } from './support/test-app';

const DEMO = 'demo.pops-lms.org';
const ROSTER = `query($s: ID!) { sessionEnrolments(sessionId: $s) { edges { node { status delegate { fullName } } } } }`;
const LOGIN = `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
const MY_ENROLMENTS = `{ myEnrolments(first: 50) { edges { node { id status session { id title status startsAt endsAt
  ... on Workshop { region } } } } } }`;
const MY_ATTEMPTS = `query A($s: ID) { myAssessmentAttempts(sessionId: $s) { kind score passed attemptNumber sessionId } }`;
const MY_CERTIFICATES = `{ myCertificates { code revokedAt session { id title } } }`;
const HISTORY = `query H($id: ID!) { enrolmentHistory(enrolmentId: $id) { from to reason by { fullName } } }`;
const PENDING = `{ partyEnrolments(status: PENDING_ENDORSEMENT) { totalCount edges { node { id status
  delegate { fullName } session { title } } } } }`;
const STATS = `query S($g: [StatsDimension!]!) { completionStats(groupBy: $g) { key { sessionId }
  enrolled confirmed waitlisted attended completed certified } }`;
const ASSESSMENT_FOR = `query F($k: AssessmentKind!) { assessmentFor(moduleCode: "NIP", kind: $k) { id questions { id } } }`;
const SUBMIT = `mutation S($a: ID!, $s: ID, $ans: [AnswerInput!]!) { submitAssessment(assessmentId: $a, sessionId: $s,
  answers: $ans) { score passed attemptNumber } }`;
const FOLLOW_UP = `mutation F($input: FollowUpInput!) { submitFollowUp(input: $input) { id applied } }`;

/**
 * The demo programme goes through the services, one transaction per step, so its loading is resumable: a start that
 * stopped half-way leaves no `demo` seed record, and the next start completes what is missing without doubling
 * what is there.
 */
describe('the demo programme', () => {
  const count = async (t: TestApp, sql: string) => Number((await t.db.query(sql))[0].n);
  const demoSessions = (t: TestApp) => count(t, `SELECT count(*) AS n FROM training_session`);
  const distinctTitles = (t: TestApp) => count(t, `SELECT count(DISTINCT title) AS n FROM training_session`);
  const assessments = (t: TestApp) => count(t, `SELECT count(*) AS n FROM assessment`);
  const recorded = (t: TestApp) => count(t, `SELECT count(*) AS n FROM seed_record WHERE part = 'demo'`);
  /** What the demo's history made: enrolments, attempts, completions and outbox events, by kind. */
  const history = async (t: TestApp) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM enrolment)::int AS enrolments, (SELECT count(*) FROM assessment_attempt)::int AS attempts,
                (SELECT count(*) FROM enrolment_change)::int AS changes, (SELECT count(*) FROM certificate)::int AS certificates,
                (SELECT json_object_agg(type, n) FROM (SELECT type, count(*)::int AS n FROM outbox_event GROUP BY type) o) AS events`,
      )
    )[0];

  it('is loaded whole once, and a start after an interrupted one completes it', async () => {
    const first = await TestApp.start();
    try {
      expect([await demoSessions(first), await assessments(first), await recorded(first)]).toEqual([21, 12, 1]);
      const made = await history(first);
      expect(made).toMatchObject({ enrolments: 8, attempts: 3, certificates: 0 });
      expect(made.events).toEqual({
        ENROLMENT_CONFIRMED: 7,
        ENDORSEMENT_REQUESTED: 1,
        SESSION_COMPLETED: 1,
        ENROLMENT_COMPLETED: 1,
      });
      const hashBefore = (
        await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
      )[0].password_hash;

      // As if the first start had stopped after the webinars: three workshops, one assessment and the record missing.
      await first.db.query(
        `DELETE FROM training_session WHERE id IN
           (SELECT id FROM training_session WHERE kind = 'WORKSHOP' ORDER BY starts_at DESC LIMIT 3)`,
      );
      await first.db.query(
        `DELETE FROM assessment WHERE id = (SELECT id FROM assessment ORDER BY created_at DESC LIMIT 1)`,
      );
      await first.db.query(`DELETE FROM seed_record`);
      expect([await demoSessions(first), await assessments(first)]).toEqual([18, 11]);

      const second = await TestApp.start({}, { sameDatabaseAs: first });
      try {
        expect([await demoSessions(first), await distinctTitles(first), await assessments(first)]).toEqual([
          21, 21, 12,
        ]);
        expect(await recorded(first)).toBe(1);
        // The demo enrolments, attempts, history rows and events were not doubled.
        expect(await history(first)).toEqual(made);
        // The interrupted start's password was never printed: the accounts get the one printed now.
        const hashAfter = (
          await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
        )[0].password_hash;
        expect(hashAfter).not.toBe(hashBefore);
      } finally {
        await second.close();
      }
      // A start after a complete load changes nothing.
      const third = await TestApp.start({}, { sameDatabaseAs: first });
      try {
        const hashNow = (
          await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
        )[0].password_hash;
        expect([await demoSessions(first), await assessments(first)]).toEqual([21, 12]);
        expect(await history(first)).toEqual(made);
        expect(hashNow).not.toBe(hashBefore);
        expect(await count(first, `SELECT count(*) AS n FROM app_user WHERE email LIKE '%@demo.pops-lms.org'`)).toBe(7);
      } finally {
        await third.close();
      }
    } finally {
      await first.close();
    }
  });

  it("holds a NIP webinar that ran last month and a nomination waiting, for every journey of the demo's accounts", async () => {
    const sink = await SmtpSink.start();
    const logs = new LogCapture();
    const t = await TestApp.start(
      { ...workersMailingTo(sink, 'http://localhost:3000'), SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
      { logTo: logs },
    );
    try {
      const line = logs.entries().find((e) => /loaded the demo programme/.test(e.msg));
      expect(line?.msg).toMatch(/9 webinars .*Webinar 0 of NIP ran last month.* 5 enrolments .*12 assessments/);
      const password = /password=(\S+)/.exec(line!.msg)![1];
      const signIn = async (local: string) =>
        must(await t.gql(LOGIN, { e: `${local}@${DEMO}`, p: password }), 'login').accessToken as string;
      const [awa, lucia, focal, admin] = [
        await signIn('delegate.sen'),
        await signIn('delegate.per'),
        await signIn('focal.sen'),
        await t.adminToken(),
      ];
      const enrolmentsOf = async (token: string) =>
        must(await t.gql(MY_ENROLMENTS, {}, token), 'myEnrolments').edges.map((e: any) => e.node);

      // Awa: Webinar 0 attended (held four weeks ago, two hours, completed), Webinar 1 confirmed, the African NIP
      // workshop asked for and waiting for her focal point.
      const awaEnrolments = await enrolmentsOf(awa);
      const byTitle = (list: any[], start: string) => list.find((e: any) => e.session.title.startsWith(start));
      const past = byTitle(awaEnrolments, 'Webinar 0:');
      expect(awaEnrolments.map((e: any) => [e.session.title.split(':')[0], e.status]).sort()).toEqual([
        ['Regional workshop (africa)', 'PENDING_ENDORSEMENT'],
        ['Webinar (under way)', 'CONFIRMED'],
        ['Webinar 0', 'ATTENDED'],
        ['Webinar 1', 'CONFIRMED'],
      ]);
      // Under way for the trainer and the centre: started yesterday, not completed, with their seat holders.
      const underWay = byTitle(awaEnrolments, 'Webinar (under way)').session;
      expect(underWay.status).toBe('SCHEDULED');
      expect((Date.now() - Date.parse(underWay.startsAt)) / 86_400_000).toBeGreaterThan(0.4);
      expect((Date.now() - Date.parse(underWay.startsAt)) / 86_400_000).toBeLessThan(2);
      const rosterOf = async (sessionId: string, token: string) =>
        must(await t.gql(ROSTER, { s: sessionId }, token), 'sessionEnrolments').edges.map((e: any) => [
          e.node.delegate.fullName,
          e.node.status,
        ]);
      expect((await rosterOf(underWay.id, await signIn('trainer.nip'))).sort()).toEqual([
        ['Awa Ndiaye', 'CONFIRMED'],
        ['Lucía Quispe', 'CONFIRMED'],
      ]);
      const workshopId = (
        await t.db.query(`SELECT id FROM training_session WHERE title LIKE 'Coordination workshop%(under way)'`)
      )[0].id;
      expect(await rosterOf(workshopId, await signIn('centre.recetox'))).toEqual([['Ion Rusu', 'CONFIRMED']]);
      // The Zoom report written for the trainer to import reads as meant: Awa attended, Lucía below the threshold, a
      // guest nobody enrolled.
      const report = await readFile(join(dirname(t.config.mailDir), 'demo', 'zoom-participants-reporting-webinar.csv'));
      const res = await fetch(
        `${t.url}/attendance-reports/preview?${new URLSearchParams({ sessionId: underWay.id, fileName: 'zoom.csv' })}`,
        { method: 'POST', body: report, headers: { authorization: `Bearer ${await signIn('trainer.nip')}` } },
      );
      expect(res.status).toBe(200);
      const preview: any = await res.json();
      expect([preview.format, preview.scheduledMinutes]).toEqual(['ZOOM', 120]);
      expect(preview.attended.map((r: any) => [r.fullName, r.minutes])).toEqual([['Awa Ndiaye', 112]]);
      expect(preview.belowThreshold.map((r: any) => [r.fullName, r.minutes])).toEqual([['Lucía Quispe', 45]]);
      expect(preview.unmatched.map((r: any) => r.name)).toEqual(['Amina Diallo (host)', 'Kofi Mensah']);
      const webinar = past.session;
      expect(webinar.status).toBe('COMPLETED');
      const daysAgo = (Date.now() - Date.parse(webinar.startsAt)) / 86_400_000;
      expect(daysAgo).toBeGreaterThan(26);
      expect(daysAgo).toBeLessThan(30);
      expect(Date.parse(webinar.endsAt) - Date.parse(webinar.startsAt)).toBe(2 * 3600_000);
      expect(byTitle(awaEnrolments, 'Regional workshop').session.region).toBe('AFRICA');
      // Her history says who did what: enrolled by herself, marked present by the trainer who ran it.
      const awaHistory = must(await t.gql(HISTORY, { id: past.id }, awa), 'enrolmentHistory');
      expect(awaHistory.map((c: any) => [c.from, c.to, c.by?.fullName])).toEqual([
        [null, 'CONFIRMED', 'Awa Ndiaye'],
        ['CONFIRMED', 'ATTENDED', 'Amina Diallo'],
      ]);
      // Her pre-course test (2 points of 6), none of the three post-course attempts used yet.
      expect(must(await t.gql(MY_ATTEMPTS, {}, awa), 'myAssessmentAttempts')).toEqual([
        { kind: 'PRE', score: 33.33, passed: false, attemptNumber: 1, sessionId: webinar.id },
      ]);

      // Lucía: both tests passed, COMPLETED, and the certificate issued by the certificate job, e-mailed to her.
      expect(byTitle(await enrolmentsOf(lucia), 'Webinar 0:').status).toBe('COMPLETED');
      expect(
        must(await t.gql(MY_ATTEMPTS, { s: webinar.id }, lucia), 'myAssessmentAttempts').map((a: any) => [
          a.kind,
          a.score,
          a.passed,
        ]),
      ).toEqual([
        ['POST', 100, true],
        ['PRE', 50, false],
      ]);
      let mails = await sink.waitFor(
        (m) => mailsOf(m, 'CERTIFICATE_ISSUED', `delegate.per@${DEMO}`).length === 1,
        30_000,
        "Lucía's certificate",
      );
      const certificates = must(await t.gql(MY_CERTIFICATES, {}, lucia), 'myCertificates');
      expect(certificates.map((c: any) => [c.session.id, c.revokedAt])).toEqual([[webinar.id, null]]);
      // The completion invited Awa, still to pass, to the post-course test, and not Lucía, who had passed.
      mails = await sink.waitFor(
        (m) => mailsOf(m, 'ASSESSMENT_INVITATION', `delegate.sen@${DEMO}`).length === 1,
        30_000,
        "Awa's invitation",
      );
      expect(mailsOf(mails, 'ASSESSMENT_INVITATION', `delegate.per@${DEMO}`)).toEqual([]);

      // The focal point of Senegal has one nomination waiting: Awa's, for the African NIP workshop; and was told.
      const pending = must(await t.gql(PENDING, {}, focal), 'partyEnrolments');
      expect(pending.totalCount).toBe(1);
      expect(pending.edges[0].node).toMatchObject({
        status: 'PENDING_ENDORSEMENT',
        delegate: { fullName: 'Awa Ndiaye' },
        session: { title: 'Regional workshop (africa): NIP and REPORTING' },
      });
      await sink.waitFor(
        (m) => mailsOf(m, 'ENDORSEMENT_REQUESTED', `focal.sen@${DEMO}`).length === 1,
        30_000,
        'the request to focal.sen',
      );

      // The statistics as each reads them: Senegal's (Awa alone) for its focal point, the programme's for the
      // Secretariat; and the read model is what the facts give.
      const totals = async (token: string) => must(await t.gql(STATS, { g: [] }, token), 'completionStats').at(-1);
      const counts = { waitlisted: 0 };
      expect(await totals(focal)).toMatchObject({ ...counts, enrolled: 4, confirmed: 3, attended: 1, completed: 0 });
      expect(await totals(admin)).toMatchObject({
        ...counts,
        enrolled: 8,
        confirmed: 7,
        attended: 2,
        completed: 1,
        certified: 1,
      });
      const bySession = must(await t.gql(STATS, { g: ['SESSION'] }, admin), 'completionStats');
      expect(bySession.find((r: any) => r.key.sessionId === webinar.id)).toMatchObject({
        enrolled: 2,
        confirmed: 2,
        attended: 2,
        completed: 1,
        certified: 1,
      });
      const facts = await t.app.get(OutcomeCellsService).computeFromFacts();
      const stored = await t.db.query(
        `SELECT session_id, party_code, gender, enrolled, confirmed, waitlisted, attended, completed, certified
           FROM stats_enrolment_cell WHERE enrolled > 0 ORDER BY 1, 2, 3`,
      );
      expect(stored).toEqual(
        facts.enrolmentCells.map(({ follow_ups_answered: _a, follow_ups_applied: _b, ...c }: any) => c),
      );

      // The journeys left to take: Awa passes the post-course test and gets her certificate; both may answer the
      // follow-up survey, which has the module's questionnaire.
      const post = must(await t.gql(ASSESSMENT_FOR, { k: 'POST' }, awa), 'assessmentFor');
      const right = post.questions.map((q: any, i: number) => ({
        questionId: q.id,
        selected: DEMO_QUESTIONS.NIP[i].correct,
      }));
      expect(must(await t.gql(SUBMIT, { a: post.id, s: webinar.id, ans: right }, awa), 'submitAssessment')).toEqual({
        score: 100,
        passed: true,
        attemptNumber: 1,
      });
      await sink.waitFor(
        (m) => mailsOf(m, 'CERTIFICATE_ISSUED', `delegate.sen@${DEMO}`).length === 1,
        30_000,
        "Awa's certificate",
      );
      expect(must(await t.gql(MY_CERTIFICATES, {}, awa), 'myCertificates')).toHaveLength(1);
      const survey = must(await t.gql(ASSESSMENT_FOR, { k: 'FOLLOW_UP' }, lucia), 'assessmentFor');
      expect(survey.questions.length).toBeGreaterThan(0);
      const answered = await t.gql(
        FOLLOW_UP,
        {
          input: {
            sessionId: webinar.id,
            applied: true,
            uses: ['NIP_UPDATE'],
            assessmentId: survey.id,
            answers: survey.questions.map((q: any) => ({ questionId: q.id, selected: [0] })),
          },
        },
        lucia,
      );
      expect(must(answered, 'submitFollowUp').applied).toBe(true);
    } finally {
      await t.close();
      await sink.close();
    }
  }, 180_000);

  it('is not added to a database that has sessions of its own', async () => {
    const t = await TestApp.start({ SEED_DEMO: 'false' });
    try {
      const admin = await t.adminToken();
      const made = await t.gql(
        `mutation { scheduleWebinar(input: { moduleCode: "NIP", title: "Our own webinar", startsAt: "2031-01-10T10:00:00Z",
            endsAt: "2031-01-10T12:00:00Z", timeZone: "UTC", capacity: 20, joinUrl: "https://w.example.org/own" }) { id } }`,
        {},
        admin,
      );
      expect(made.errors).toBeUndefined();
      const again = await TestApp.start({ SEED_DEMO: 'true' }, { sameDatabaseAs: t });
      try {
        expect(await demoSessions(t)).toBe(1);
        expect(await count(t, `SELECT count(*) AS n FROM app_user WHERE email LIKE '%@demo.pops-lms.org'`)).toBe(0);
        expect(await recorded(t)).toBe(0);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});
