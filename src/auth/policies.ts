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

/** Enrolling a delegate in a workshop outside their Party's region: the Secretariat, for someone else only. */
export const mayOverrideRegion = (actor: User | null | undefined, delegate: { id: string }): boolean =>
  isSecretariat(actor) && actor!.id !== delegate.id;

/**
 * Recording attendance for these delegates: never one's own (a trainer, centre staff member or Secretariat user
 * who is also a delegate of the session), since attendance leads to the certificate and counts as a prerequisite.
 * Who may record attendance at all is the session's business (SessionsService.mayRun).
 */
export const mayRecordAttendanceOf = (actor: User | null | undefined, delegateIds: readonly string[]): boolean =>
  !!actor && !delegateIds.includes(actor.id);

/** Taking a module's assessments: not for anyone who may read their right answers (its authors). */
export const mayTakeAssessment = (viewer: User | null | undefined, moduleTrainerIds: readonly string[]): boolean =>
  !!viewer && !maySeeAnswerKey(viewer, moduleTrainerIds);
