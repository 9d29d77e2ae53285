import { randomBytes } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AccountTokenPurpose } from '../../src/auth/account-token-purpose.enum';
import { AccountTokensService } from '../../src/auth/account-tokens.service';
import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import { ACTORS, RoleWorld, type Actor, type Side, type SideObjects } from '../support/role-fixtures';
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
type Outcome = 'ok' | 'hidden' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | `CONFLICT:${string}`;
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
}

const ok = 'ok';
const hidden = 'hidden';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const both = <O extends Outcome>(o: O) => [o, o] as const;
const ownOnly = [ok, F] as const;

/** The token of a confirmation link for a new, unconfirmed account, made as the e-mail job makes it. */
async function confirmationToken(t: TestApp): Promise<string> {
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
  return (await t.app.get(AccountTokensService).mint(user.id, AccountTokenPurpose.VERIFY_EMAIL, 3_600_000)).token;
}

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);
const later = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

const ROWS: Row[] = [
  // ------------------------------------------------------------------ queries
  {
    op: 'Query.assessmentFor',
    // The questions for any signed-in user; the right answers only for trainers of the module and the Secretariat.
    doc: `query Q($m: String!) { assessmentFor(moduleCode: $m, kind: PRE) { id questions { id correct } } }`,
    vars: ({ s }) => ({ m: s.moduleCode }),
    shows: (r) => r.questions.length > 0 && r.questions.every((q: any) => q.correct !== null),
    who: { anonymous: U, DELEGATE: both(hidden), FOCAL_POINT: both(hidden), TRAINER: [ok, hidden], REGIONAL_CENTRE: both(hidden), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.capacityOutcomes',
    doc: `query Q($p: String) { capacityOutcomes(groupBy: [PARTY], partyCode: $p) { key { partyCode } delegatesAssessed } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.completionStats',
    doc: `query Q($p: String) { completionStats(groupBy: [PARTY], partyCode: $p) { key { partyCode } enrolled } }`,
    vars: ({ s }) => ({ p: s.partyCode }),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.enrolment',
    // The delegate, their Party's focal point, those who run the session (trainers, host centre) and the Secretariat.
    doc: `query Q($id: ID!) { enrolment(id: $id) { id status } }`,
    vars: ({ s }) => ({ id: s.enrolment }),
    who: { anonymous: U, DELEGATE: ownOnly, FOCAL_POINT: ownOnly, TRAINER: ownOnly, REGIONAL_CENTRE: ownOnly, SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.enrolmentHistory',
    // API: the Secretariat, the delegate and their Party's focal point.
    doc: `query Q($id: ID!) { enrolmentHistory(enrolmentId: $id) { at from to } }`,
    vars: ({ s }) => ({ id: s.enrolment }),
    shows: (r) => r.length > 0,
    who: { anonymous: U, DELEGATE: ownOnly, FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: hidden, DELEGATE: both(hidden), FOCAL_POINT: both(hidden), TRAINER: [ok, hidden], REGIONAL_CENTRE: both(hidden), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.materials',
    doc: `query Q($m: String) { materials(moduleCode: $m, status: DRAFT, first: 100) { edges { node { id } } } }`,
    vars: ({ s }) => ({ m: s.moduleCode }),
    shows: (r, { s }) => ids(r).includes(s.draftMaterial),
    who: { anonymous: hidden, DELEGATE: both(hidden), FOCAL_POINT: both(hidden), TRAINER: [ok, hidden], REGIONAL_CENTRE: both(hidden), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: [ok, hidden], FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(F) },
  },
  {
    op: 'Query.myCertificates',
    doc: `query { myCertificates { id } }`,
    shows: (r, { s }) => r.some((c: any) => c.id === s.certificate.id),
    who: { anonymous: U, DELEGATE: [ok, hidden], FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(F) },
  },
  {
    op: 'Query.myEnrolments',
    // Anyone signed in lists their own enrolments, never someone else's.
    doc: `query { myEnrolments(first: 100) { edges { node { id } } } }`,
    shows: (r, { s }) => ids(r).includes(s.enrolment),
    who: { anonymous: U, DELEGATE: [ok, hidden], FOCAL_POINT: both(hidden), TRAINER: both(hidden), REGIONAL_CENTRE: both(hidden), SECRETARIAT: both(hidden) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: hidden, DELEGATE: [ok, hidden], FOCAL_POINT: both(hidden), TRAINER: [ok, hidden], REGIONAL_CENTRE: both(hidden), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.sessionCertificates',
    doc: `query Q($s: ID!) { sessionCertificates(sessionId: $s) { id } }`,
    vars: ({ s }) => ({ s: s.completedWebinar }),
    shows: (r, { s }) => r.some((c: any) => c.id === s.certificate.id),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.sessionEnrolments',
    doc: `query Q($s: ID!) { sessionEnrolments(sessionId: $s) { edges { node { id } } } }`,
    vars: ({ s }) => ({ s: s.workshop }),
    shows: (r, { s }) => ids(r).includes(s.enrolment),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: ownOnly, SECRETARIAT: both(ok) },
  },
  {
    op: 'Query.sessions',
    // The catalogue is public; a workshop's costs are budget figures, the Secretariat's: null for everyone else.
    doc: `query { sessions(kind: WORKSHOP, first: 50) { totalCount edges { node { ... on Workshop { plannedCostUsd } } } } }`,
    shows: (r) => r.totalCount > 0 && r.edges.length > 0 && r.edges.every((e: any) => e.node.plannedCostUsd !== null),
    who: { anonymous: hidden, DELEGATE: hidden, FOCAL_POINT: hidden, TRAINER: hidden, REGIONAL_CENTRE: hidden, SECRETARIAT: ok },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.cancelEnrolment',
    // The delegate or the Secretariat; a focal point declines through endorseEnrolment instead.
    doc: `mutation M($id: ID!) { cancelEnrolment(id: $id) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.enrol(side, await w.workshop(side)) }),
    shows: (r) => r.status === 'CANCELLED',
    who: { anonymous: U, DELEGATE: ownOnly, FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.cancelSession',
    // SECRETARIAT, or a TRAINER of the webinar.
    doc: `mutation M($id: ID!) { cancelSession(id: $id, reason: "Matrix") { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.webinar(side) }),
    shows: (r) => r.status === 'CANCELLED',
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: ownOnly, SECRETARIAT: both(ok) },
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
    // SECRETARIAT, or a TRAINER of a session of the module.
    doc: `mutation M($input: AssessmentInput!) { createAssessment(input: $input) { id } }`,
    vars: ({ s }) => ({
      input: {
        moduleCode: s.moduleCode,
        kind: 'POST',
        title: 'Matrix assessment',
        questions: [{ prompt: 'Which convention?', options: ['Stockholm', 'Basel'], correct: [0], points: 1 }],
      },
    }),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.createMaterial',
    doc: `mutation M($input: MaterialInput!) { createMaterial(input: $input) { id status } }`,
    vars: () => ({ input: { moduleCode: 'NIP', title: 'Matrix guide', language: 'EN', url: 'https://materials.example.org/g.pdf' } }),
    shows: (r) => r.status === 'DRAFT',
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: ok, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.createUser',
    doc: `mutation M($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    vars: ({ w }) => ({ input: { email: w.email(), password: w.password, fullName: 'New trainer', roles: ['TRAINER'] } }),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.createWorkshop',
    doc: `mutation M($input: WorkshopInput!) { createWorkshop(input: $input) { id } }`,
    vars: ({ w }) => ({
      input: {
        moduleCodes: ['NIP'], title: 'Matrix workshop', region: 'AFRICA', hostCentreId: w.sides.own.centreId, venue: 'Dakar',
        startsAt: later(30), endsAt: later(32), timeZone: 'Africa/Dakar', capacity: 10, plannedCostUsd: 1000,
      },
    }),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: F, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.disableUser',
    // SECRETARIAT only, also for a focal point's own Party's delegate.
    doc: `mutation M($id: ID!) { disableUser(id: $id) { id } }`,
    vars: async ({ w, side }) => ({ id: await w.delegateAccount(side) }),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.endorseEnrolment',
    // The delegate's Party focal point or the Secretariat.
    doc: `mutation M($id: ID!) { endorseEnrolment(id: $id, approve: true) { id status } }`,
    vars: async ({ w, side }) => ({ id: await w.enrol(side, await w.workshop(side), 'delegate') }),
    shows: (r) => r.status === 'CONFIRMED',
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.enrol',
    // A delegate enrols themselves; the Secretariat or the delegate's own focal point may name the delegate.
    doc: `mutation M($s: ID!, $d: ID) { enrol(sessionId: $s, delegateId: $d) { id status delegate { id } } }`,
    vars: async ({ w, side, s }) => ({ s: await w.workshop(side), d: s.delegate.user.id }),
    shows: (r, { vars }) => r.delegate.id === vars.d,
    who: { anonymous: U, DELEGATE: ownOnly, FOCAL_POINT: ownOnly, TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: [ok, 'NOT_FOUND'], REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: ownOnly, SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.recordExpenditure',
    // The Secretariat records expenditure, also against a workshop a centre hosts.
    doc: `mutation M($s: ID) { recordExpenditure(component: "Regional workshops (10)", amountUsd: 1, sessionId: $s) { spentUsd } }`,
    vars: ({ s }) => ({ s: s.workshop }),
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
      input: { email: w.email(), password: w.password, fullName: 'New delegate', partyCode: 'SEN', language: 'FR', timeZone: 'Africa/Dakar' },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
  },
  {
    op: 'Mutation.rotateCalendarToken',
    doc: `mutation { rotateCalendarToken }`,
    shows: (r) => /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/.test(r),
    who: { anonymous: U, DELEGATE: ok, FOCAL_POINT: ok, TRAINER: ok, REGIONAL_CENTRE: ok, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.scheduleWebinar',
    // SECRETARIAT, or a TRAINER for a webinar they run (they are made its trainer).
    doc: `mutation M($input: WebinarInput!) { scheduleWebinar(input: $input) { id } }`,
    vars: () => ({
      input: { moduleCode: 'NIP', title: 'Matrix webinar', startsAt: later(15), endsAt: later(15, 2), timeZone: 'UTC', capacity: 10, joinUrl: 'https://webinars.example.org/x' },
    }),
    who: { anonymous: U, DELEGATE: F, FOCAL_POINT: F, TRAINER: ok, REGIONAL_CENTRE: F, SECRETARIAT: ok },
  },
  {
    op: 'Mutation.setCapacity',
    // SECRETARIAT, or a TRAINER of the webinar.
    doc: `mutation M($id: ID!) { setCapacity(id: $id, capacity: 30) { id capacity } }`,
    vars: async ({ w, side }) => ({ id: await w.webinar(side) }),
    shows: (r) => r.capacity === 30,
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    who: { anonymous: U, DELEGATE: [ok, 'CONFLICT:NOT_ATTENDED'], FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(F) },
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
    who: { anonymous: U, DELEGATE: [ok, 'CONFLICT:NOT_ATTENDED'], FOCAL_POINT: both(F), TRAINER: both(F), REGIONAL_CENTRE: both(F), SECRETARIAT: both(F) },
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
    who: { anonymous: U, DELEGATE: both(F), FOCAL_POINT: both(F), TRAINER: ownOnly, REGIONAL_CENTRE: both(F), SECRETARIAT: both(ok) },
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
    const field = fieldOf(row);
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      const cell = row.who[actor];
      const sides: Side[] = isPair(cell) ? ['own', 'other'] : ['own'];
      for (const [i, side] of sides.entries()) {
        const expected = isPair(cell) ? cell[i] : cell;
        const call = { w, side, s: w.sides[side] };
        const vars = (await row.vars?.(call)) ?? {};
        const token = actor === 'anonymous' ? undefined : w.tokens[actor];
        const res = await t.gql(row.doc, vars, token);
        const shows = (r: any) => (row.shows ? r != null && row.shows(r, { ...call, vars }) : r != null);
        const got = outcomeOf(res, field, shows);
        if (got !== expected) {
          const where = isScoped(row) && actor !== 'anonymous' ? `${actor} on ${side === 'own' ? 'own' : "another's"} objects` : actor;
          mismatches.push(`${where}: expected ${expected}, got ${got}${res.errors ? ` (${res.errors[0].message})` : ''}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
