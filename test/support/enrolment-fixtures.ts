import { randomBytes } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import { hashPassword } from '../../src/auth/password';
import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import type { TestApp } from './test-app';

/** Anything that runs SQL and resolves to the rows: a TypeORM DataSource, or a wrapped pg Client. */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<any>;
}

export const ENROL = `mutation E($s: ID!, $d: ID) { enrol(sessionId: $s, delegateId: $d) { id status funded waitlistPosition delegate { id } } }`;
export const CANCEL_ENROLMENT = `mutation C($id: ID!) { cancelEnrolment(id: $id) { id status } }`;
export const ENDORSE = `mutation N($id: ID!, $a: Boolean!) { endorseEnrolment(id: $id, approve: $a) { id status funded waitlistPosition } }`;
export const SET_CAPACITY = `mutation C($id: ID!, $c: Int!) { setCapacity(id: $id, capacity: $c) { id capacity seatsTaken seatsLeft } }`;
export const SCHEDULE_WEBINAR = `mutation W($input: WebinarInput!) { scheduleWebinar(input: $input) { id } }`;
export const CREATE_WORKSHOP = `mutation W($input: WorkshopInput!) { createWorkshop(input: $input) { id } }`;

const day = 24 * 3600 * 1000;
export const inDays = (n: number, hours = 0) => new Date(Date.now() + n * day + hours * 3600 * 1000).toISOString();

export const webinarInput = (change: Record<string, unknown> = {}) => ({
  moduleCode: 'NIP',
  title: 'NIP webinar',
  startsAt: inDays(10),
  endsAt: inDays(10, 2),
  timeZone: 'Europe/Zurich',
  capacity: 20,
  joinUrl: 'https://webinars.example.org/nip',
  ...change,
});

/**
 * Many accounts at once: one argon2 hash shared by all (hashing is what makes accounts slow to create), inserted in
 * one statement, each with a token from the platform's own AuthService.
 */
export async function manyUsers(
  t: TestApp,
  n: number,
  roles: Role[],
  extra: { partyCode?: string; regionalCentreId?: string } = {},
): Promise<{ user: User; token: string }[]> {
  const hash = await hashPassword('correct horse battery');
  const tag = randomBytes(3).toString('hex');
  const repo = t.db.getRepository(User);
  const rows = Array.from({ length: n }, (_, i) =>
    repo.create({
      email: `bulk${tag}.${i}@test.example.org`,
      passwordHash: hash,
      fullName: `Bulk ${roles.join('/')} ${tag} ${i}`,
      roles,
      partyCode: extra.partyCode ?? (roles.includes(Role.DELEGATE) || roles.includes(Role.FOCAL_POINT) ? 'SEN' : null),
      regionalCentreId: extra.regionalCentreId ?? null,
      timeZone: 'Africa/Dakar',
      gender: i % 2 ? 'female' : 'male',
      emailVerifiedAt: new Date(), // as TestApp.user(): accounts the platform makes are confirmed
    }),
  );
  const saved = await repo.save(rows, { chunk: 200 });
  const auth = t.app.get(AuthService);
  return Promise.all(saved.map(async (user) => ({ user, token: await auth.issueToken(user) })));
}

/** Moves a session's times so that it started an hour ago (attendance is recorded once a session has started). */
export async function startNow(db: Sql, sessionId: string): Promise<void> {
  await db.query(
    `UPDATE training_session SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = $1`,
    [sessionId],
  );
}

export interface SeatState {
  capacity: number;
  seatsTaken: number;
  seatHolders: number;
  waitlistPositions: number[];
  maxActivePerDelegate: number;
}

/** What the invariants of a session are checked against, read straight from the database. */
export async function seatState(db: Sql, sessionId: string): Promise<SeatState> {
  const [s] = await db.query(`SELECT capacity, seats_taken FROM training_session WHERE id = $1`, [sessionId]);
  const [{ holders }] = await db.query(
    `SELECT count(*)::int AS holders FROM enrolment WHERE session_id = $1 AND status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED')`,
    [sessionId],
  );
  const waitlist = await db.query(
    `SELECT row_number() OVER (ORDER BY waitlist_ticket)::int AS position FROM enrolment
      WHERE session_id = $1 AND status = 'WAITLISTED' ORDER BY waitlist_ticket`,
    [sessionId],
  );
  const [{ most }] = await db.query(
    `SELECT COALESCE(max(c), 0)::int AS most FROM (SELECT count(*) AS c FROM enrolment
      WHERE session_id = $1 AND status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED') GROUP BY delegate_id) t`,
    [sessionId],
  );
  return {
    capacity: s.capacity,
    seatsTaken: s.seats_taken,
    seatHolders: holders,
    waitlistPositions: waitlist.map((w: { position: number }) => w.position),
    maxActivePerDelegate: most,
  };
}

/** The invariants every change must keep. */
export function expectInvariants(state: SeatState): void {
  if (state.seatsTaken > state.capacity) throw new Error(`overbooked: ${state.seatsTaken} > ${state.capacity}`);
  if (state.seatsTaken !== state.seatHolders) {
    throw new Error(`seats_taken ${state.seatsTaken} but ${state.seatHolders} seat-holding enrolments`);
  }
  if (state.waitlistPositions.length && state.seatsTaken < state.capacity) {
    throw new Error(`a free seat (${state.seatsTaken}/${state.capacity}) while ${state.waitlistPositions.length} wait`);
  }
  if (state.maxActivePerDelegate > 1) throw new Error('a delegate holds two active enrolments in one session');
}

/**
 * The outbox event each history row calls for (null: none). Session-wide changes (cancellation, completion,
 * attendance) write one session event, not one per enrolment.
 */
export function expectedEvent(from: string | null, to: string, reason: string): string | null {
  if (reason === 'the session was cancelled' || reason.startsWith('marked') || reason.startsWith('not marked'))
    return null;
  if (from === null && to === 'CONFIRMED') return 'ENROLMENT_CONFIRMED';
  if (from === null && to === 'WAITLISTED') return 'ENROLMENT_WAITLISTED';
  if (from === null && to === 'PENDING_ENDORSEMENT') return 'ENDORSEMENT_REQUESTED';
  if (from === 'PENDING_ENDORSEMENT' && to === 'CONFIRMED') return 'ENROLMENT_CONFIRMED';
  if (from === 'PENDING_ENDORSEMENT' && to === 'WAITLISTED') return 'ENROLMENT_WAITLISTED';
  if (from === 'WAITLISTED' && to === 'CONFIRMED') return 'ENROLMENT_PROMOTED';
  if (to === 'CANCELLED') return 'ENROLMENT_CANCELLED';
  if (to === 'DECLINED') return 'ENROLMENT_DECLINED';
  throw new Error(`no event rule for ${from} -> ${to} (${reason})`);
}

/**
 * For every enrolment: the outbox events written for it equal, one for one, the events its history calls for.
 * Returns the number of enrolment events checked.
 */
export async function expectOneEventPerChange(db: Sql): Promise<number> {
  const changes: { enrolment_id: string; from_status: string | null; to_status: string; reason: string }[] =
    await db.query(`SELECT enrolment_id, from_status, to_status, reason FROM enrolment_change ORDER BY id`);
  const events: { aggregate_id: string; type: string }[] = await db.query(
    `SELECT aggregate_id, type FROM outbox_event WHERE aggregate_type = 'ENROLMENT'`,
  );
  const expected = new Map<string, string[]>();
  for (const c of changes) {
    const type = expectedEvent(c.from_status, c.to_status, c.reason);
    if (type) expected.set(c.enrolment_id, [...(expected.get(c.enrolment_id) ?? []), type]);
  }
  const actual = new Map<string, string[]>();
  for (const e of events) actual.set(e.aggregate_id, [...(actual.get(e.aggregate_id) ?? []), e.type]);
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  for (const k of keys) {
    const want = (expected.get(k) ?? []).sort().join(',');
    const got = (actual.get(k) ?? []).sort().join(',');
    if (want !== got) throw new Error(`enrolment ${k}: events ${got || 'none'}, expected ${want || 'none'}`);
  }
  return events.length;
}
