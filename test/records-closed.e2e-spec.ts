import { Language } from '../src/catalogue/catalogue.enums';
import { SessionLifecycleService } from '../src/enrolments/session-lifecycle.service';
import { OutcomeCellsService } from '../src/outcomes/outcome-cells.service';
import { answersScoring, ATTEND, COMPLETE, createAssessment, SUBMIT } from './support/assessment-fixtures';
import { inDays, startNow } from './support/enrolment-fixtures';
import { aDelegate, aWebinar, aWorkshop, anEnrolment } from './support/factories';
import { mailsOf, SmtpSink, workersMailingTo } from './support/smtp-sink';
import { codeOf, must, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://lms.example.org';
const STATS = `query S($g: [StatsDimension!]!) { completionStats(groupBy: $g) { key { sessionId } enrolled confirmed waitlisted } }`;
const MY_ENROLMENTS = `query { myEnrolments(first: 50) { edges { node { id status waitlistPosition session { id } } } } }`;
const HISTORY = `query H($id: ID!) { enrolmentHistory(enrolmentId: $id) { from to reason by { id } } }`;
const CANCEL = `mutation C($id: ID!) { cancelEnrolment(id: $id) { id status } }`;
const DISABLE = `mutation D($id: ID!) { disableUser(id: $id) { id } }`;
const REVOKE = `mutation R($id: ID!, $r: String!) { revokeCertificate(id: $id, reason: $r) { id revokedAt } }`;
const MATERIAL = `mutation M($i: MaterialInput!) { createMaterial(input: $i) { id } }`;
const PUBLISH = `mutation P($id: ID!) { publishMaterial(id: $id) { id } }`;
const CANCEL_SESSION = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id } }`;

/** A one-seat NIP workshop in Dakar in twelve days. */
const workshopInput = (change: Parameters<typeof aWorkshop>[2] = {}) => ({
  title: 'NIP regional workshop',
  venue: 'Dakar',
  startsAt: inDays(12),
  endsAt: inDays(13),
  timeZone: 'Africa/Dakar',
  capacity: 1,
  plannedCostUsd: 1000,
  ...change,
});

async function statusOf(t: TestApp, enrolmentId: string): Promise<string> {
  const [{ status }] = await t.db.query(`SELECT status FROM enrolment WHERE id = $1`, [enrolmentId]);
  return status;
}

/** The statistics' row of one session. */
async function statsOf(t: TestApp, admin: string, sessionId: string) {
  const rows = must(await t.gql(STATS, { g: ['SESSION'] }, admin), 'completionStats');
  return rows.find((r: { key: { sessionId: string } }) => r.key.sessionId === sessionId);
}

/**
 * Issue #13, point 5: records that stayed open. Waitlisted and pending enrolments expire when their session is
 * completed or starts (with history, statistics and an e-mail listing materials and next sessions); disabling an
 * account cancels its future enrolments and gives their seats away; a revoked certificate's holder is told.
 */
describe('Records closed: expiry, disabled accounts, revoked certificates', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // The sweep runs once at start and then not again during these tests: they call it through its service.
    t = await TestApp.start({ ...workersMailingTo(sink, PUBLIC_URL), SESSION_SWEEP_INTERVAL: 'P1D' });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('completing a session expires its waitlisted and pending enrolments, with history, statistics and an e-mail', async () => {
    const [seated, waiting] = [await aDelegate(t), await aDelegate(t, { fullName: 'Awa Ndiaye' })];
    const pending = await aDelegate(t, { language: Language.ES, timeZone: 'America/Lima' });
    const workshop = (await aWorkshop(t, admin, workshopInput())).id;
    // Nominated by the Secretariat: endorsed at once (one seat, so the second waits); the third asks for endorsement.
    const seat = await anEnrolment(t, workshop, seated, { by: admin });
    const waitlisted = await anEnrolment(t, workshop, waiting, { by: admin });
    const nominated = await anEnrolment(t, workshop, pending);
    expect([seat.status, waitlisted.status, nominated.status]).toEqual([
      'CONFIRMED',
      'WAITLISTED',
      'PENDING_ENDORSEMENT',
    ]);

    // What the message should offer: a published material of the module, and the sessions to come that they may join.
    const material = must(
      await t.gql(
        MATERIAL,
        { i: { moduleCode: 'NIP', title: 'NIP guidance', language: 'FR', url: 'https://example.org/nip.pdf' } },
        admin,
      ),
      'createMaterial',
    ).id;
    must(await t.gql(PUBLISH, { id: material }, admin), 'publishMaterial');
    const nextWebinar = (await aWebinar(t, admin, { title: 'NIP webinar, next round' })).id;
    const nextWorkshop = (
      await aWorkshop(
        t,
        admin,
        workshopInput({ title: 'NIP workshop, Abidjan', startsAt: inDays(40), endsAt: inDays(41) }),
      )
    ).id;
    const elsewhere = (
      await aWorkshop(
        t,
        admin,
        workshopInput({ title: 'NIP workshop, Bangkok', region: 'ASIA_PACIFIC', timeZone: 'Asia/Bangkok' }),
      )
    ).id;
    const otherModule = (await aWebinar(t, admin, { title: 'Reporting webinar', moduleCode: 'REPORTING' })).id;
    const cancelled = (await aWebinar(t, admin, { title: 'Cancelled NIP webinar' })).id;
    must(await t.gql(CANCEL_SESSION, { id: cancelled, r: 'No trainer' }, admin), 'cancelSession');

    expect(await statsOf(t, admin, workshop)).toMatchObject({ enrolled: 3, confirmed: 1, waitlisted: 1 });

    await startNow(t.db, workshop);
    must(await t.gql(ATTEND, { s: workshop, d: [seated.user.id], a: true }, admin), 'recordAttendance');
    must(await t.gql(COMPLETE, { id: workshop }, admin), 'completeSession');

    expect(await statusOf(t, waitlisted.id)).toBe('EXPIRED');
    expect(await statusOf(t, nominated.id)).toBe('EXPIRED');
    expect(await statusOf(t, seat.id)).toBe('ATTENDED');
    const mine = must(await t.gql(MY_ENROLMENTS, {}, waiting.token), 'myEnrolments').edges.map((e: any) => e.node);
    expect(mine).toEqual([{ id: waitlisted.id, status: 'EXPIRED', waitlistPosition: null, session: { id: workshop } }]);
    const history = must(await t.gql(HISTORY, { id: waitlisted.id }, admin), 'enrolmentHistory');
    expect(history.at(-1)).toEqual({
      from: 'WAITLISTED',
      to: 'EXPIRED',
      reason: 'expired: the session was completed before a seat became free',
      by: { id: expect.any(String) },
    });
    const pendingHistory = must(await t.gql(HISTORY, { id: nominated.id }, admin), 'enrolmentHistory');
    expect(pendingHistory.at(-1)).toMatchObject({
      from: 'PENDING_ENDORSEMENT',
      to: 'EXPIRED',
      reason: 'expired: the session was completed before the nomination was endorsed',
    });
    // Ended: nothing left to cancel, and the statistics no longer count them enrolled or waiting.
    expect(must(await t.gql(CANCEL, { id: waitlisted.id }, waiting.token), 'cancelEnrolment').status).toBe('EXPIRED');
    expect(await statsOf(t, admin, workshop)).toMatchObject({ enrolled: 1, confirmed: 1, waitlisted: 0 });
    const cells = t.app.get(OutcomeCellsService);
    const facts = await cells.computeFromFacts();
    const stored = await t.db.query(
      `SELECT session_id, party_code, gender, enrolled, confirmed, waitlisted FROM stats_enrolment_cell WHERE session_id = $1`,
      [workshop],
    );
    const fact = facts.enrolmentCells.filter((c: any) => c.session_id === workshop);
    expect(stored.map((c: any) => [c.enrolled, c.confirmed, c.waitlisted])).toEqual(
      fact.map((c: any) => [c.enrolled, c.confirmed, c.waitlisted]),
    );
    // EXPIRED is not active: it no longer holds the (delegate, session) pair.
    const [index] = await t.db.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'UQ_enrolment_active_delegate'`,
    );
    expect(index.indexdef).toMatch(/'EXPIRED'/);

    const mails = await sink.waitFor(
      (m) =>
        mailsOf(m, 'ENROLMENT_EXPIRED', waiting.user.email).length > 0 &&
        mailsOf(m, 'ENROLMENT_EXPIRED', pending.user.email).length > 0,
      30_000,
      'the two expiry e-mails',
    );
    const [toWaiting] = mailsOf(mails, 'ENROLMENT_EXPIRED', waiting.user.email);
    expect(toWaiting.subject).toBe('Enrolment expired: NIP regional workshop');
    expect(toWaiting.text).toContain('Dear Awa Ndiaye,');
    expect(toWaiting.text).toContain('has been completed and no seat became free for you');
    expect(toWaiting.text).toContain('Material: NIP guidance (NIP, French) <https://example.org/nip.pdf>');
    expect(toWaiting.text).toContain('Next session: NIP webinar, next round – Webinar (online), ');
    expect(toWaiting.text).toContain(`${PUBLIC_URL}/sessions/${nextWebinar}`);
    expect(toWaiting.text).toContain(`${PUBLIC_URL}/sessions/${nextWorkshop}`);
    for (const notOffered of [elsewhere, otherModule, cancelled, workshop])
      expect(toWaiting.text).not.toContain(`/sessions/${notOffered}`);
    expect(toWaiting.html).toContain(`<a href="${PUBLIC_URL}/sessions/${nextWebinar}"`);
    expect(toWaiting.calendar).toBeNull();
    const [toPending] = mailsOf(mails, 'ENROLMENT_EXPIRED', pending.user.email);
    expect(toPending.language).toBe('es');
    expect(toPending.subject).toBe('Inscripción vencida: NIP regional workshop');
    expect(toPending.text).toContain('ha finalizado antes de que se avalara su candidatura');
    expect(toPending.text).toContain('Próxima sesión: NIP webinar, next round');
    // One e-mail each, and none to the delegate who had a seat.
    expect(mails.filter((m) => m.kind === 'ENROLMENT_EXPIRED')).toHaveLength(2);
    expect(mailsOf(mails, 'ENROLMENT_EXPIRED', seated.user.email)).toEqual([]);
  });

  it('the sweep expires the waiting enrolments of a started session once, however many run it at once', async () => {
    const [first, second, third] = [await aDelegate(t), await aDelegate(t), await aDelegate(t)];
    const webinar = (await aWebinar(t, admin, { title: 'Swept webinar', capacity: 1 })).id;
    const seat = await anEnrolment(t, webinar, first);
    const waitlist = [await anEnrolment(t, webinar, second), await anEnrolment(t, webinar, third)];
    const lifecycle = t.app.get(SessionLifecycleService);
    // Not started yet: nothing to do.
    expect(await lifecycle.expireStarted()).toEqual({ sessions: 0, enrolments: 0 });

    await startNow(t.db, webinar);
    const runs = await Promise.all([lifecycle.expireStarted(), lifecycle.expireStarted(), lifecycle.expireStarted()]);
    expect(runs.reduce((n, r) => n + r.enrolments, 0)).toBe(2);
    expect(await lifecycle.expireStarted()).toEqual({ sessions: 0, enrolments: 0 });
    expect(await statusOf(t, seat.id)).toBe('CONFIRMED');
    for (const w of waitlist) {
      expect(await statusOf(t, w.id)).toBe('EXPIRED');
      const rows = await t.db.query(
        `SELECT reason, by_id FROM enrolment_change WHERE enrolment_id = $1 AND to_status = 'EXPIRED'`,
        [w.id],
      );
      expect(rows).toEqual([{ reason: 'expired: the session started before a seat became free', by_id: null }]);
    }
    const [{ events }] = await t.db.query(
      `SELECT count(*)::int AS events FROM outbox_event WHERE type = 'ENROLMENTS_EXPIRED' AND aggregate_id = $1`,
      [webinar],
    );
    expect(events).toBe(1);
    const mails = await sink.waitFor(
      (m) => waitlist.every((_, i) => mailsOf(m, 'ENROLMENT_EXPIRED', [second, third][i].user.email).length > 0),
      30_000,
      'the expiry e-mails of the sweep',
    );
    expect(mailsOf(mails, 'ENROLMENT_EXPIRED', second.user.email)[0].text).toContain(
      'has started and no seat became free for you',
    );
    // The started session no longer counts them as waiting.
    expect(await statsOf(t, admin, webinar)).toMatchObject({ enrolled: 1, waitlisted: 0 });
  });

  it('disabling a delegate cancels their enrolments in sessions not started, and the seat goes to the head of the waitlist', async () => {
    const holder = await aDelegate(t);
    const next = await aDelegate(t);
    const webinar = (await aWebinar(t, admin, { title: 'Full webinar', capacity: 1 })).id;
    const running = (await aWebinar(t, admin, { title: 'Running webinar' })).id;
    const seat = await anEnrolment(t, webinar, holder);
    const queued = await anEnrolment(t, webinar, next);
    const started = await anEnrolment(t, running, holder);
    await startNow(t.db, running);
    expect(queued.status).toBe('WAITLISTED');

    must(await t.gql(DISABLE, { id: holder.user.id }, admin), 'disableUser');

    expect(await statusOf(t, seat.id)).toBe('CANCELLED');
    expect(await statusOf(t, queued.id)).toBe('CONFIRMED');
    // A session under way keeps its record: attendance decides there.
    expect(await statusOf(t, started.id)).toBe('CONFIRMED');
    const [change] = await t.db.query(
      `SELECT from_status, reason FROM enrolment_change WHERE enrolment_id = $1 AND to_status = 'CANCELLED'`,
      [seat.id],
    );
    expect(change).toEqual({ from_status: 'CONFIRMED', reason: 'account disabled' });
    const [{ seats_taken }] = await t.db.query(`SELECT seats_taken FROM training_session WHERE id = $1`, [webinar]);
    expect(seats_taken).toBe(1);
    // The account is closed: its token no longer works.
    expect(codeOf(await t.gql(MY_ENROLMENTS, {}, holder.token))).toBe('UNAUTHENTICATED');
    const mails = await sink.waitFor(
      (m) =>
        mailsOf(m, 'ENROLMENT_CANCELLED', holder.user.email).length > 0 &&
        mailsOf(m, 'ENROLMENT_PROMOTED', next.user.email).length > 0,
      30_000,
      'the cancellation and the promotion',
    );
    expect(mailsOf(mails, 'ENROLMENT_CANCELLED', holder.user.email)[0].text).toContain(
      'has been cancelled by the programme',
    );
    expect(mailsOf(mails, 'ENROLMENT_CANCELLED', holder.user.email)).toHaveLength(1);
  });

  it('revoking a certificate tells its holder, in French for a French holder, with the reason', async () => {
    const holder = await aDelegate(t, { language: Language.FR, timeZone: 'Europe/Paris', fullName: 'Amélie Durand' });
    const webinar = (await aWebinar(t, admin, { title: 'Certified webinar' })).id;
    await anEnrolment(t, webinar, holder);
    await startNow(t.db, webinar);
    must(await t.gql(ATTEND, { s: webinar, d: [holder.user.id], a: true }, admin), 'recordAttendance');
    const pre = await createAssessment(t, admin, 'NIP', 'PRE');
    must(await t.gql(SUBMIT, { a: pre.id, s: null, ans: answersScoring(pre, 50) }, holder.token), 'submitAssessment');
    const post = await createAssessment(t, admin, 'NIP', 'POST');
    must(
      await t.gql(SUBMIT, { a: post.id, s: webinar, ans: answersScoring(post, 100) }, holder.token),
      'submitAssessment',
    );
    await sink.waitFor(
      (m) => mailsOf(m, 'CERTIFICATE_ISSUED', holder.user.email).length > 0,
      30_000,
      'the certificate',
    );
    const [{ id }] = await t.db.query(`SELECT id FROM certificate WHERE delegate_id = $1`, [holder.user.id]);

    must(await t.gql(REVOKE, { id, r: 'Réponses copiées sur un autre délégué' }, admin), 'revokeCertificate');

    const mails = await sink.waitFor(
      (m) => mailsOf(m, 'CERTIFICATE_REVOKED', holder.user.email).length > 0,
      30_000,
      'the revocation',
    );
    const [revoked] = mailsOf(mails, 'CERTIFICATE_REVOKED', holder.user.email);
    expect(revoked.language).toBe('fr');
    expect(revoked.subject).toBe('Certificat révoqué\u00a0: Certified webinar');
    expect(revoked.text).toContain('Bonjour Amélie Durand,');
    expect(revoked.text).toContain('Le Secrétariat a révoqué votre certificat');
    expect(revoked.text).toContain('Motif\u00a0: Réponses copiées sur un autre délégué');
    expect(revoked.text).toMatch(/Révoqué le\u00a0: \d{1,2} \p{L}+ \d{4}/u);
    // Revoking again is refused and tells nobody twice.
    expect(codeOf(await t.gql(REVOKE, { id, r: 'Again' }, admin))).toBe('CONFLICT');
    expect(mailsOf(await sink.settle(1500), 'CERTIFICATE_REVOKED', holder.user.email)).toHaveLength(1);
  });
});

describe('Records closed: a session that starts closes its waitlist without anyone acting', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ ...workersMailingTo(sink, PUBLIC_URL), SESSION_SWEEP_INTERVAL: 'PT1S' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('expires a waitlisted enrolment within the sweep interval once the start has passed, and tells the delegate', async () => {
    const admin = await t.adminToken();
    const [seated, waiting] = [await aDelegate(t), await aDelegate(t, { language: Language.FR })];
    const webinar = (await aWebinar(t, admin, { title: 'Webinaire complet', capacity: 1 })).id;
    await anEnrolment(t, webinar, seated);
    const queued = await anEnrolment(t, webinar, waiting);
    // Several sweeps pass while the session has not started: the waitlist stays.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await statusOf(t, queued.id)).toBe('WAITLISTED');

    await startNow(t.db, webinar);
    const deadline = Date.now() + 20_000;
    while ((await statusOf(t, queued.id)) !== 'EXPIRED' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await statusOf(t, queued.id)).toBe('EXPIRED');
    const mails = await sink.waitFor(
      (m) => mailsOf(m, 'ENROLMENT_EXPIRED', waiting.user.email).length > 0,
      30_000,
      'the expiry e-mail',
    );
    const [mail] = mailsOf(mails, 'ENROLMENT_EXPIRED', waiting.user.email);
    expect(mail.subject).toBe('Inscription expirée\u00a0: Webinaire complet');
    expect(mail.text).toContain("a commencé sans qu'une place se libère pour vous");
  });
});
