import { randomBytes } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { encodeCursor } from '@lib/common';
import { AccountTokenPurpose } from '../../src/auth/account-token-purpose.enum';
import { AccountTokensService } from '../../src/auth/account-tokens.service';
import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import { ACTORS, assignTrainer, RoleWorld, type Actor, type Side, type SideObjects } from '../support/role-fixtures';
import { TestApp, type GqlResult } from '../support/test-app';

/**
 * Who may do what: every query and mutation of the running schema, called by nobody and by each role, on the
 * caller's own objects and on another Party's, trainer's or regional centre's (see RoleWorld for the two sides).
 * The table encodes DOMAIN.md and API.md; an operation without a row, or a row without an operation, fails.
 *
 * Outcomes:
 * - ok: no error, and the answer shows the object asked about (`shows`; by default: the result is not null);
 * - hidden: no error, but the answer does not show it (null, absent from the list, the private field null);
 * - UNAUTHENTICATED, FORBIDDEN: refused with that code, no data;
 * - any other code (`NOT_FOUND`, `CONFLICT:<reason>`): let through by the authorisation and answered with that
 *   error of the domain, as the row says.
 */
type Outcome =
  'ok' | 'hidden' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | `CONFLICT:${string}`;
/** One outcome: the operation is about no one's objects, called once. A pair: [on own objects, on the other side's]. */
type Cell = Outcome | readonly [Outcome, Outcome];

interface Call {
  w: RoleWorld;
  side: Side;
  s: SideObjects;
}

interface Row {
  op: `${'Query' | 'Mutation'}.${string}`;
  doc: string;
  /** The variables of one call: state-changing rows make fresh objects here, so each call starts from the same state. */
  vars?: (c: Call) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Whether the answer shows the object asked about (tells ok from hidden). */
  shows?: (result: any, c: Call & { vars: Record<string, unknown> }) => boolean;
  who: Record<Actor, Cell>;
  /**
   * What one account holding several roles gets, where it is not the best of what each role gets (see `combined`):
   * the cases where the account would act on its own behalf. Undefined: the best of each role.
   */
  together?: (roles: ReadonlySet<Role>) => Cell | undefined;
}

const ok = 'ok';
const hidden = 'hidden';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const both = <O extends Outcome>(o: O) => [o, o] as const;
const ownOnly = [ok, F] as const;

/** The token of a confirmation link for a new, unconfirmed account, made as the e-mail job makes it. */
async function confirmationToken(t: TestApp, purpose = AccountTokenPurpose.VERIFY_EMAIL): Promise<string> {
  const repo = t.db.getRepository(User);
  const user = await repo.save(
    repo.create({
      email: `matrix.unconfirmed.${randomBytes(4).toString('hex')}@test.example.org`,
      passwordHash: 'not-a-hash',
      fullName: 'Unconfirmed delegate',
      roles: [Role.DELEGATE],
      partyCode: 'SEN',
      emailVerifiedAt: null,
    }),
  );
  return (await t.app.get(AccountTokensService).mint(user.id, purpose, 3_600_000)).token;
}

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);
const later = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

const ROWS: Row[] = [
  // ------------------------------------------------------------------ queries
  {
    op: 'Query.assessmentFor',
    // The questions for any signed-in user; the right answers only for the trainers the Secretariat assigned to the
    // module (the own trainer: NIP, not REPORTING, although a session of REPORTING is run by nobody else) and it.
    doc: `query Q($m: String!) { assessmentFor(moduleCode: $m, kind: PRE) { id questions { id correct } } }`,
    vars: ({ s }) => ({ m: s.moduleCode }),
    shows: (r) => r.questions.length > 0 && r.questions.every((q: any) => q.correct !== null),
    who: {
      anonymous: U,
      DELEGATE: both(hidden),
      FOCAL_POINT: both(hidden),
      TRAINER: [ok, hidden],
      REGIONAL_CENTRE: both(hidden),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.capacityOutcomes',
    doc: `query Q($p: String) { capacityOutcomes(groupBy: [PARTY], partyCode: $p) { key { partyCode } delegatesAssessed } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.completionStats',
    doc: `query Q($p: String) { completionStats(groupBy: [PARTY], partyCode: $p) { key { partyCode } enrolled } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.enrolment',
    // The delegate, their Party's focal point, those who run the session (trainers, host centre) and the Secretariat.
    doc: `query Q($id: ID!) { enrolment(id: $id) { id status } }`,
    vars: ({ s }) => ({ id: s.enrolment }),
    who: {
      anonymous: U,
      DELEGATE: ownOnly,
      FOCAL_POINT: ownOnly,
      TRAINER: ownOnly,
      REGIONAL_CENTRE: ownOnly,
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.enrolmentHistory',
    // API: the Secretariat, the delegate and their Party's focal point.
    doc: `query Q($id: ID!) { enrolmentHistory(enrolmentId: $id) { at from to } }`,
    vars: ({ s }) => ({ id: s.enrolment }),
    shows: (r) => r.length > 0,
    who: {
      anonymous: U,
      DELEGATE: ownOnly,
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.mailDeliveries',
    doc: `query { mailDeliveries(first: 5) { totalCount } }`,
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Query.material',
    // A draft: its author and the Secretariat; for everybody else it does not exist.
    doc: `query Q($id: ID!) { material(id: $id) { id status } }`,
    vars: ({ s }) => ({ id: s.draftMaterial }),
    who: {
      anonymous: hidden,
      DELEGATE: both(hidden),
      FOCAL_POINT: both(hidden),
      TRAINER: [ok, hidden],
      REGIONAL_CENTRE: both(hidden),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.materials',
    doc: `query Q($m: String) { materials(moduleCode: $m, status: DRAFT, first: 100) { edges { node { id } } } }`,
    vars: ({ s }) => ({ m: s.moduleCode }),
    shows: (r, { s }) => ids(r).includes(s.draftMaterial),
    who: {
      anonymous: hidden,
      DELEGATE: both(hidden),
      FOCAL_POINT: both(hidden),
      TRAINER: [ok, hidden],
      REGIONAL_CENTRE: both(hidden),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.me',
    doc: `query { me { id roles } }`,
    who: { anonymous: hidden, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Query.myAssessmentAttempts',
    // Only the caller's attempts: the other delegate's attempt in the other session is not listed.
    doc: `query Q($s: ID) { myAssessmentAttempts(sessionId: $s) { id } }`,
    vars: ({ s }) => ({ s: s.webinar }),
    shows: (r) => r.length > 0,
    who: {
      anonymous: U,
      DELEGATE: [ok, hidden],
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(F),
    },
    // A delegate who may read the module's answers (its assigned trainer, the Secretariat) has no attempt to list.
    together: (r) =>
      r.has(Role.DELEGATE) && (r.has(Role.TRAINER) || r.has(Role.SECRETARIAT)) ? both(hidden) : undefined,
  },
  {
    op: 'Query.myCertificates',
    doc: `query { myCertificates { id } }`,
    shows: (r, { s }) => r.some((c: any) => c.id === s.certificate.id),
    who: {
      anonymous: U,
      DELEGATE: [ok, hidden],
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(F),
    },
  },
  {
    op: 'Query.myEnrolments',
    // Anyone signed in lists their own enrolments, never someone else's.
    doc: `query { myEnrolments(first: 100) { edges { node { id } } } }`,
    shows: (r, { s }) => ids(r).includes(s.enrolment),
    who: {
      anonymous: U,
      DELEGATE: [ok, hidden],
      FOCAL_POINT: both(hidden),
      TRAINER: both(hidden),
      REGIONAL_CENTRE: both(hidden),
      SECRETARIAT: both(hidden),
    },
  },
  {
    op: 'Query.parties',
    doc: `query { parties { code } }`,
    shows: (r) => r.length > 100,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Query.partyEnrolments',
    doc: `query Q($p: String) { partyEnrolments(partyCode: $p, first: 100) { edges { node { id } } } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    shows: (r, { s }) => ids(r).includes(s.enrolment),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.programmeBudget',
    doc: `query { programmeBudget { totalRequiredUsd spentUsd } }`,
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Query.regionalCentres',
    doc: `query { regionalCentres { id } }`,
    shows: (r) => r.length > 0,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Query.session',
    // The catalogue is public; a webinar's join link only for its trainers, delegates holding a seat, the Secretariat.
    doc: `query Q($id: ID!) { session(id: $id) { id ... on Webinar { joinUrl } } }`,
    vars: ({ s }) => ({ id: s.webinar }),
    shows: (r) => r?.joinUrl != null,
    who: {
      anonymous: hidden,
      DELEGATE: [ok, hidden],
      FOCAL_POINT: both(hidden),
      TRAINER: [ok, hidden],
      REGIONAL_CENTRE: both(hidden),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.sessionCertificates',
    doc: `query Q($s: ID!) { sessionCertificates(sessionId: $s) { id } }`,
    vars: ({ s }) => ({ s: s.completedWebinar }),
    shows: (r, { s }) => r.some((c: any) => c.id === s.certificate.id),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.sessionEnrolments',
    doc: `query Q($s: ID!) { sessionEnrolments(sessionId: $s) { edges { node { id } } } }`,
    vars: ({ s }) => ({ s: s.workshop }),
    shows: (r, { s }) => ids(r).includes(s.enrolment),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: ownOnly,
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.sessionsToRun',
    // The sessions the caller runs (sessionEnrolments' rule): a trainer's own, the workshops a centre hosts, all for
    // the Secretariat; another trainer's or centre's workshop is not in the list.
    // The page starting at the workshop's start time: the Secretariat's list holds every world's sessions.
    doc: `query Q($after: String) { sessionsToRun(first: 100, after: $after) { edges { node { id } } } }`,
    vars: async ({ w, s }) => {
      const [row] = await w.t.db.query(
        `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM training_session WHERE id = $1`,
        [s.workshop],
      );
      return { after: encodeCursor([row.at, '00000000-0000-0000-0000-000000000000']) };
    },
    shows: (r, { s }) => ids(r).includes(s.workshop),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: [ok, hidden],
      REGIONAL_CENTRE: [ok, hidden],
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.sessions',
    // The catalogue is public; a workshop's costs are budget figures, the Secretariat's: null for everyone else.
    doc: `query { sessions(kind: WORKSHOP, first: 50) { totalCount edges { node { ... on Workshop { plannedCostUsd } } } } }`,
    shows: (r) => r.totalCount > 0 && r.edges.length > 0 && r.edges.every((e: any) => e.node.plannedCostUsd !== null),
    who: {
      anonymous: hidden,
      DELEGATE: hidden,
      FOCAL_POINT: hidden,
      TRAINER: hidden,
      REGIONAL_CENTRE: hidden,
      SECRETARIAT: ok,
    },
  },
  {
    op: 'Query.thematicModules',
    doc: `query { thematicModules { code } }`,
    shows: (r) => r.length >= 4,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Query.users',
    // The Secretariat every account; a focal point their own Party's (with the e-mail addresses).
    doc: `query Q($p: String) { users(partyCode: $p, first: 100) { edges { node { id email } } } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    shows: (r, { s }) => ids(r).includes(s.delegate.user.id),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Query.verifyCertificate',
    doc: `query Q($c: String!) { verifyCertificate(code: $c) { valid revoked } }`,
    vars: ({ w }) => ({ c: w.sides.own.certificate.code }),
    shows: (r) => r.valid === true,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },

  // ------------------------------------------------------------------ mutations
  {
    op: 'Mutation.archiveMaterial',
    // The author (of any version) and the Secretariat; a published material of someone else is visible, so FORBIDDEN.
    doc: `mutation M($id: ID!) { archiveMaterial(id: $id) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.material(side, true) }),
    shows: (r) => r.status === 'ARCHIVED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.assignTrainer',
    // SECRETARIAT only: what makes a trainer an author of a module.
    doc: `mutation M($m: String!, $u: ID!) { assignTrainer(moduleCode: $m, userId: $u) { code trainers { id } } }`,
    vars: async ({ w }) => ({ m: 'NIP', u: await w.trainerAccount() }),
    shows: (r, { vars }) => r.trainers.some((t: any) => t.id === vars.u),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.cancelEnrolment',
    // The delegate or the Secretariat; a focal point declines through endorseEnrolment instead.
    doc: `mutation M($id: ID!) { cancelEnrolment(id: $id) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.enrol(side, await w.workshop(side)) }),
    shows: (r) => r.status === 'CANCELLED',
    who: {
      anonymous: U,
      DELEGATE: ownOnly,
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.cancelSession',
    // SECRETARIAT, or a TRAINER of the webinar.
    doc: `mutation M($id: ID!) { cancelSession(id: $id, reason: "Matrix") { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.webinar(side) }),
    shows: (r) => r.status === 'CANCELLED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.changePassword',
    // Any signed-in account, for itself alone (there is no argument naming another). A successful change would end
    // the caller's session, which the other rows still use: a new password too short is let through the role guard
    // and refused by the validation instead.
    doc: `mutation M($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
    vars: ({ w }) => ({ c: w.password, n: 'short' }),
    who: {
      anonymous: U,
      DELEGATE: 'BAD_USER_INPUT',
      FOCAL_POINT: 'BAD_USER_INPUT',
      TRAINER: 'BAD_USER_INPUT',
      REGIONAL_CENTRE: 'BAD_USER_INPUT',
      SECRETARIAT: 'BAD_USER_INPUT',
    },
  },
  {
    op: 'Mutation.completeSession',
    // Those who run the session: its trainers, its host regional centre (co-organiser), the Secretariat.
    doc: `mutation M($id: ID!) { completeSession(id: $id) { id status } }`,
    vars: async ({ w, side }) => {
      const id = await w.workshop(side);
      await w.start(id);
      return { id };
    },
    shows: (r) => r.status === 'COMPLETED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: ownOnly,
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.confirmEmail',
    // Whoever holds the link's token (it is the proof), signed in or not: it confirms that account and signs in as it.
    doc: `mutation M($token: String!) { confirmEmail(token: $token) { accessToken user { id } } }`,
    vars: async ({ w }) => ({ token: await confirmationToken(w.t) }),
    shows: (r) => typeof r.accessToken === 'string',
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.createAssessment',
    // SECRETARIAT, or a TRAINER assigned to the module (running a session of it gives nothing).
    doc: `mutation M($input: AssessmentInput!) { createAssessment(input: $input) { id } }`,
    vars: ({ s }) => ({
      input: {
        moduleCode: s.moduleCode,
        kind: 'POST',
        title: 'Matrix assessment',
        questions: [{ prompt: 'Which convention?', options: ['Stockholm', 'Basel'], correct: [0], points: 1 }],
      },
    }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.createMaterial',
    // SECRETARIAT, or a TRAINER assigned to the module.
    doc: `mutation M($input: MaterialInput!) { createMaterial(input: $input) { id status } }`,
    vars: ({ s }) => ({
      input: {
        moduleCode: s.moduleCode,
        title: 'Matrix guide',
        language: 'EN',
        url: 'https://materials.example.org/g.pdf',
      },
    }),
    shows: (r) => r.status === 'DRAFT',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.createUser',
    doc: `mutation M($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    vars: ({ w }) => ({
      input: { email: w.email(), password: w.password, fullName: 'New trainer', roles: ['TRAINER'] },
    }),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.createWorkshop',
    doc: `mutation M($input: WorkshopInput!) { createWorkshop(input: $input) { id } }`,
    vars: ({ w }) => ({
      input: {
        moduleCodes: ['NIP'],
        title: 'Matrix workshop',
        region: 'AFRICA',
        hostCentreId: w.sides.own.centreId,
        venue: 'Dakar',
        startsAt: later(30),
        endsAt: later(32),
        timeZone: 'Africa/Dakar',
        capacity: 10,
        plannedCostUsd: 1000,
      },
    }),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.disableUser',
    // SECRETARIAT only, also for a focal point's own Party's delegate.
    doc: `mutation M($id: ID!) { disableUser(id: $id) { id } }`,
    vars: async ({ w, side }) => ({ id: await w.delegateAccount(side) }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.endorseEnrolment',
    // The delegate's Party focal point or the Secretariat.
    doc: `mutation M($id: ID!) { endorseEnrolment(id: $id, approve: true) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.enrol(side, await w.workshop(side), 'delegate') }),
    shows: (r) => r.status === 'CONFIRMED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
    // The own nomination is then the caller's own: nobody endorses it but another focal point or the Secretariat.
    together: (r) =>
      r.has(Role.DELEGATE) && (r.has(Role.FOCAL_POINT) || r.has(Role.SECRETARIAT))
        ? ['CONFLICT:SELF_ENDORSEMENT', r.has(Role.SECRETARIAT) ? ok : F]
        : undefined,
  },
  {
    op: 'Mutation.enrol',
    // A delegate enrols themselves; the Secretariat or the delegate's own focal point may name the delegate.
    doc: `mutation M($s: ID!, $d: ID) { enrol(sessionId: $s, delegateId: $d) { id status delegate { id } } }`,
    vars: async ({ w, side, s }) => ({ s: await w.workshop(side), d: s.delegate.user.id }),
    shows: (r, { vars }) => r.delegate.id === vars.d,
    who: {
      anonymous: U,
      DELEGATE: ownOnly,
      FOCAL_POINT: ownOnly,
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.login',
    doc: `mutation M($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
    vars: ({ w }) => ({ e: w.sides.own.delegate.user.email, p: w.password }),
    shows: (r) => typeof r.accessToken === 'string',
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.publishMaterial',
    // Someone else's draft is not even visible: NOT_FOUND.
    doc: `mutation M($id: ID!) { publishMaterial(id: $id) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.material(side, false) }),
    shows: (r) => r.status === 'PUBLISHED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: [ok, 'NOT_FOUND'],
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.recordAttendance',
    // The session's trainers, its host regional centre, the Secretariat.
    doc: `mutation M($s: ID!, $d: [ID!]!) { recordAttendance(sessionId: $s, delegateIds: $d, attended: true) { id status } }`,
    vars: async ({ w, side, s }) => {
      const id = await w.workshop(side);
      await w.enrol(side, id);
      await w.start(id);
      return { s: id, d: [s.delegate.user.id] };
    },
    shows: (r) => r.length === 1 && r[0].status === 'ATTENDED',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: ownOnly,
      SECRETARIAT: both(ok),
    },
    // The own delegate is then the caller: nobody marks themselves present.
    together: (r) =>
      r.has(Role.DELEGATE) && (r.has(Role.TRAINER) || r.has(Role.REGIONAL_CENTRE) || r.has(Role.SECRETARIAT))
        ? ['CONFLICT:SELF_ATTENDANCE', r.has(Role.SECRETARIAT) ? ok : F]
        : undefined,
  },
  {
    op: 'Mutation.recordExpenditure',
    // The Secretariat records expenditure, also against a workshop a centre hosts.
    doc: `mutation M($s: ID) { recordExpenditure(component: "Regional workshops (10)", amountUsd: 1, sessionId: $s) { spentUsd } }`,
    vars: ({ s }) => ({ s: s.workshop }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.recordPledge',
    doc: `mutation { recordPledge(donor: "Matrix donor", amountUsd: 1) { cofundingPledgedUsd } }`,
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.register',
    // Anyone; the answer signs nobody in (the address is confirmed by e-mail first, see confirmEmail).
    doc: `mutation M($input: RegisterInput!) { register(input: $input) { email verificationRequired } }`,
    vars: ({ w }) => ({
      input: {
        email: w.email(),
        password: w.password,
        fullName: 'New delegate',
        partyCode: 'SEN',
        language: 'FR',
        timeZone: 'Africa/Dakar',
      },
    }),
    shows: (r, { vars }) => r.verificationRequired === true && r.email === (vars.input as { email: string }).email,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.rescheduleSession',
    // SECRETARIAT, or a TRAINER of the webinar.
    doc: `mutation M($id: ID!, $a: DateTime!, $b: DateTime!) { rescheduleSession(id: $id, startsAt: $a, endsAt: $b) { id startsAt } }`,
    vars: async ({ w, side }) => ({ id: await w.webinar(side), a: later(12), b: later(12, 2) }),
    shows: (r, { vars }) => Date.parse(r.startsAt) === Date.parse(vars.a as string),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.resendVerification',
    // Anyone, about any address: the answer is true whatever the address, and only its mailbox may hear more.
    doc: `mutation M($e: String!) { resendVerification(email: $e) }`,
    vars: ({ w }) => ({ e: w.email() }),
    shows: (r) => r === true,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.requestPasswordReset',
    // Anyone, about any address: true whatever the address; only an enabled account's mailbox gets a link.
    doc: `mutation M($e: String!) { requestPasswordReset(email: $e) }`,
    vars: ({ w }) => ({ e: w.email() }),
    shows: (r) => r === true,
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.resetPassword',
    // Whoever holds the reset link's token (it is the proof), signed in or not: it sets that account's password and
    // signs in as it.
    doc: `mutation M($token: String!, $p: String!) { resetPassword(token: $token, password: $p) { accessToken } }`,
    vars: async ({ w }) => ({ token: await confirmationToken(w.t, AccountTokenPurpose.PASSWORD_RESET), p: w.password }),
    shows: (r) => typeof r.accessToken === 'string',
    who: { anonymous: ok, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.retryMailDelivery',
    doc: `mutation M($id: ID!) { retryMailDelivery(id: $id) { id status } }`,
    vars: async ({ w }) => ({ id: await w.failedDelivery() }),
    shows: (r) => r.status === 'RETRYING',
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.revokeCertificate',
    // SECRETARIAT only: not the holder, nor the trainer of the session.
    doc: `mutation M($id: ID!) { revokeCertificate(id: $id, reason: "Matrix") { id revokedAt } }`,
    vars: async ({ w, side }) => ({ id: (await w.certificate(side)).id }),
    shows: (r) => r.revokedAt !== null,
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.rotateCalendarToken',
    doc: `mutation { rotateCalendarToken }`,
    shows: (r) => /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/.test(r),
    who: { anonymous: U, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.scheduleWebinar',
    // SECRETARIAT, or a TRAINER assigned to the module, for a webinar they run (they are made its trainer).
    doc: `mutation M($input: WebinarInput!) { scheduleWebinar(input: $input) { id } }`,
    vars: ({ s }) => ({
      input: {
        moduleCode: s.moduleCode,
        title: 'Matrix webinar',
        startsAt: later(15),
        endsAt: later(15, 2),
        timeZone: 'UTC',
        capacity: 10,
        joinUrl: 'https://webinars.example.org/x',
      },
    }),
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.setCapacity',
    // SECRETARIAT, or a TRAINER of the webinar.
    doc: `mutation M($id: ID!) { setCapacity(id: $id, capacity: 30) { id capacity } }`,
    vars: async ({ w, side }) => ({ id: await w.webinar(side) }),
    shows: (r) => r.capacity === 30,
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.submitAssessment',
    // A delegate's own attempt; in a session they did not attend the domain refuses it.
    doc: `mutation M($a: ID!, $s: ID, $ans: [AnswerInput!]!) { submitAssessment(assessmentId: $a, sessionId: $s, answers: $ans) { id score } }`,
    vars: async ({ w, side, s }) => ({
      a: s.postAssessment.id,
      s: (await w.attendedWebinar(side)).sessionId,
      ans: s.postAssessment.answers,
    }),
    shows: (r) => r.score === 100,
    who: {
      anonymous: U,
      DELEGATE: [ok, 'CONFLICT:NOT_ATTENDED'],
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(F),
    },
    // Who may read a module's answers takes none of its assessments: the Secretariat none, a trainer their module's.
    together: (r) => {
      if (!r.has(Role.DELEGATE)) return undefined;
      if (r.has(Role.SECRETARIAT)) return both('CONFLICT:MODULE_AUTHOR');
      return r.has(Role.TRAINER) ? ['CONFLICT:MODULE_AUTHOR', 'CONFLICT:NOT_ATTENDED'] : undefined;
    },
  },
  {
    op: 'Mutation.submitFollowUp',
    doc: `mutation M($input: FollowUpInput!) { submitFollowUp(input: $input) { id applied } }`,
    vars: async ({ w, side }) => {
      const { sessionId } = await w.attendedWebinar(side);
      await w.completeSession(sessionId);
      return { input: { sessionId, applied: true, uses: ['NIP_UPDATE'] } };
    },
    shows: (r) => r.applied === true,
    who: {
      anonymous: U,
      DELEGATE: [ok, 'CONFLICT:NOT_ATTENDED'],
      FOCAL_POINT: both(F),
      TRAINER: both(F),
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(F),
    },
  },
  {
    op: 'Mutation.unassignTrainer',
    // SECRETARIAT only.
    doc: `mutation M($m: String!, $u: ID!) { unassignTrainer(moduleCode: $m, userId: $u) { code trainers { id } } }`,
    vars: async ({ w }) => {
      const u = await w.trainerAccount();
      await assignTrainer(w.t, 'NIP', u);
      return { m: 'NIP', u };
    },
    shows: (r, { vars }) => !r.trainers.some((t: any) => t.id === vars.u),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.updateMaterial',
    // The author or the Secretariat; revising a published material makes version 2.
    doc: `mutation M($id: ID!, $input: MaterialInput!) { updateMaterial(id: $id, input: $input) { id version status } }`,
    vars: async ({ w, side, s }) => ({
      id: await w.material(side, true),
      input: { moduleCode: s.moduleCode, title: 'Revised', language: 'EN', url: 'https://materials.example.org/r.pdf' },
    }),
    shows: (r) => r.version === 2 && r.status === 'DRAFT',
    who: {
      anonymous: U,
      DELEGATE: both(F),
      FOCAL_POINT: both(F),
      TRAINER: ownOnly,
      REGIONAL_CENTRE: both(F),
      SECRETARIAT: both(ok),
    },
  },
  {
    op: 'Mutation.updateProfile',
    // Any signed-in account, its own details only (no argument names another); an empty input changes nothing.
    doc: `mutation M { updateProfile(input: {}) { id } }`,
    shows: (r) => typeof r.id === 'string',
    who: { anonymous: U, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
];

/** What a call came to, in the terms of the table. */
function outcomeOf(res: GqlResult, field: string, shows: (r: any) => boolean): string {
  const value = res.data?.[field];
  if (res.errors?.length) {
    const { code, reason } = res.errors[0].extensions ?? {};
    const outcome = reason && code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN' ? `${code}:${reason}` : String(code);
    return value == null ? outcome : `${outcome} (with data)`;
  }
  if (res.status !== 200) return `HTTP ${res.status}`;
  return shows(value) ? 'ok' : 'hidden';
}

const isPair = (cell: Cell): cell is readonly [Outcome, Outcome] => Array.isArray(cell);
const isScoped = (row: Row) => ACTORS.some((a) => isPair(row.who[a]));
const fieldOf = (row: Row) => row.op.split('.')[1];

describe('authorisation matrix: every operation, every role, own and other objects', () => {
  let t: TestApp;
  let w: RoleWorld;

  beforeAll(async () => {
    // Every role calls register from this one address: the per-client budget is the registration suite's subject.
    t = await TestApp.start({ REGISTRATIONS_PER_CLIENT: '100000' });
    w = await RoleWorld.build(t);
  });
  afterAll(async () => {
    await w?.close();
    await t?.close();
  });

  it('has one row per operation of the schema, and no row for an operation that does not exist', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const operations = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
      ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).map((f) => `Subscription.${f}`),
    ];
    const rows = ROWS.map((r) => r.op);
    // A row is either about no one's objects (one outcome per actor) or about both sides (a pair for each role).
    const malformed = ROWS.filter((r) => isScoped(r) && ACTORS.some((a) => a !== 'anonymous' && !isPair(r.who[a])));
    expect({
      withoutRow: operations.filter((o) => !rows.includes(o as Row['op'])),
      withoutOperation: rows.filter((r) => !operations.includes(r)),
      twice: rows.filter((r, i) => rows.indexOf(r) !== i),
      malformed: malformed.map((r) => r.op),
    }).toEqual({ withoutRow: [], withoutOperation: [], twice: [], malformed: [] });
  });

  test.each(ROWS.map((r) => [r.op, r] as const))('%s', async (_op, row) => {
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      const token = actor === 'anonymous' ? undefined : w.tokens[actor];
      mismatches.push(...(await mismatchesOf(t, w, row, actor, token, row.who[actor])));
    }
    expect(mismatches).toEqual([]);
  });
});

/** Calls the row as one caller, on each side its cell names, and says where the outcome is not the expected one. */
async function mismatchesOf(t: TestApp, w: RoleWorld, row: Row, caller: string, token: string | undefined, cell: Cell) {
  const field = fieldOf(row);
  const mismatches: string[] = [];
  const sides: Side[] = isPair(cell) ? ['own', 'other'] : ['own'];
  for (const [i, side] of sides.entries()) {
    const expected = isPair(cell) ? cell[i] : cell;
    const call = { w, side, s: w.sides[side] };
    const vars = (await row.vars?.(call)) ?? {};
    const res = await t.gql(row.doc, vars, token);
    const shows = (r: any) => (row.shows ? r != null && row.shows(r, { ...call, vars }) : r != null);
    const got = outcomeOf(res, field, shows);
    if (got !== expected) {
      const where =
        isScoped(row) && caller !== 'anonymous'
          ? `${caller} on ${side === 'own' ? 'own' : "another's"} objects`
          : caller;
      mismatches.push(`${where}: expected ${expected}, got ${got}${res.errors ? ` (${res.errors[0].message})` : ''}`);
    }
  }
  return mismatches;
}

/**
 * The roles one account can hold together (DOMAIN.md: any): every pair, and all five. What a role may do depends on
 * the caller's other roles only where the caller acts on their own behalf, and each of those rules (self-endorsement,
 * self-attendance, taking an assessment one may read the answers of) involves two roles, so pairs find them all;
 * the 16 sets of three and four would cost some 12 s each and find nothing more.
 */
const ROLES = Object.values(Role);
const COMBINATIONS: Role[][] = [...ROLES.flatMap((a, i) => ROLES.slice(i + 1).map((b) => [a, b])), ROLES];

/** Rows whose answer does not depend on the caller's roles (the same for every role) are not run for combinations. */
const dependsOnRoles = (row: Row) => !!row.together || new Set(ROLES.map((r) => JSON.stringify(row.who[r]))).size > 1;

/** How far an outcome lets the caller get (an error of the domain means the authorisation let the call through). */
const reach = (o: Outcome): number => ({ ok: 4, hidden: 2, FORBIDDEN: 1, UNAUTHENTICATED: 0 })[o as string] ?? 3;

/**
 * What an account holding these roles should get from a row: as far as the furthest of its roles gets, on each
 * side, unless the row says otherwise for the roles together (the account acting on its own behalf).
 */
function combined(row: Row, roles: readonly Role[]): Cell {
  const special = row.together?.(new Set(roles));
  if (special) return special;
  const cells = roles.map((r) => row.who[r]);
  const best = (i: 0 | 1) => cells.map((c) => (isPair(c) ? c[i] : c)).reduce((a, b) => (reach(b) > reach(a) ? b : a));
  return isScoped(row) ? ([best(0), best(1)] as const) : best(0);
}

describe('authorisation matrix: one account holding several roles, acting as each of them at once', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Every role calls register from this one address: the per-client budget is the registration suite's subject.
    t = await TestApp.start({ REGISTRATIONS_PER_CLIENT: '100000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('covers every pair of roles, and all five', () => {
    expect(new Set(COMBINATIONS.map((c) => c.join('+'))).size).toBe(11);
    expect(COMBINATIONS.map((c) => c.join('+'))).toEqual(
      expect.arrayContaining([
        'DELEGATE+FOCAL_POINT',
        'DELEGATE+TRAINER',
        'TRAINER+REGIONAL_CENTRE',
        'FOCAL_POINT+SECRETARIAT',
      ]),
    );
  });

  // The own delegate, focal point, trainer, centre staff and Secretariat user of RoleWorld are one account here, of
  // an African Party of each world's own (Party-wide lists such as partyEnrolments then hold one world's objects).
  const PARTIES = ['BEN', 'BWA', 'BFA', 'CMR', 'CIV', 'ETH', 'KEN', 'MLI', 'NER', 'TGO', 'ZMB'];
  const cases = COMBINATIONS.map((roles, i) => [roles.join('+'), roles, PARTIES[i]] as const);
  test.each(cases)('%s', async (name, roles, party) => {
    const w = await RoleWorld.build(t, roles, party);
    try {
      const mismatches: string[] = [];
      for (const row of ROWS.filter(dependsOnRoles)) {
        const found = await mismatchesOf(t, w, row, name, w.tokens[roles[0]], combined(row, roles));
        mismatches.push(...found.map((m) => `${row.op}: ${m}`));
      }
      expect(mismatches).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
