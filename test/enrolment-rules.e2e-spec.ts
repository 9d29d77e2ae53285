import { Role } from '../src/auth/role.enum';
import { aDelegate, aFocalPoint, aTrainer, aWebinar, aWorkshop } from './support/factories';
import { codeOf, TestApp, type GqlResult } from './support/test-app';
import {
  CANCEL_ENROLMENT,
  ENDORSE,
  ENROL,
  expectInvariants,
  expectOneEventPerChange,
  inDays,
  seatState,
  startNow,
} from './support/enrolment-fixtures';

const ATTEND = `mutation A($s: ID!, $d: [ID!]!, $a: Boolean!) { recordAttendance(sessionId: $s, delegateIds: $d, attended: $a) { id status delegate { id } } }`;
const COMPLETE = `mutation C($id: ID!) { completeSession(id: $id) { id status seatsTaken } }`;
const SESSION_ENROLMENTS = `query S($id: ID!, $st: EnrolmentStatus) { sessionEnrolments(sessionId: $id, status: $st) { totalCount edges { node { id status delegate { id fullName } } } } }`;
const PARTY_ENROLMENTS = `query P($p: String, $st: EnrolmentStatus) { partyEnrolments(partyCode: $p, status: $st) { totalCount edges { node { id status party { code } session { id } } } } }`;
const HISTORY = `query H($id: ID!) { enrolmentHistory(enrolmentId: $id) { at from to reason by { id } } }`;
const JOIN_URL = `query J($id: ID!) { session(id: $id) { ... on Webinar { joinUrl } } }`;

type Account = { user: { id: string }; token: string };
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;

describe('enrolment rules: workshops, endorsement, funding, attendance, cancellation', () => {
  let t: TestApp;
  let admin: string;
  let trainerA: Account, trainerB: Account;
  let pretoriaStaff: Account, brnoStaff: Account;
  let focalSen: Account, focalGha: Account;
  let sen1: Account, sen2: Account, sen3: Account, gha1: Account, per1: Account;
  let pretoria: string, brno: string;
  let webinar: string, workshop: string;
  const enrolmentOf = new Map<string, string>();

  const outbox = (type: string, aggregateId?: string) =>
    t.db.query(
      `SELECT payload FROM outbox_event WHERE type = $1 AND ($2::uuid IS NULL OR aggregate_id = $2) ORDER BY created_at`,
      [type, aggregateId ?? null],
    );

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    admin = await t.adminToken();
    const centres = await t.db.query(`SELECT id, city FROM regional_centre`);
    pretoria = centres.find((c: { city: string }) => c.city === 'Pretoria').id;
    brno = centres.find((c: { city: string }) => c.city === 'Brno').id;
    trainerA = await aTrainer(t, { modules: ['NIP'] });
    trainerB = await aTrainer(t);
    pretoriaStaff = await t.user([Role.REGIONAL_CENTRE], { regionalCentreId: pretoria });
    brnoStaff = await t.user([Role.REGIONAL_CENTRE], { regionalCentreId: brno });
    focalSen = await aFocalPoint(t, { partyCode: 'SEN' });
    focalGha = await aFocalPoint(t, { partyCode: 'GHA' });
    sen1 = await aDelegate(t, { partyCode: 'SEN' });
    sen2 = await aDelegate(t, { partyCode: 'SEN' });
    sen3 = await aDelegate(t, { partyCode: 'SEN' });
    gha1 = await aDelegate(t, { partyCode: 'GHA' });
    per1 = await aDelegate(t, { partyCode: 'PER' });
    webinar = (await aWebinar(t, admin, { capacity: 10, trainerIds: [trainerA.user.id] })).id;
    workshop = (
      await aWorkshop(t, admin, {
        title: 'Africa NIP workshop',
        hostCentreId: pretoria,
        venue: 'Pretoria',
        capacity: 2,
        prerequisiteModuleCodes: ['NIP'],
        fundedSeatsPerParty: 1,
        trainerIds: [trainerA.user.id],
      })
    ).id;
  });
  afterAll(() => t.close());

  it('refuses a workshop without an ATTENDED webinar of each prerequisite module (PREREQUISITE_MISSING)', async () => {
    const r = await t.gql(ENROL, { s: workshop }, sen1.token);
    expect(codeOf(r)).toBe('CONFLICT');
    expect(reason(r)).toBe('PREREQUISITE_MISSING');
    expect(r.errors![0].extensions!.missingModules).toEqual(['NIP']);
  });

  it("refuses a workshop outside the delegate's region (NOT_IN_REGION)", async () => {
    const r = await t.gql(ENROL, { s: workshop }, per1.token);
    expect(reason(r)).toBe('NOT_IN_REGION');
    // The Secretariat may override the region, not the prerequisites.
    const override = await t.gql(ENROL, { s: workshop, d: per1.user.id }, admin);
    expect(reason(override)).toBe('PREREQUISITE_MISSING');
  });

  it('only delegates enrol themselves; only the Secretariat and focal points name another delegate', async () => {
    expect(codeOf(await t.gql(ENROL, { s: webinar }, trainerA.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ENROL, { s: webinar, d: sen1.user.id }, sen2.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ENROL, { s: webinar, d: sen1.user.id }, focalGha.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ENROL, { s: webinar }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(ENROL, { s: '00000000-0000-4000-8000-000000000000' }, sen1.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ENROL, { s: 'not-an-id' }, sen1.token))).toBe('NOT_FOUND');
  });

  it('webinar enrolments are confirmed at once; the join link opens to seat holders only', async () => {
    for (const d of [sen1, sen2, sen3, gha1]) {
      const r = await t.gql(ENROL, { s: webinar }, d.token);
      expect(r.data.enrol).toMatchObject({ status: 'CONFIRMED', funded: false, waitlistPosition: null });
      enrolmentOf.set(`${d.user.id}:webinar`, r.data.enrol.id);
    }
    expect((await t.gql(JOIN_URL, { id: webinar }, sen1.token)).data.session.joinUrl).toBe(
      'https://webinars.example.org/nip',
    );
    expect((await t.gql(JOIN_URL, { id: webinar }, per1.token)).data.session.joinUrl).toBeNull();
    const endorse = await t.gql(ENDORSE, { id: enrolmentOf.get(`${sen1.user.id}:webinar`), a: true }, focalSen.token);
    expect(reason(endorse)).toBe('NO_ENDORSEMENT_NEEDED');
  });

  it('attendance waits for the session to start', async () => {
    const r = await t.gql(ATTEND, { s: webinar, d: [sen1.user.id], a: true }, trainerA.token);
    expect(reason(r)).toBe('SESSION_NOT_STARTED');
  });

  it("records attendance by the session's trainer, and refuses anyone else", async () => {
    await startNow(t.db, webinar);
    const ids = [sen1, sen2, sen3, gha1].map((d) => d.user.id);
    expect(codeOf(await t.gql(ATTEND, { s: webinar, d: ids, a: true }, trainerB.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ATTEND, { s: webinar, d: ids, a: true }, pretoriaStaff.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ATTEND, { s: webinar, d: ids, a: true }, sen1.token))).toBe('FORBIDDEN');
    const unknown = await t.gql(ATTEND, { s: webinar, d: [...ids, per1.user.id], a: true }, trainerA.token);
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].extensions).toMatchObject({ field: 'delegateIds', delegateIds: [per1.user.id] });
    expect(codeOf(await t.gql(ATTEND, { s: webinar, d: ['x'], a: true }, trainerA.token))).toBe('BAD_USER_INPUT');

    // gha1 first marked absent (seat given back), then corrected to present (seat taken again)
    const absent = await t.gql(ATTEND, { s: webinar, d: [gha1.user.id], a: false }, trainerA.token);
    expect(absent.data.recordAttendance[0].status).toBe('NO_SHOW');
    expect((await seatState(t.db, webinar)).seatsTaken).toBe(3);
    const r = await t.gql(ATTEND, { s: webinar, d: ids, a: true }, trainerA.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordAttendance.map((e: { status: string }) => e.status)).toEqual([
      'ATTENDED',
      'ATTENDED',
      'ATTENDED',
      'ATTENDED',
    ]);
    expect(r.data.recordAttendance.map((e: { delegate: { id: string } }) => e.delegate.id)).toEqual(ids);
    expectInvariants(await seatState(t.db, webinar));
  });

  it('refuses enrolment and cancellation once the session has started (SESSION_STARTED)', async () => {
    expect(reason(await t.gql(ENROL, { s: webinar }, per1.token))).toBe('SESSION_STARTED');
    const cancel = await t.gql(CANCEL_ENROLMENT, { id: enrolmentOf.get(`${sen1.user.id}:webinar`) }, sen1.token);
    expect(reason(cancel)).toBe('SESSION_STARTED');
  });

  it('completes a session by its trainer only; attendees are announced in one event', async () => {
    expect(codeOf(await t.gql(COMPLETE, { id: webinar }, trainerB.token))).toBe('FORBIDDEN');
    const r = await t.gql(COMPLETE, { id: webinar }, trainerA.token);
    expect(r.data.completeSession).toMatchObject({ status: 'COMPLETED', seatsTaken: 4 });
    expect(reason(await t.gql(ATTEND, { s: webinar, d: [sen1.user.id], a: false }, trainerA.token))).toBe(
      'SESSION_COMPLETED',
    );
    expect(reason(await t.gql(ENROL, { s: webinar }, per1.token))).toBe('SESSION_COMPLETED');
    const events = await outbox('SESSION_COMPLETED', webinar);
    expect(events).toHaveLength(1);
    expect(events[0].payload.attendees.map((a: { userId: string }) => a.userId).sort()).toEqual(
      [sen1, sen2, sen3, gha1].map((d) => d.user.id).sort(),
    );
    expect(events[0].payload.session.status).toBe('COMPLETED');
  });

  it('puts a workshop enrolment in PENDING_ENDORSEMENT and tells the Party focal point', async () => {
    const r = await t.gql(ENROL, { s: workshop }, sen1.token);
    expect(r.data.enrol).toMatchObject({ status: 'PENDING_ENDORSEMENT', funded: false });
    enrolmentOf.set(`${sen1.user.id}:workshop`, r.data.enrol.id);
    const [event] = await outbox('ENDORSEMENT_REQUESTED', r.data.enrol.id);
    expect(event.payload.endorsers.map((e: { userId: string }) => e.userId)).toEqual([focalSen.user.id]);
    expect(event.payload).toMatchObject({
      party: { code: 'SEN', name: 'Senegal' },
      session: { kind: 'WORKSHOP', venue: 'Pretoria' },
    });
    expect(event.payload.session.hostCentre.city).toBe('Pretoria');
  });

  it("lets the delegate's own focal point endorse, not another Party's, nor a delegate", async () => {
    const id = enrolmentOf.get(`${sen1.user.id}:workshop`);
    expect(codeOf(await t.gql(ENDORSE, { id, a: true }, focalGha.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ENDORSE, { id, a: true }, sen2.token))).toBe('FORBIDDEN');
    const r = await t.gql(ENDORSE, { id, a: true }, focalSen.token);
    expect(r.data.endorseEnrolment).toMatchObject({ status: 'CONFIRMED', funded: true });
    // endorsing again changes nothing
    expect((await t.gql(ENDORSE, { id, a: true }, focalSen.token)).data.endorseEnrolment.status).toBe('CONFIRMED');
  });

  it('funds at most fundedSeatsPerParty seats per Party; the waitlist takes the rest', async () => {
    const second = await t.gql(ENROL, { s: workshop }, sen2.token);
    enrolmentOf.set(`${sen2.user.id}:workshop`, second.data.enrol.id);
    const r2 = await t.gql(ENDORSE, { id: second.data.enrol.id, a: true }, focalSen.token);
    expect(r2.data.endorseEnrolment).toMatchObject({ status: 'CONFIRMED', funded: false });

    const gha = await t.gql(ENROL, { s: workshop }, gha1.token);
    enrolmentOf.set(`${gha1.user.id}:workshop`, gha.data.enrol.id);
    const r3 = await t.gql(ENDORSE, { id: gha.data.enrol.id, a: true }, focalGha.token);
    expect(r3.data.endorseEnrolment).toMatchObject({ status: 'WAITLISTED', funded: false, waitlistPosition: 1 });
  });

  it("shows a focal point their own Party's enrolments only", async () => {
    const own = await t.gql(PARTY_ENROLMENTS, {}, focalSen.token);
    expect(
      own.data.partyEnrolments.edges.every((e: { node: { party: { code: string } } }) => e.node.party.code === 'SEN'),
    ).toBe(true);
    expect(own.data.partyEnrolments.totalCount).toBe(5); // 3 webinar + 2 workshop
    expect(codeOf(await t.gql(PARTY_ENROLMENTS, { p: 'GHA' }, focalSen.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(PARTY_ENROLMENTS, {}, sen1.token))).toBe('FORBIDDEN');
    const all = await t.gql(PARTY_ENROLMENTS, { st: 'WAITLISTED' }, admin);
    expect(all.data.partyEnrolments.totalCount).toBe(1);
  });

  it("a declined endorsement frees the seat: the waitlist's head is promoted and funded by its own Party's allowance", async () => {
    const r = await t.gql(ENDORSE, { id: enrolmentOf.get(`${sen1.user.id}:workshop`), a: false }, focalSen.token);
    expect(r.data.endorseEnrolment.status).toBe('DECLINED');
    const [gha] = await t.db.query(`SELECT status, funded FROM enrolment WHERE id = $1`, [
      enrolmentOf.get(`${gha1.user.id}:workshop`),
    ]);
    expect(gha).toEqual({ status: 'CONFIRMED', funded: true });
    expectInvariants(await seatState(t.db, workshop));
    expect(await outbox('ENROLMENT_PROMOTED', enrolmentOf.get(`${gha1.user.id}:workshop`))).toHaveLength(1);
    // a pending nomination declined frees nothing
    const third = await t.gql(ENROL, { s: workshop }, sen3.token);
    const declined = await t.gql(ENDORSE, { id: third.data.enrol.id, a: false }, focalSen.token);
    expect(declined.data.endorseEnrolment.status).toBe('DECLINED');
    // ...and after a decline the delegate may be nominated again
    const again = await t.gql(ENROL, { s: workshop }, sen3.token);
    expect(again.data.enrol.status).toBe('PENDING_ENDORSEMENT');
    expect(again.data.enrol.id).not.toBe(third.data.enrol.id);
  });

  it("shows a session's enrolments to its trainers and its host centre, nobody else", async () => {
    const asTrainer = await t.gql(SESSION_ENROLMENTS, { id: workshop }, trainerA.token);
    expect(asTrainer.data.sessionEnrolments.totalCount).toBe(5);
    const asCentre = await t.gql(SESSION_ENROLMENTS, { id: workshop, st: 'CONFIRMED' }, pretoriaStaff.token);
    expect(asCentre.data.sessionEnrolments.totalCount).toBe(2);
    expect(codeOf(await t.gql(SESSION_ENROLMENTS, { id: workshop }, brnoStaff.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SESSION_ENROLMENTS, { id: workshop }, trainerB.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SESSION_ENROLMENTS, { id: workshop }, sen1.token))).toBe('FORBIDDEN');
  });

  it('keeps the history of every change: who, when, from and to', async () => {
    const id = enrolmentOf.get(`${sen1.user.id}:workshop`);
    const r = await t.gql(HISTORY, { id }, admin);
    expect(
      r.data.enrolmentHistory.map((c: { from: string | null; to: string; by: { id: string } }) => [
        c.from,
        c.to,
        c.by.id,
      ]),
    ).toEqual([
      [null, 'PENDING_ENDORSEMENT', sen1.user.id],
      ['PENDING_ENDORSEMENT', 'CONFIRMED', focalSen.user.id],
      ['CONFIRMED', 'DECLINED', focalSen.user.id],
    ]);
    expect(Date.parse(r.data.enrolmentHistory[2].at)).toBeGreaterThanOrEqual(Date.parse(r.data.enrolmentHistory[0].at));
    expect(codeOf(await t.gql(HISTORY, { id }, sen2.token))).toBe('FORBIDDEN');
    expect((await t.gql(HISTORY, { id }, sen1.token)).data.enrolmentHistory).toHaveLength(3);
  });

  it('shows one enrolment to the delegate, their focal point and those who run the session only', async () => {
    const ONE = `query O($id: ID!) { enrolment(id: $id) { id status delegate { id } } }`;
    const id = enrolmentOf.get(`${sen1.user.id}:workshop`);
    for (const viewer of [sen1, focalSen, trainerA, pretoriaStaff]) {
      expect((await t.gql(ONE, { id }, viewer.token)).data.enrolment).toMatchObject({ id, status: 'DECLINED' });
    }
    for (const viewer of [sen2, focalGha, trainerB, brnoStaff])
      expect(codeOf(await t.gql(ONE, { id }, viewer.token))).toBe('FORBIDDEN');
    expect((await t.gql(ONE, { id: '00000000-0000-4000-8000-000000000000' }, sen1.token)).data.enrolment).toBeNull();
  });

  it('a focal point nominating their own delegate counts as endorsed', async () => {
    const w2 = (await aWebinar(t, admin, { capacity: 5 })).id;
    const r = await t.gql(ENROL, { s: w2, d: sen1.user.id }, focalSen.token);
    expect(r.data.enrol).toMatchObject({ status: 'CONFIRMED', delegate: { id: sen1.user.id } });
  });

  it('funds DEVELOPING and EIT Parties, never DEVELOPED ones', async () => {
    const cee = (
      await aWorkshop(t, admin, {
        moduleCodes: ['BAT_BEP'],
        title: 'CEE workshop',
        region: 'CENTRAL_EASTERN_EUROPE',
        hostCentreId: brno,
        venue: 'Brno',
        startsAt: inDays(40),
        endsAt: inDays(42),
        timeZone: 'Europe/Prague',
        capacity: 10,
      })
    ).id;
    const alb = await aDelegate(t, { partyCode: 'ALB' }); // ECONOMY_IN_TRANSITION
    const cze = await aDelegate(t, { partyCode: 'CZE' }); // DEVELOPED
    const a = await t.gql(ENROL, { s: cee, d: alb.user.id }, admin);
    const c = await t.gql(ENROL, { s: cee, d: cze.user.id }, admin);
    expect(a.data.enrol).toMatchObject({ status: 'CONFIRMED', funded: true });
    expect(c.data.enrol).toMatchObject({ status: 'CONFIRMED', funded: false });
  });

  it('rescheduling tells every open enrolment in one event', async () => {
    const startsAt = inDays(70);
    const r = await t.gql(
      `mutation R($id: ID!, $s: DateTime!, $e: DateTime!) { rescheduleSession(id: $id, startsAt: $s, endsAt: $e) { id } }`,
      { id: workshop, s: startsAt, e: inDays(72) },
      admin,
    );
    expect(r.errors).toBeUndefined();
    const events = await outbox('SESSION_RESCHEDULED', workshop);
    expect(events).toHaveLength(1);
    expect(events[0].payload.recipients.map((x: { enrolmentStatus: string }) => x.enrolmentStatus).sort()).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'PENDING_ENDORSEMENT',
    ]);
    expect(events[0].payload.session.sequence).toBe(1);
    expect(events[0].payload.session.startsAt).toBe(startsAt);
    expect(Date.parse(events[0].payload.previous.startsAt)).toBeLessThan(
      Date.parse(events[0].payload.session.startsAt),
    );
  });

  it('cancelling a session cancels its enrolments, frees nothing to promote, and writes one event', async () => {
    const promotedBefore = (await outbox('ENROLMENT_PROMOTED')).length;
    const r = await t.gql(
      `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status seatsTaken } }`,
      { id: workshop, r: 'Venue unavailable' },
      admin,
    );
    expect(r.data.cancelSession).toMatchObject({ status: 'CANCELLED', seatsTaken: 0 });
    const left = await t.db.query(
      `SELECT count(*)::int AS n FROM enrolment WHERE session_id = $1 AND status NOT IN ('CANCELLED', 'DECLINED')`,
      [workshop],
    );
    expect(left[0].n).toBe(0);
    expect((await outbox('ENROLMENT_PROMOTED')).length).toBe(promotedBefore);
    const events = await outbox('SESSION_CANCELLED', workshop);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      reason: 'Venue unavailable',
      session: { status: 'CANCELLED', sequence: 2 },
    });
    expect(events[0].payload.recipients).toHaveLength(3);
    expect(reason(await t.gql(ENROL, { s: workshop }, sen2.token))).toBe('SESSION_CANCELLED');
    expectInvariants(await seatState(t.db, workshop));
  });

  it('publishing a material tells the delegates holding a seat in its module, in the same transaction', async () => {
    const m = await t.gql(
      `mutation M($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { moduleCode: 'NIP', title: 'NIP guidance', language: 'EN', url: 'https://example.org/nip.pdf' } },
      trainerA.token,
    );
    const id = m.data.createMaterial.id;
    await Promise.all(
      [1, 2, 3].map(() =>
        t.gql(`mutation P($id: ID!) { publishMaterial(id: $id) { status } }`, { id }, trainerA.token),
      ),
    );
    const events = await outbox('MATERIAL_PUBLISHED', id);
    expect(events).toHaveLength(1);
    const recipients = events[0].payload.recipients.map((r: { userId: string }) => r.userId).sort();
    // attended the NIP webinar: sen1, sen2, sen3, gha1; sen1 also holds a seat in the second NIP webinar
    expect(recipients).toEqual([sen1, sen2, sen3, gha1].map((d) => d.user.id).sort());
    expect(events[0].payload.material).toMatchObject({ title: 'NIP guidance', version: 1, module: { code: 'NIP' } });
  });

  it('writes exactly one outbox event per enrolment change, all along', async () => {
    expect(await expectOneEventPerChange(t.db)).toBeGreaterThan(10);
  });
});
