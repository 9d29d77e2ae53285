import { Role } from '../src/auth/role.enum';
import { recipientOf } from '../src/auth/recipient';
import type { User } from '../src/auth/user.entity';
import { PartyStatus, UnRegion } from '../src/catalogue/catalogue.enums';
import { FixedClock } from '../src/clock/clock';
import { firstStep, inWorkshopRegion, travelFundable } from '../src/enrolments/seat-rules';
import { OutcomeCellsService } from '../src/outcomes/outcome-cells.service';
import { SessionKind, SessionStatus } from '../src/sessions/session.enums';
import { SessionSchedulingService } from '../src/sessions/session-scheduling.service';
import type { TrainingSessionEntity } from '../src/sessions/session.types';
import { SessionsService } from '../src/sessions/sessions.service';
import { SUBMIT, answersScoring, createAssessment } from './support/assessment-fixtures';
import { expectInvariants, expectOneEventPerChange, seatState } from './support/enrolment-fixtures';
import { aDelegate, aFocalPoint, aWebinar, aWorkshop, anEnrolment } from './support/factories';
import { must, TestApp } from './support/test-app';

type Account = { user: User; token: string };

/**
 * The enrolment decided in one statement (issue #17, P1): the PL/pgSQL function `enrol_in_session` of migration
 * EnrolmentDecisionFunction. The rules stay stated in seat-rules.ts; the SQL twins the function decides with are
 * pinned to them here over every case, and what it writes (outbox payload, history row, statistics' cells) to what
 * the platform's TypeScript defines.
 */
describe('enrolment decision in one statement', () => {
  let t: TestApp;
  let admin: string;

  /** Each case's answer from SQL: `fn` applied to the columns of `rows`, in order. */
  async function sqlAnswers(fn: string, types: string[], rows: unknown[][]): Promise<unknown[]> {
    const columns = types.map((_, k) => rows.map((r) => r[k]));
    const args = types.map((type, k) => `$${k + 1}::${type}[]`).join(', ');
    const names = types.map((_, k) => `a${k}`);
    const result: { v: unknown }[] = await t.db.query(
      `SELECT ${fn}(${names.join(', ')}) AS v FROM unnest(${args}) WITH ORDINALITY AS x(${names.join(', ')}, i) ORDER BY i`,
      columns,
    );
    return result.map((r) => r.v);
  }

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('decides rule 6 (endorsement first) as firstStep does, for every kind of session and actor', async () => {
    const cases = Object.values(SessionKind).flatMap((kind) => [true, false].map((nominated) => [kind, nominated]));
    const sql = await sqlAnswers('enrolment_first_step', ['text', 'boolean'], cases);
    expect(sql).toEqual(cases.map(([kind, nominated]) => firstStep(kind as SessionKind, nominated as boolean)));
  });

  it('decides rule 4 (the workshop region) as inWorkshopRegion does, for every pair of regions and override', async () => {
    const regions = [...Object.values(UnRegion), null];
    const cases = regions.flatMap((party) =>
      regions.flatMap((workshop) => [true, false].map((override) => [party, workshop, override])),
    );
    const sql = await sqlAnswers('enrolment_in_workshop_region', ['text', 'text', 'boolean'], cases);
    expect(sql).toEqual(
      cases.map(([party, workshop, override]) =>
        inWorkshopRegion(party as string | null, workshop as string | null, override as boolean),
      ),
    );
  });

  it('decides rule 7 (a funded seat) as travelFundable does, for every kind, allowance, Party status and use', async () => {
    const cases = Object.values(SessionKind).flatMap((kind) =>
      [0, 1, 2, 3].flatMap((allowance) =>
        [...Object.values(PartyStatus), null].flatMap((status) =>
          [0, 1, 2, 3, 4].map((used) => [kind, allowance, status, used]),
        ),
      ),
    );
    const sql = await sqlAnswers('enrolment_funded_seat', ['text', 'int', 'text', 'int'], cases);
    expect(sql).toEqual(
      cases.map(
        ([kind, allowance, status, used]) =>
          // No Party known: no funded seat (SeatsService asked for the Party first).
          status !== null &&
          travelFundable(
            { kind: kind as SessionKind, fundedSeatsPerParty: allowance as number },
            status as string,
            used as number,
          ),
      ),
    );
  });

  it('finds a session open to enrolment exactly when requireScheduled does, at every status and moment', async () => {
    const now = new Date('2031-03-04T05:06:07.089Z');
    const scheduling = new SessionSchedulingService(
      null as never,
      null as never,
      null as never,
      null as never,
      new FixedClock(now),
    );
    const cases = Object.values(SessionStatus).flatMap((status) =>
      [-3_600_000, -1, 0, 1, 3_600_000].map((offset) => [status, new Date(now.getTime() + offset), now]),
    );
    const sql = await sqlAnswers('enrolment_session_open', ['text', 'timestamptz', 'timestamptz'], cases);
    expect(sql).toEqual(
      cases.map(([status, startsAt]) => {
        try {
          scheduling.requireScheduled({ status, startsAt } as TrainingSessionEntity);
          return true;
        } catch {
          return false;
        }
      }),
    );
  });

  it('writes the session into the outbox as snapshotOfRow maps it (times to the millisecond, centre, modules)', async () => {
    const [pretoria] = await t.db.query(`SELECT id FROM regional_centre WHERE city = 'Pretoria'`);
    const webinar = await aWebinar(t, admin);
    const workshop = await aWorkshop(t, admin, { moduleCodes: ['NIP', 'BAT_BEP'], hostCentreId: pretoria.id });
    const bare = await aWorkshop(t, admin, { title: 'No centre' });
    // Times with microseconds, which JavaScript's dates truncate to the millisecond (SQL: the platform cannot do it).
    await t.db.query(
      `UPDATE training_session SET starts_at = starts_at + interval '0.123987 s', ends_at = ends_at + interval '0.000999 s'
        WHERE id = $1`,
      [webinar.id],
    );
    const sessions = t.app.get(SessionsService);
    for (const id of [webinar.id, workshop.id, bare.id]) {
      const [{ json }] = await t.db.query(`SELECT session_snapshot_json($1) AS json`, [id]);
      expect(json).toEqual(JSON.parse(JSON.stringify(await sessions.snapshot(t.db.manager, id))));
    }
  });

  describe('what an enrolment writes', () => {
    let webinar: string, smallWebinar: string, workshop: string;
    let focal: Account, assessed: Account, undeclared: Account, nominee: Account, requester: Account;

    beforeAll(async () => {
      webinar = (await aWebinar(t, admin, { capacity: 50 })).id;
      smallWebinar = (await aWebinar(t, admin, { capacity: 1 })).id;
      workshop = (await aWorkshop(t, admin, { capacity: 5, fundedSeatsPerParty: 1 })).id;
      focal = await aFocalPoint(t, { partyCode: 'SEN' });
      assessed = await aDelegate(t, { partyCode: 'SEN', gender: 'female' });
      undeclared = await aDelegate(t, { partyCode: 'GHA' });
      nominee = await aDelegate(t, { partyCode: 'SEN', gender: 'male' });
      requester = await aDelegate(t, { partyCode: 'SEN', gender: 'female' });
      // A pre-course score before enrolling: the new enrolment's score cells count it at once.
      const pre = await createAssessment(t, admin, 'NIP', 'PRE');
      must(
        await t.gql(SUBMIT, { a: pre.id, s: null, ans: answersScoring(pre, 40) }, assessed.token),
        'submitAssessment',
      );
    });

    it('writes the outbox payload, the history row and the cells the transaction of many statements wrote', async () => {
      const confirmed = await anEnrolment(t, webinar, assessed);
      const seat = await anEnrolment(t, smallWebinar, assessed);
      const waitlisted = await anEnrolment(t, smallWebinar, undeclared);
      const nominated = await anEnrolment(t, workshop, nominee, { by: focal.token });
      const pending = await anEnrolment(t, workshop, requester);
      expect([confirmed.status, seat.status, waitlisted.status, nominated.status, pending.status]).toEqual([
        'CONFIRMED',
        'CONFIRMED',
        'WAITLISTED',
        'CONFIRMED',
        'PENDING_ENDORSEMENT',
      ]);
      expect(waitlisted.waitlistPosition).toBe(1);
      expect(nominated.funded).toBe(true);
      // Enrolling again returns the enrolment as it stands and writes nothing.
      expect(await anEnrolment(t, smallWebinar, undeclared)).toEqual(waitlisted);

      const [senegal] = await t.db.query(`SELECT name FROM party WHERE code = 'SEN'`);
      const sessions = t.app.get(SessionsService);
      const snapshot = async (id: string, withJoinUrl: boolean) => {
        const s = await sessions.snapshot(t.db.manager, id);
        return JSON.parse(JSON.stringify(withJoinUrl ? s : { ...s, joinUrl: null }));
      };
      const by = (a: Account) => ({ userId: a.user.id, fullName: a.user.fullName });
      const expected = [
        [confirmed, 'ENROLMENT_CONFIRMED', assessed, assessed, webinar, null, {}],
        [seat, 'ENROLMENT_CONFIRMED', assessed, assessed, smallWebinar, null, {}],
        [waitlisted, 'ENROLMENT_WAITLISTED', undeclared, undeclared, smallWebinar, 1, {}],
        [nominated, 'ENROLMENT_CONFIRMED', nominee, focal, workshop, null, {}],
        [
          pending,
          'ENDORSEMENT_REQUESTED',
          requester,
          requester,
          workshop,
          null,
          { party: { code: 'SEN', name: senegal.name }, endorsers: [recipientOf(focal.user)] },
        ],
      ] as const;
      for (const [e, type, delegate, actor, sessionId, position, extra] of expected) {
        const events = await t.db.query(
          `SELECT type, aggregate_type, payload FROM outbox_event WHERE aggregate_id = $1`,
          [e.id],
        );
        expect(events).toEqual([
          {
            type,
            aggregate_type: 'ENROLMENT',
            payload: JSON.parse(
              JSON.stringify({
                enrolment: { id: e.id, status: e.status, funded: e.funded, waitlistPosition: position },
                delegate: recipientOf(delegate.user),
                session: await snapshot(sessionId, e.status === 'CONFIRMED'),
                by: by(actor),
                ...extra,
              }),
            ),
          },
        ]);
        const history = await t.db.query(
          `SELECT from_status, to_status, by_id, reason, comment, at = (SELECT created_at FROM enrolment WHERE id = $1) AS at_creation
             FROM enrolment_change WHERE enrolment_id = $1`,
          [e.id],
        );
        expect(history).toEqual([
          {
            from_status: null,
            to_status: e.status,
            by_id: actor.user.id,
            reason: actor === delegate ? 'enrolled' : 'nominated',
            comment: null,
            at_creation: true,
          },
        ]);
      }
      const [endorsement] = await t.db.query(
        `SELECT endorsed_by_id, endorsed_at IS NOT NULL AS endorsed, created_by_id FROM enrolment WHERE id = $1`,
        [nominated.id],
      );
      expect(endorsement).toEqual({ endorsed_by_id: focal.user.id, endorsed: true, created_by_id: focal.user.id });
      await expectOneEventPerChange(t.db);
      for (const id of [webinar, smallWebinar, workshop]) expectInvariants(await seatState(t.db, id));

      // The cells changed by increments equal the cells rebuilt from the facts by OutcomeCellsService's own SQL.
      const tables = [
        'stats_enrolment_cell',
        'stats_score_cell',
        'stats_enrolment_region_cell',
        'stats_score_region_cell',
      ];
      const read = async () =>
        Promise.all(tables.map((table) => t.db.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`)));
      const incremented = await read();
      expect(incremented[1]).toContainEqual(
        expect.objectContaining({ party_code: 'SEN', gender: 'female', assessed: 1, pre_count: 1, pre_sum: '40.00' }),
      );
      await t.app.get(OutcomeCellsService).rebuildAll();
      expect(incremented).toEqual(await read());
    });

    it('refuses as the rules say, writing nothing', async () => {
      const ENROL_ONLY = `mutation E($s: ID!) { enrol(sessionId: $s) { id } }`;
      must(
        await t.gql(
          `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id } }`,
          { id: smallWebinar, r: 'Trainer unavailable' },
          admin,
        ),
        'cancelSession',
      );
      const before = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event`);
      const peruvian = await aDelegate(t, { partyCode: 'PER' });
      const refusal = async (s: string) => (await t.gql(ENROL_ONLY, { s }, peruvian.token)).errors?.[0]?.extensions;
      expect(await refusal(workshop)).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_REGION' });
      expect(await refusal('00000000-0000-4000-8000-000000000000')).toMatchObject({ code: 'NOT_FOUND' });
      expect(await refusal(smallWebinar)).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_CANCELLED' });
      expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox_event`)).toEqual(before);
    });
  });

  it('gives the Secretariat a nomination out of region (rule 4 overridden), decided in the same statement', async () => {
    const workshop = (await aWorkshop(t, admin, { capacity: 2 })).id;
    const peruvian = await aDelegate(t, { partyCode: 'PER' });
    const r = await anEnrolment(t, workshop, peruvian, { by: admin });
    expect(r.status).toBe('CONFIRMED');
    const secretariat = await t.user([Role.SECRETARIAT]);
    const again = await anEnrolment(t, workshop, peruvian, { by: secretariat.token });
    expect(again.id).toBe(r.id);
  });
});
