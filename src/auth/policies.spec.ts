import {
  isPartyDelegate,
  mayAssignTrainers,
  mayCancelEnrolment,
  mayEnrolSelf,
  mayListPartyEnrolments,
  mayManageSession,
  mayNominate,
  mayNominateOthers,
  mayReadEnrolment,
  mayRunSession,
  maySeeRevocationReason,
  maySeeSessionCertificates,
  mayAuthorModule,
  mayChangeMaterial,
  mayCreateAssessment,
  mayCreateMaterial,
  mayEndorseEnrolment,
  mayOverrideRegion,
  mayRecordAttendanceOf,
  maySeeAnswerKey,
  mayScheduleWebinar,
  mayTakeAssessment,
  mayJoinSession,
} from './policies';
import { Role } from './role.enum';
import type { User } from './user.entity';

let n = 0;
const user = (roles: Role[], partyCode: string | null = null, regionalCentreId: string | null = null): User =>
  ({ id: `user-${++n}`, roles, partyCode, regionalCentreId }) as User;

const secretariat = user([Role.SECRETARIAT]);
const assigned = user([Role.TRAINER]);
const unassigned = user([Role.TRAINER]);
const delegate = user([Role.DELEGATE], 'SEN');
const focal = user([Role.FOCAL_POINT], 'SEN');
const centre = user([Role.REGIONAL_CENTRE]);
/** Assigned to the module, but no longer holding the TRAINER role. */
const formerTrainer = user([Role.DELEGATE], 'SEN');
const moduleTrainers = [assigned.id, formerTrainer.id];

describe('module authoring policies', () => {
  const authoring = { mayAuthorModule, maySeeAnswerKey, mayCreateAssessment, mayCreateMaterial, mayScheduleWebinar };

  it.each(Object.entries(authoring))('%s: the Secretariat and the trainers assigned to the module', (_name, rule) => {
    expect(rule(secretariat, [])).toBe(true);
    expect(rule(assigned, moduleTrainers)).toBe(true);
    expect(rule(unassigned, moduleTrainers)).toBe(false);
    expect(rule(assigned, [])).toBe(false);
    expect(rule(formerTrainer, moduleTrainers)).toBe(false);
    for (const other of [delegate, focal, centre, null, undefined]) expect(rule(other, moduleTrainers)).toBe(false);
  });

  it('lets only the Secretariat assign trainers, whatever else a user holds', () => {
    expect(mayAssignTrainers(secretariat)).toBe(true);
    const allButSecretariat = user([Role.TRAINER, Role.FOCAL_POINT, Role.REGIONAL_CENTRE, Role.DELEGATE], 'SEN');
    expect(mayAssignTrainers(allButSecretariat)).toBe(false);
    expect(mayAssignTrainers(null)).toBe(false);
  });

  it('keeps those who may read the answers from taking the assessment', () => {
    const trainerDelegate = user([Role.TRAINER, Role.DELEGATE], 'SEN');
    const staffDelegate = user([Role.SECRETARIAT, Role.DELEGATE], 'SEN');
    expect(mayTakeAssessment(delegate, moduleTrainers)).toBe(true);
    expect(mayTakeAssessment(trainerDelegate, [])).toBe(true); // not assigned to this module
    expect(mayTakeAssessment(trainerDelegate, [trainerDelegate.id])).toBe(false);
    expect(mayTakeAssessment(staffDelegate, [])).toBe(false);
    expect(mayTakeAssessment(null, [])).toBe(false);
  });

  it('lets an author change their material only while assigned to its module', () => {
    const authors = [assigned.id, unassigned.id];
    expect(mayChangeMaterial(assigned, authors, moduleTrainers)).toBe(true);
    expect(mayChangeMaterial(unassigned, authors, moduleTrainers)).toBe(false); // an author, no longer assigned
    expect(mayChangeMaterial(assigned, [unassigned.id], moduleTrainers)).toBe(false); // assigned, not an author
    expect(mayChangeMaterial(secretariat, [], [])).toBe(true);
    expect(mayChangeMaterial(delegate, [delegate.id], [delegate.id])).toBe(false); // no TRAINER role
    expect(mayChangeMaterial(null, authors, moduleTrainers)).toBe(false);
  });
});

describe('enrolment policies: nobody decides for themselves', () => {
  const nominationOf = (who: User) => ({ delegateId: who.id, partyCode: who.partyCode ?? 'SEN' });

  it('lets the Party focal point and the Secretariat decide on someone else', () => {
    expect(mayEndorseEnrolment(focal, nominationOf(delegate))).toBe('ALLOWED');
    expect(mayEndorseEnrolment(secretariat, nominationOf(delegate))).toBe('ALLOWED');
    expect(mayEndorseEnrolment(user([Role.FOCAL_POINT], 'GHA'), nominationOf(delegate))).toBe('NOT_AN_ENDORSER');
    for (const other of [delegate, assigned, centre, null]) {
      expect(mayEndorseEnrolment(other, nominationOf(delegate))).toBe('NOT_AN_ENDORSER');
    }
  });

  it('never lets anyone decide on their own nomination, whatever roles they hold', () => {
    const focalDelegate = user([Role.DELEGATE, Role.FOCAL_POINT], 'SEN');
    const staffDelegate = user([Role.DELEGATE, Role.SECRETARIAT], 'SEN');
    const everything = user(Object.values(Role), 'SEN');
    for (const who of [focalDelegate, staffDelegate, everything]) {
      expect(mayEndorseEnrolment(who, nominationOf(who))).toBe('SELF_ENDORSEMENT');
    }
    // Another focal point of the same Party, and the Secretariat, may.
    expect(mayEndorseEnrolment(focal, nominationOf(focalDelegate))).toBe('ALLOWED');
    expect(mayEndorseEnrolment(secretariat, nominationOf(staffDelegate))).toBe('ALLOWED');
    // A delegate of another Party without a focal point's role there is not an endorser, self or not.
    expect(mayEndorseEnrolment(user([Role.DELEGATE], 'GHA'), nominationOf(delegate))).toBe('NOT_AN_ENDORSER');
  });

  it('never lets anyone record their own attendance', () => {
    const trainerDelegate = user([Role.TRAINER, Role.DELEGATE], 'SEN');
    expect(mayRecordAttendanceOf(assigned, [delegate.id, focal.id])).toBe(true);
    expect(mayRecordAttendanceOf(trainerDelegate, [delegate.id, trainerDelegate.id])).toBe(false);
    expect(mayRecordAttendanceOf(trainerDelegate, [trainerDelegate.id])).toBe(false);
    expect(mayRecordAttendanceOf(null, [delegate.id])).toBe(false);
  });

  it('lets the Secretariat override the region rule for someone else, never for themselves', () => {
    const staffDelegate = user([Role.DELEGATE, Role.SECRETARIAT], 'SEN');
    expect(mayOverrideRegion(secretariat, delegate)).toBe(true);
    expect(mayOverrideRegion(staffDelegate, delegate)).toBe(true);
    expect(mayOverrideRegion(staffDelegate, staffDelegate)).toBe(false);
    expect(mayOverrideRegion(focal, delegate)).toBe(false);
    expect(mayOverrideRegion(null, delegate)).toBe(false);
  });
});

describe('session policies: who runs and who changes a session', () => {
  const yes = () => Promise.resolve(true);
  const no = () => Promise.resolve(false);
  const hostStaff = user([Role.REGIONAL_CENTRE], null, 'centre-1');
  const otherStaff = user([Role.REGIONAL_CENTRE], null, 'centre-2');
  const workshop = { hostCentreId: 'centre-1', kind: 'WORKSHOP' };
  const webinar = { hostCentreId: null, kind: 'WEBINAR' };

  it('lets the Secretariat, the host centre and the trainers of the session run it', async () => {
    expect(await mayRunSession(secretariat, workshop, no)).toBe(true);
    expect(await mayRunSession(hostStaff, workshop, no)).toBe(true);
    expect(await mayRunSession(otherStaff, workshop, no)).toBe(false);
    expect(await mayRunSession(hostStaff, webinar, no)).toBe(false);
    expect(await mayRunSession(assigned, workshop, yes)).toBe(true);
    expect(await mayRunSession(assigned, workshop, no)).toBe(false);
    // Linked to the session but no longer a trainer: the link alone gives nothing.
    expect(await mayRunSession(formerTrainer, workshop, yes)).toBe(false);
    expect(await mayRunSession(null, workshop, yes)).toBe(false);
  });

  it('looks the trainer link up only for holders of the TRAINER role', async () => {
    let lookups = 0;
    const lookup = () => {
      lookups++;
      return Promise.resolve(true);
    };
    await mayRunSession(delegate, workshop, lookup);
    await mayManageSession(focal, webinar, lookup);
    await maySeeSessionCertificates(centre, lookup);
    expect(lookups).toBe(0);
  });

  it('lets the Secretariat change every session, a trainer only the webinars they run', async () => {
    expect(await mayManageSession(secretariat, workshop, no)).toBe(true);
    expect(await mayManageSession(assigned, webinar, yes)).toBe(true);
    expect(await mayManageSession(assigned, webinar, no)).toBe(false);
    expect(await mayManageSession(assigned, workshop, yes)).toBe(false);
    expect(await mayManageSession(hostStaff, workshop, no)).toBe(false);
    expect(await mayManageSession(formerTrainer, webinar, yes)).toBe(false);
  });

  it("shows a session's certificates to the Secretariat and its trainers, who still hold the role", async () => {
    expect(await maySeeSessionCertificates(secretariat, no)).toBe(true);
    expect(await maySeeSessionCertificates(assigned, yes)).toBe(true);
    expect(await maySeeSessionCertificates(assigned, no)).toBe(false);
    expect(await maySeeSessionCertificates(formerTrainer, yes)).toBe(false);
    expect(await maySeeSessionCertificates(null, yes)).toBe(false);
  });
});

describe('enrolment policies: reading, cancelling, nominating', () => {
  const enrolment = { delegateId: delegate.id, partyCode: 'SEN' };

  it('lets the delegate, their Party focal point and the Secretariat read an enrolment', () => {
    for (const who of [delegate, focal, secretariat]) expect(mayReadEnrolment(who, enrolment)).toBe(true);
    for (const who of [user([Role.FOCAL_POINT], 'GHA'), assigned, centre, null]) {
      expect(mayReadEnrolment(who, enrolment)).toBe(false);
    }
  });

  it('lets the delegate and the Secretariat cancel, not the focal point', () => {
    expect(mayCancelEnrolment(delegate, enrolment)).toBe(true);
    expect(mayCancelEnrolment(secretariat, enrolment)).toBe(true);
    expect(mayCancelEnrolment(focal, enrolment)).toBe(false);
    expect(mayCancelEnrolment(null, enrolment)).toBe(false);
  });

  it('lets delegates of a Party enrol themselves, and focal points nominate their own Party only', () => {
    expect(mayEnrolSelf(delegate)).toBe(true);
    expect(mayEnrolSelf(user([Role.DELEGATE]))).toBe(false); // no Party
    expect(mayEnrolSelf(focal)).toBe(false);
    expect(isPartyDelegate(delegate)).toBe(true);
    expect(mayNominateOthers(secretariat)).toBe(true);
    expect(mayNominateOthers(focal)).toBe(true);
    expect(mayNominateOthers(delegate)).toBe(false);
    expect(mayNominate(focal, delegate)).toBe(true);
    expect(mayNominate(user([Role.FOCAL_POINT], 'GHA'), delegate)).toBe(false);
    expect(mayNominate(secretariat, delegate)).toBe(true);
  });

  it("lists a Party's enrolments for the Secretariat (any) and a focal point (their own)", () => {
    expect(mayListPartyEnrolments(secretariat, null)).toBe('ANY');
    expect(mayListPartyEnrolments(secretariat, 'GHA')).toBe('ANY');
    expect(mayListPartyEnrolments(focal, null)).toBe('OWN_PARTY');
    expect(mayListPartyEnrolments(focal, 'SEN')).toBe('OWN_PARTY');
    expect(mayListPartyEnrolments(focal, 'GHA')).toBe('OTHER_PARTY');
    expect(mayListPartyEnrolments(delegate, 'SEN')).toBe('NOT_A_FOCAL_POINT');
    expect(mayListPartyEnrolments(user([Role.FOCAL_POINT]), null)).toBe('NOT_A_FOCAL_POINT');
  });

  it('shows why a certificate was revoked to its holder and the Secretariat', () => {
    expect(maySeeRevocationReason(delegate, { delegateId: delegate.id })).toBe(true);
    expect(maySeeRevocationReason(secretariat, { delegateId: delegate.id })).toBe(true);
    expect(maySeeRevocationReason(focal, { delegateId: delegate.id })).toBe(false);
    expect(maySeeRevocationReason(null, { delegateId: delegate.id })).toBe(false);
  });
});

describe('the join link', () => {
  it('is for the Secretariat, the trainers of the session and delegates holding a seat, nobody else', () => {
    const none = { trainsIt: false, holdsSeat: false };
    expect(mayJoinSession(secretariat, none)).toBe(true);
    expect(mayJoinSession(assigned, { ...none, trainsIt: true })).toBe(true);
    expect(mayJoinSession(delegate, { ...none, holdsSeat: true })).toBe(true);
    for (const viewer of [assigned, delegate, focal, centre, null, undefined]) {
      expect(mayJoinSession(viewer, none)).toBe(false);
    }
    expect(mayJoinSession(null, { trainsIt: true, holdsSeat: true })).toBe(false);
  });
});
