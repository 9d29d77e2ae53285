import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';

/** Why a message that came due after a completed session is not sent. */
export type AssessmentNoticeDrop = 'DROPPED_NOT_ATTENDED' | 'DROPPED_SUBMITTED' | 'DROPPED_ANSWERED';

/** The delegate's account as it is when the message falls due; null when it is gone. */
type Account = { disabledAt: Date | null } | null;

/**
 * What an assessment reminder is checked against when it falls due. A fact after the one that decides is not read
 * (the service gives 0 or null for it): the rule never looks at it.
 */
export interface AssessmentReminderCheck {
  /** The enrolment's status now; null when it is gone. */
  enrolmentStatus: EnrolmentStatus | null;
  /** The session's modules the attendee has still to submit a post-course assessment for. */
  modulesToSubmit: number;
  delegate: Account;
}

/**
 * Whether the assessment reminder goes out: to an attendee still ATTENDED (one COMPLETED has submitted and passed)
 * with a module still to submit, whose account is not disabled. The due date itself is not checked: a late
 * submission is still accepted (DOMAIN, "Assessments").
 */
export function assessmentReminderVerdict(facts: AssessmentReminderCheck): AssessmentNoticeDrop | 'SEND' {
  if (facts.enrolmentStatus !== EnrolmentStatus.ATTENDED) {
    return facts.enrolmentStatus === EnrolmentStatus.COMPLETED ? 'DROPPED_SUBMITTED' : 'DROPPED_NOT_ATTENDED';
  }
  if (!facts.modulesToSubmit) return 'DROPPED_SUBMITTED';
  if (!facts.delegate || facts.delegate.disabledAt) return 'DROPPED_NOT_ATTENDED';
  return 'SEND';
}

/** What a follow-up survey is checked against when it falls due (a fact after the one that decides is not read). */
export interface FollowUpSurveyCheck {
  /** The enrolment's status now; null when it is gone. */
  enrolmentStatus: EnrolmentStatus | null;
  /** Whether the attendee has answered the follow-up already. */
  answered: boolean;
  delegate: Account;
}

/** The statuses of an attendance: still to pass the post-course assessment, or passed. */
export function attendedSession(status: EnrolmentStatus | null): boolean {
  return status === EnrolmentStatus.ATTENDED || status === EnrolmentStatus.COMPLETED;
}

/**
 * Whether the follow-up survey goes out: to an attendee (ATTENDED or COMPLETED) who has not answered it yet and whose
 * account is not disabled.
 */
export function followUpSurveyVerdict(facts: FollowUpSurveyCheck): AssessmentNoticeDrop | 'SEND' {
  if (!attendedSession(facts.enrolmentStatus)) return 'DROPPED_NOT_ATTENDED';
  if (facts.answered) return 'DROPPED_ANSWERED';
  if (!facts.delegate || facts.delegate.disabledAt) return 'DROPPED_NOT_ATTENDED';
  return 'SEND';
}
