/**
 * The enrolment row as other features read it: the shape the enrolments services hand out (assessments check
 * completion against it), never a way to its table, which stays the enrolments feature's own.
 */
export type { EnrolmentEntity } from './enrolment.entity';
