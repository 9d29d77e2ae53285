import type { User } from './user.entity';
import { Role } from './role.enum';

/** Pure "who may see or do this" rules, shared by resolvers and services. */
export const isSecretariat = (viewer: User | null | undefined): boolean =>
  !!viewer && viewer.roles.includes(Role.SECRETARIAT);

export const isFocalPointOf = (viewer: User | null | undefined, partyCode: string | null | undefined): boolean =>
  !!viewer && !!partyCode && viewer.roles.includes(Role.FOCAL_POINT) && viewer.partyCode === partyCode;

/** A user's e-mail, gender and enrolments: the user, their Party's focal point and the Secretariat. */
export const maySeePrivateDetails = (viewer: User | null | undefined, subject: User): boolean =>
  !!viewer && (viewer.id === subject.id || isSecretariat(viewer) || isFocalPointOf(viewer, subject.partyCode));

/** Budget figures (the programme's budget, a workshop's planned and actual cost): the Secretariat's (DOMAIN.md). */
export const maySeeBudgetFigures = (viewer: User | null | undefined): boolean => isSecretariat(viewer);

/**
 * A webinar's join link: the Secretariat, the session's trainers and delegates holding a seat in it. The one rule for
 * the Webinar.joinUrl resolver and the catalogue's per-viewer fields (EnrolmentQueriesService.viewerFieldsIn).
 */
export const mayJoinSession = (
  viewer: User | null | undefined,
  facts: { trainsIt: boolean; holdsSeat: boolean },
): boolean => !!viewer && (isSecretariat(viewer) || facts.trainsIt || facts.holdsSeat);

export const isTrainer = (viewer: User | null | undefined): boolean => !!viewer && viewer.roles.includes(Role.TRAINER);

// ---- modules: who authors them (issue #13: given by the Secretariat, never earned by scheduling a session) ----

/** Assigning a trainer to a module, and taking the module away again: the Secretariat. */
export const mayAssignTrainers = (viewer: User | null | undefined): boolean => isSecretariat(viewer);

/**
 * Authoring a module: the Secretariat, and the trainers it assigned to the module (`moduleTrainerIds`). Scheduling,
 * running or cancelling a session of the module gives nothing.
 */
export const mayAuthorModule = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  isSecretariat(viewer) || (isTrainer(viewer) && moduleTrainerIds.includes(viewer!.id));

/** The right answers of a module's assessments: its authors, nobody else (delegates take these assessments). */
export const maySeeAnswerKey = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  mayAuthorModule(viewer, moduleTrainerIds);

export const mayCreateAssessment = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  mayAuthorModule(viewer, moduleTrainerIds);

export const mayCreateMaterial = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  mayAuthorModule(viewer, moduleTrainerIds);

/**
 * Revising, publishing or archiving a material: the Secretariat, or an author of one of its versions (`authorIds`)
 * while still assigned to its module. Unassigned, an author keeps seeing their drafts but changes nothing.
 */
export const mayChangeMaterial = (
  viewer: User | null | undefined,
  authorIds: readonly string[],
  moduleTrainerIds: readonly string[],
): boolean =>
  isSecretariat(viewer) || (!!viewer && authorIds.includes(viewer.id) && mayAuthorModule(viewer, moduleTrainerIds));

/**
 * Scheduling a webinar of a module: the Secretariat, or a trainer assigned to the module (who runs it). DOMAIN.md:
 * trainers "run the sessions assigned to them"; which modules a trainer teaches is the Secretariat's call.
 */
export const mayScheduleWebinar = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  mayAuthorModule(viewer, moduleTrainerIds);

// ---- sessions: who runs and who changes them ----

/**
 * Whether the viewer trains the session: the TRAINER role and a link to the session. `trainsIt` looks the link up
 * and runs only for holders of the role, so a delegate costs no query.
 */
export const isTrainerOfSession = async (
  viewer: User | null | undefined,
  trainsIt: () => Promise<boolean>,
): Promise<boolean> => isTrainer(viewer) && (await trainsIt());

/**
 * Running a session (seeing its enrolments, recording attendance, completing it): the Secretariat, the staff of its
 * host regional centre, and its trainers.
 */
export const mayRunSession = async (
  viewer: User | null | undefined,
  session: { hostCentreId: string | null },
  trainsIt: () => Promise<boolean>,
): Promise<boolean> => {
  if (!viewer) return false;
  if (isSecretariat(viewer)) return true;
  if (
    viewer.roles.includes(Role.REGIONAL_CENTRE) &&
    !!viewer.regionalCentreId &&
    viewer.regionalCentreId === session.hostCentreId
  ) {
    return true;
  }
  return isTrainerOfSession(viewer, trainsIt);
};

/**
 * Changing a session (rescheduling, capacity, cancelling): the Secretariat for every session, a trainer for the
 * webinars they run. `kind` is the session's SessionKind (a string here: auth/ stands below sessions/).
 */
export const mayManageSession = async (
  viewer: User | null | undefined,
  session: { kind: string },
  trainsIt: () => Promise<boolean>,
): Promise<boolean> =>
  isSecretariat(viewer) || (session.kind === 'WEBINAR' && (await isTrainerOfSession(viewer, trainsIt)));

/** A session's certificates: the Secretariat and the session's trainers (who hold the TRAINER role still). */
export const maySeeSessionCertificates = async (
  viewer: User | null | undefined,
  trainsIt: () => Promise<boolean>,
): Promise<boolean> => isSecretariat(viewer) || (await isTrainerOfSession(viewer, trainsIt));

// ---- enrolments: nobody decides on their own ----

/** NOT_AN_ENDORSER answers FORBIDDEN; SELF_ENDORSEMENT is a rule of the domain (CONFLICT), not a missing role. */
export type EndorsementVerdict = 'ALLOWED' | 'NOT_AN_ENDORSER' | 'SELF_ENDORSEMENT';

/**
 * Deciding on a workshop nomination (endorse or decline): the delegate's Party focal point or the Secretariat, but
 * never the delegate themselves, whatever other roles they hold: another focal point of the Party or the Secretariat.
 */
export function mayEndorseEnrolment(
  viewer: User | null | undefined,
  enrolment: { delegateId: string; partyCode: string },
): EndorsementVerdict {
  if (!viewer || (!isSecretariat(viewer) && !isFocalPointOf(viewer, enrolment.partyCode))) return 'NOT_AN_ENDORSER';
  return viewer.id === enrolment.delegateId ? 'SELF_ENDORSEMENT' : 'ALLOWED';
}

/** Reading an enrolment and its history: the Secretariat, the delegate, and the delegate's Party focal point. */
export const mayReadEnrolment = (
  viewer: User | null | undefined,
  enrolment: { delegateId: string; partyCode: string | null },
): boolean =>
  !!viewer &&
  (isSecretariat(viewer) || viewer.id === enrolment.delegateId || isFocalPointOf(viewer, enrolment.partyCode));

/** Cancelling an enrolment: its delegate or the Secretariat (a focal point declines a nomination instead). */
export const mayCancelEnrolment = (viewer: User | null | undefined, enrolment: { delegateId: string }): boolean =>
  !!viewer && (viewer.id === enrolment.delegateId || isSecretariat(viewer));

/** A delegate of a Party: who may be enrolled in a session. */
export const isPartyDelegate = (user: User | null | undefined): boolean =>
  !!user && user.roles.includes(Role.DELEGATE) && !!user.partyCode;

/** Enrolling oneself: a delegate of a Party. */
export const mayEnrolSelf = (viewer: User | null | undefined): boolean => isPartyDelegate(viewer);

/** Enrolling someone else at all: the Secretariat and focal points (whose Party `mayNominate` then checks). */
export const mayNominateOthers = (viewer: User | null | undefined): boolean =>
  isSecretariat(viewer) || (!!viewer && viewer.roles.includes(Role.FOCAL_POINT));

/** Enrolling this delegate: the Secretariat, or a focal point of the delegate's Party. */
export const mayNominate = (viewer: User | null | undefined, delegate: { partyCode: string | null }): boolean =>
  isSecretariat(viewer) || isFocalPointOf(viewer, delegate.partyCode);

/**
 * ANY: any Party or all (the Secretariat); OWN_PARTY: the viewer's Party only, whatever was asked (a focal point).
 * NOT_A_FOCAL_POINT and OTHER_PARTY both answer FORBIDDEN, with their own messages.
 */
export type PartyListingVerdict = 'ANY' | 'OWN_PARTY' | 'NOT_A_FOCAL_POINT' | 'OTHER_PARTY';

/**
 * Listing a Party's enrolments (`partyCode`; null for every Party): the Secretariat any Party's or all, a focal point
 * their own Party's only (null then means their own).
 */
export function mayListPartyEnrolments(viewer: User | null | undefined, partyCode: string | null): PartyListingVerdict {
  if (isSecretariat(viewer)) return 'ANY';
  if (!viewer || !viewer.roles.includes(Role.FOCAL_POINT) || !viewer.partyCode) return 'NOT_A_FOCAL_POINT';
  return partyCode && partyCode !== viewer.partyCode ? 'OTHER_PARTY' : 'OWN_PARTY';
}

// ---- certificates ----

/** Why a certificate was revoked: its holder and the Secretariat. */
export const maySeeRevocationReason = (viewer: User | null | undefined, certificate: { delegateId: string }): boolean =>
  !!viewer && (viewer.id === certificate.delegateId || isSecretariat(viewer));

/** Enrolling a delegate in a workshop outside their Party's region: the Secretariat, for someone else only. */
export const mayOverrideRegion = (actor: User | null | undefined, delegate: { id: string }): boolean =>
  isSecretariat(actor) && actor!.id !== delegate.id;

/**
 * Recording attendance for these delegates: never one's own (a trainer, centre staff member or Secretariat user
 * who is also a delegate of the session), since attendance leads to the certificate and counts as a prerequisite.
 * Who may record attendance at all is the session's business (mayRunSession).
 */
export const mayRecordAttendanceOf = (actor: User | null | undefined, delegateIds: readonly string[]): boolean =>
  !!actor && !delegateIds.includes(actor.id);

/** Taking a module's assessments: not for anyone who may read their right answers (its authors). */
export const mayTakeAssessment = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  !!viewer && !maySeeAnswerKey(viewer, moduleTrainerIds);
