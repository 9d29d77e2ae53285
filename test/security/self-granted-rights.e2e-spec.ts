import { Role } from '../../src/auth/role.enum';
import { CountingQueryLogger } from '../../src/database/query-counter';
import {
  ASSESSMENT_FOR,
  ATTEND,
  COMPLETE,
  CREATE_ASSESSMENT,
  SUBMIT,
  tenQuestions,
} from '../support/assessment-fixtures';
import {
  ENDORSE,
  ENROL,
  SCHEDULE_WEBINAR,
  inDays,
  manyUsers,
  startNow,
  webinarInput,
} from '../support/enrolment-fixtures';
import { aDelegate, aFocalPoint, aTrainer, aWebinar, aWorkshop, anEnrolment } from '../support/factories';
import { codeOf, must, TestApp, type GqlResult } from '../support/test-app';

/**
 * Issue #13, point 2: rights a user could grant themselves. Authoring a module (its answer keys, assessments and
 * materials) came from scheduling a webinar of it, even one cancelled at once; a focal point who was also a delegate
 * endorsed their own nomination. Each attack of the issue is replayed here through the API, as its author would.
 */
const ASSIGN = `mutation A($m: String!, $u: ID!) { assignTrainer(moduleCode: $m, userId: $u) { code trainers { id fullName } } }`;
const UNASSIGN = `mutation U($m: String!, $u: ID!) { unassignTrainer(moduleCode: $m, userId: $u) { code trainers { id } } }`;
const CANCEL_SESSION = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status } }`;
const CREATE_MATERIAL = `mutation C($input: MaterialInput!) { createMaterial(input: $input) { id status } }`;
const UPDATE_MATERIAL = `mutation U($id: ID!, $input: MaterialInput!) { updateMaterial(id: $id, input: $input) { id } }`;
const PUBLISH = `mutation P($id: ID!) { publishMaterial(id: $id) { id status } }`;
const MATERIAL = `query M($id: ID!) { material(id: $id) { id status } }`;
const ENROLMENT = `query E($id: ID!) { enrolment(id: $id) { id status } }`;
const MODULE_TRAINERS = `query { thematicModules { code trainers { id fullName } } }`;

const material = (moduleCode = 'NIP') => ({
  moduleCode,
  title: `${moduleCode} guide`,
  language: 'EN',
  url: 'https://materials.example.org/g.pdf',
});
const assessment = (moduleCode = 'NIP') => ({
  moduleCode,
  kind: 'POST',
  title: 'Self-made',
  questions: tenQuestions(),
});
const reasonOf = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;

describe('rights nobody can grant themselves', () => {
  let t: TestApp;
  let admin: string;
  let dakar: string;
  let panama: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const centres: { id: string; city: string }[] = await t.db.query(`SELECT id, city FROM regional_centre`);
    dakar = centres.find((c) => c.city === 'Dakar')!.id;
    panama = centres.find((c) => c.city === 'Panama City')!.id;
  });
  afterAll(() => t.close());

  /** What a trainer who is not assigned to NIP gets when trying to author it: nothing, and nothing is written. */
  async function expectNoAuthorship(trainer: { user: { id: string }; token: string }) {
    const keys = must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'PRE' }, trainer.token), 'assessmentFor');
    expect(keys.questions.length).toBeGreaterThan(0);
    expect(keys.questions.map((q: { correct: number[] | null }) => q.correct)).toEqual(keys.questions.map(() => null));
    expect(codeOf(await t.gql(CREATE_ASSESSMENT, { input: assessment() }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE_MATERIAL, { input: material() }, trainer.token))).toBe('FORBIDDEN');
    const [written] = await t.db.query(
      `SELECT (SELECT count(*) FROM assessment WHERE created_by_id = $1)::int
            + (SELECT count(*) FROM training_material WHERE author_id = $1)::int AS n`,
      [trainer.user.id],
    );
    expect(written.n).toBe(0);
  }

  it('a trainer gains nothing over a module by scheduling, running or cancelling its webinars', async () => {
    const trainer = await aTrainer(t);
    // The attack as the issue found it: schedule a webinar of NIP (to be cancelled at once), then author NIP.
    expect(codeOf(await t.gql(SCHEDULE_WEBINAR, { input: webinarInput() }, trainer.token))).toBe('FORBIDDEN');
    const [created] = await t.db.query(`SELECT count(*)::int AS n FROM training_session WHERE created_by_id = $1`, [
      trainer.user.id,
    ]);
    expect(created.n).toBe(0);
    await expectNoAuthorship(trainer);

    // Put on a NIP webinar by the Secretariat, the trainer runs it, and it still makes them no author of NIP ...
    const running = (await aWebinar(t, admin, { trainerIds: [trainer.user.id] })).id;
    await expectNoAuthorship(trainer);
    // ... nor once they cancel it: cancelled sessions confer nothing.
    expect(
      must(await t.gql(CANCEL_SESSION, { id: running, r: 'Cancelled at once' }, trainer.token), 'cancelSession').status,
    ).toBe('CANCELLED');
    await expectNoAuthorship(trainer);
  });

  it('an assigned trainer authors the module, and loses it all when unassigned, but still runs their sessions', async () => {
    const trainer = await aTrainer(t, { fullName: 'Assigned Trainer' });
    const delegate = await aDelegate(t);
    expect(codeOf(await t.gql(ASSIGN, { m: 'NIP', u: trainer.user.id }, trainer.token))).toBe('FORBIDDEN'); // not even themselves
    const assigned = must(await t.gql(ASSIGN, { m: 'nip', u: trainer.user.id }, admin), 'assignTrainer');
    expect(assigned.code).toBe('NIP');
    expect(assigned.trainers).toContainEqual({ id: trainer.user.id, fullName: 'Assigned Trainer' });
    // Assigning twice changes nothing.
    const again = must(await t.gql(ASSIGN, { m: 'NIP', u: trainer.user.id }, admin), 'assignTrainer');
    expect(again.trainers.filter((u: { id: string }) => u.id === trainer.user.id)).toHaveLength(1);
    const modules = must(await t.gql(MODULE_TRAINERS), 'thematicModules');
    const listed = (code: string) =>
      modules.find((m: any) => m.code === code).trainers.map((u: { id: string }) => u.id);
    expect(listed('NIP')).toContain(trainer.user.id);
    expect(listed('REPORTING')).not.toContain(trainer.user.id);

    // Assigned: the answer key, an assessment, a material and a webinar of NIP; still nothing of REPORTING.
    const keys = must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'PRE' }, trainer.token), 'assessmentFor');
    expect(keys.questions.every((q: { correct: number[] | null }) => Array.isArray(q.correct))).toBe(true);
    must(await t.gql(CREATE_ASSESSMENT, { input: assessment() }, trainer.token), 'createAssessment');
    const draft = must(await t.gql(CREATE_MATERIAL, { input: material() }, trainer.token), 'createMaterial').id;
    const published = must(await t.gql(CREATE_MATERIAL, { input: material() }, trainer.token), 'createMaterial').id;
    must(await t.gql(PUBLISH, { id: published }, trainer.token), 'publishMaterial');
    const webinar = (await aWebinar(t, trainer.token)).id;
    expect(codeOf(await t.gql(CREATE_MATERIAL, { input: material('REPORTING') }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE_MATERIAL, { id: draft, input: material('REPORTING') }, trainer.token))).toBe(
      'FORBIDDEN',
    );
    await anEnrolment(t, webinar, delegate);

    const removed = must(await t.gql(UNASSIGN, { m: 'NIP', u: trainer.user.id }, admin), 'unassignTrainer');
    expect(removed.trainers.map((u: { id: string }) => u.id)).not.toContain(trainer.user.id);
    await t.gql(UNASSIGN, { m: 'NIP', u: trainer.user.id }, admin).then((r) => must(r, 'unassignTrainer')); // twice: no-op

    // Unassigned: no answer key, no new assessment, material or webinar, and their own materials are frozen ...
    const hidden = must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'PRE' }, trainer.token), 'assessmentFor');
    expect(hidden.questions.every((q: { correct: number[] | null }) => q.correct === null)).toBe(true);
    expect(codeOf(await t.gql(CREATE_ASSESSMENT, { input: assessment() }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE_MATERIAL, { input: material() }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SCHEDULE_WEBINAR, { input: webinarInput() }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE_MATERIAL, { id: draft, input: material() }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(PUBLISH, { id: draft }, trainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE_MATERIAL, { id: published, input: material() }, trainer.token))).toBe('FORBIDDEN');
    // ... though still theirs to read, and the Secretariat's to change.
    expect(must(await t.gql(MATERIAL, { id: draft }, trainer.token), 'material').status).toBe('DRAFT');
    expect(must(await t.gql(PUBLISH, { id: draft }, admin), 'publishMaterial').status).toBe('PUBLISHED');

    // The webinar they run stays theirs to run: attendance and completion.
    await startNow(t.db, webinar);
    expect(
      must(await t.gql(ATTEND, { s: webinar, d: [delegate.user.id], a: true }, trainer.token), 'recordAttendance')[0]
        .status,
    ).toBe('ATTENDED');
    expect(must(await t.gql(COMPLETE, { id: webinar }, trainer.token), 'completeSession').status).toBe('COMPLETED');
  });

  it('refuses to assign someone who is not a trainer, and names unknown modules and users', async () => {
    const delegate = await aDelegate(t);
    const trainer = await aTrainer(t);
    const notTrainer = await t.gql(ASSIGN, { m: 'NIP', u: delegate.user.id }, admin);
    expect(notTrainer.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_TRAINER' });
    for (const [m, u] of [
      ['NOPE', trainer.user.id],
      ['NIP', '00000000-0000-4000-8000-000000000000'],
      ['NIP', 'not-an-id'],
      ['x'.repeat(100), trainer.user.id],
    ]) {
      expect(codeOf(await t.gql(ASSIGN, { m, u }, admin))).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(UNASSIGN, { m, u }, admin))).toBe('NOT_FOUND');
    }
    const [rows] = await t.db.query(`SELECT count(*)::int AS n FROM module_trainer WHERE user_id = ANY($1)`, [
      [delegate.user.id, trainer.user.id],
    ]);
    expect(rows.n).toBe(0);
  });

  it("lists every module's trainers in two queries, however many modules and trainers", async () => {
    const trainers = await manyUsers(t, 12, [Role.TRAINER]);
    for (const [i, code] of ['NIP', 'REPORTING', 'BAT_BEP', 'COORDINATION'].entries()) {
      for (const trainer of trainers.slice(3 * i, 3 * i + 3)) {
        must(await t.gql(ASSIGN, { m: code, u: trainer.user.id }, admin), 'assignTrainer');
      }
    }
    // The fewest statements of three runs: anything else the process runs meanwhile (a poll) only adds.
    const count = async (query: string) => {
      let fewest = Infinity;
      for (let i = 0; i < 3; i++) {
        const before = CountingQueryLogger.queries;
        const r = await t.gql(query);
        expect(r.errors).toBeUndefined();
        fewest = Math.min(fewest, CountingQueryLogger.queries - before);
        if (query === MODULE_TRAINERS)
          expect(r.data.thematicModules.every((m: any) => m.trainers.length >= 3)).toBe(true);
      }
      return fewest;
    };
    await count(MODULE_TRAINERS); // warm-up
    const bare = await count(`query { thematicModules { code } }`);
    const full = await count(MODULE_TRAINERS);
    expect(full - bare).toBeLessThanOrEqual(2); // the assignments of all modules, then all their users
  });

  it('nobody endorses their own nomination: another focal point of the Party or the Secretariat does', async () => {
    const workshop = (
      await aWorkshop(t, admin, {
        title: 'Dakar workshop',
        hostCentreId: dakar,
        venue: 'Dakar',
        startsAt: inDays(40),
        endsAt: inDays(42),
        timeZone: 'Africa/Dakar',
        capacity: 10,
        plannedCostUsd: 1000,
      })
    ).id;
    const focalDelegate = await aDelegate(t, { partyCode: 'SEN', also: [Role.FOCAL_POINT] });
    const otherFocal = await aFocalPoint(t, { partyCode: 'SEN' });
    const staffDelegate = await aDelegate(t, { partyCode: 'SEN', also: [Role.SECRETARIAT] });

    for (const [self, endorser] of [
      [focalDelegate, otherFocal.token],
      [staffDelegate, admin],
    ] as const) {
      const own = await anEnrolment(t, workshop, self);
      expect(own.status).toBe('PENDING_ENDORSEMENT');
      for (const approve of [true, false]) {
        const refused = await t.gql(ENDORSE, { id: own.id, a: approve }, self.token);
        expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_ENDORSEMENT' });
      }
      expect(must(await t.gql(ENROLMENT, { id: own.id }, self.token), 'enrolment').status).toBe('PENDING_ENDORSEMENT');
      expect(must(await t.gql(ENDORSE, { id: own.id, a: true }, endorser), 'endorseEnrolment').status).toBe(
        'CONFIRMED',
      );
    }
    // The focal point still endorses the other delegates of their Party.
    const colleague = await aDelegate(t, { partyCode: 'SEN' });
    const theirs = await anEnrolment(t, workshop, colleague);
    expect(must(await t.gql(ENDORSE, { id: theirs.id, a: true }, focalDelegate.token), 'endorseEnrolment').status).toBe(
      'CONFIRMED',
    );
  });

  it('nobody marks themselves present, takes an assessment they can read the answers of, or waives their own region', async () => {
    const trainerDelegate = await aTrainer(t, { partyCode: 'SEN', also: [Role.DELEGATE] });
    const classmate = await aDelegate(t, { partyCode: 'SEN' });
    const webinar = (await aWebinar(t, admin, { trainerIds: [trainerDelegate.user.id] })).id;
    for (const who of [trainerDelegate, classmate]) await anEnrolment(t, webinar, who);
    await startNow(t.db, webinar);
    const both = [trainerDelegate.user.id, classmate.user.id];
    const self = await t.gql(ATTEND, { s: webinar, d: both, a: true }, trainerDelegate.token);
    expect(self.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SELF_ATTENDANCE' });
    const [marked] = await t.db.query(
      `SELECT count(*)::int AS n FROM enrolment WHERE session_id = $1 AND status = 'ATTENDED'`,
      [webinar],
    );
    expect(marked.n).toBe(0); // the whole call was refused
    expect(
      must(
        await t.gql(ATTEND, { s: webinar, d: [classmate.user.id], a: true }, trainerDelegate.token),
        'recordAttendance',
      ),
    ).toHaveLength(1);
    expect(
      must(await t.gql(ATTEND, { s: webinar, d: [trainerDelegate.user.id], a: true }, admin), 'recordAttendance')[0]
        .status,
    ).toBe('ATTENDED');

    // Assigned to NIP, they may read its answers, so they take none of its assessments; unassigned, they may.
    must(await t.gql(ASSIGN, { m: 'NIP', u: trainerDelegate.user.id }, admin), 'assignTrainer');
    const pre = must(await t.gql(ASSESSMENT_FOR, { m: 'NIP', k: 'PRE' }, trainerDelegate.token), 'assessmentFor');
    const answers = pre.questions.map((q: { id: string; correct: number[] }) => ({
      questionId: q.id,
      selected: q.correct,
    }));
    expect(reasonOf(await t.gql(SUBMIT, { a: pre.id, s: null, ans: answers }, trainerDelegate.token))).toBe(
      'MODULE_AUTHOR',
    );
    must(await t.gql(UNASSIGN, { m: 'NIP', u: trainerDelegate.user.id }, admin), 'unassignTrainer');
    expect(
      must(await t.gql(SUBMIT, { a: pre.id, s: null, ans: answers }, trainerDelegate.token), 'submitAssessment').score,
    ).toBe(100);

    // The Secretariat waives the region rule for others, not for a staff member enrolling themselves.
    const americas = (
      await aWorkshop(t, admin, {
        moduleCodes: ['BAT_BEP'],
        title: 'Panama workshop',
        region: 'LATIN_AMERICA_CARIBBEAN',
        hostCentreId: panama,
        venue: 'Panama City',
        startsAt: inDays(50),
        endsAt: inDays(52),
        timeZone: 'America/Panama',
        capacity: 10,
        plannedCostUsd: 1000,
      })
    ).id;
    const staffDelegate = await aDelegate(t, { partyCode: 'SEN', also: [Role.SECRETARIAT] });
    expect(reasonOf(await t.gql(ENROL, { s: americas }, staffDelegate.token))).toBe('NOT_IN_REGION');
    const waived = must(await t.gql(ENROL, { s: americas, d: staffDelegate.user.id }, admin), 'enrol');
    expect(waived.delegate.id).toBe(staffDelegate.user.id);
  });
});
