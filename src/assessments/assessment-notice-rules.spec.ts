import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';
import { assessmentReminderVerdict, attendedSession, followUpSurveyVerdict } from './assessment-notice-rules';

type Account = { disabledAt: Date | null } | null;
const active: Account = { disabledAt: null };
const disabled = { disabledAt: new Date('2030-01-01T00:00:00Z') };
const ALL = Object.values(EnrolmentStatus);

describe('assessmentReminderVerdict', () => {
  const remind = (enrolmentStatus: EnrolmentStatus | null, modulesToSubmit = 1, delegate: Account = active) =>
    assessmentReminderVerdict({ enrolmentStatus, modulesToSubmit, delegate });

  it('reminds an attendee with a module still to submit', () => {
    expect(remind(EnrolmentStatus.ATTENDED)).toBe('SEND');
    expect(remind(EnrolmentStatus.ATTENDED, 3)).toBe('SEND');
  });

  it('counts a completed enrolment as submitted, and any other status or none as not attended', () => {
    expect(remind(EnrolmentStatus.COMPLETED)).toBe('DROPPED_SUBMITTED');
    expect(remind(null)).toBe('DROPPED_NOT_ATTENDED');
    for (const status of ALL.filter((s) => s !== EnrolmentStatus.ATTENDED && s !== EnrolmentStatus.COMPLETED)) {
      expect(remind(status)).toBe('DROPPED_NOT_ATTENDED');
    }
  });

  it('drops it when every module has a post-course submission (passed or not)', () => {
    expect(remind(EnrolmentStatus.ATTENDED, 0)).toBe('DROPPED_SUBMITTED');
  });

  it('drops it for a disabled or deleted account, only once there is something to remind of', () => {
    expect(remind(EnrolmentStatus.ATTENDED, 1, disabled)).toBe('DROPPED_NOT_ATTENDED');
    expect(remind(EnrolmentStatus.ATTENDED, 1, null)).toBe('DROPPED_NOT_ATTENDED');
    // The facts after the deciding one are not read: the service gives 0 and null for them.
    expect(remind(EnrolmentStatus.COMPLETED, 0, null)).toBe('DROPPED_SUBMITTED');
    expect(remind(EnrolmentStatus.ATTENDED, 0, null)).toBe('DROPPED_SUBMITTED');
  });
});

describe('followUpSurveyVerdict', () => {
  const survey = (enrolmentStatus: EnrolmentStatus | null, answered = false, delegate: Account = active) =>
    followUpSurveyVerdict({ enrolmentStatus, answered, delegate });

  it('asks every attendee, passed or not, who has not answered', () => {
    expect(survey(EnrolmentStatus.ATTENDED)).toBe('SEND');
    expect(survey(EnrolmentStatus.COMPLETED)).toBe('SEND');
  });

  it('asks no one who did not attend', () => {
    expect(survey(null)).toBe('DROPPED_NOT_ATTENDED');
    for (const status of ALL.filter((s) => !attendedSession(s))) {
      expect(survey(status)).toBe('DROPPED_NOT_ATTENDED');
    }
    expect(ALL.filter(attendedSession)).toEqual([EnrolmentStatus.ATTENDED, EnrolmentStatus.COMPLETED]);
  });

  it('asks once: not after an early answer', () => {
    expect(survey(EnrolmentStatus.COMPLETED, true)).toBe('DROPPED_ANSWERED');
    expect(survey(EnrolmentStatus.ATTENDED, true, null)).toBe('DROPPED_ANSWERED');
  });

  it('drops it for a disabled or deleted account', () => {
    expect(survey(EnrolmentStatus.ATTENDED, false, disabled)).toBe('DROPPED_NOT_ATTENDED');
    expect(survey(EnrolmentStatus.COMPLETED, false, null)).toBe('DROPPED_NOT_ATTENDED');
  });
});
