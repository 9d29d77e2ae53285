/**
 * The session row as other features read it: the shape handed to them by the sessions services (and resolved as the
 * parent of session fields), never a way to its table, which stays the sessions feature's own.
 */
export type { TrainingSessionEntity } from './session.entity';
