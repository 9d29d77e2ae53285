import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../auth/user.entity';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { EnrolmentEntity } from '../enrolments/enrolment.entity';
import { TrainingSessionEntity } from '../sessions/session.entity';
import { AssessmentKind, GuidanceUse } from './assessment.enums';

/** A numeric(5,2) score read back as a number. */
const scoreTransformer = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/**
 * A questionnaire of a module. Several may exist for one module and kind (a revision is a new assessment); delegates
 * are given the newest, and each attempt keeps the one it answered.
 */
@Entity('assessment')
@Index('IDX_assessment_module_kind', ['moduleId', 'kind', 'createdAt'])
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => ThematicModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: ThematicModule;

  @Column({ type: 'enum', enum: AssessmentKind })
  kind: AssessmentKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @OneToMany(() => QuestionEntity, (q) => q.assessment)
  questions?: QuestionEntity[];
}

/** A question: its options, the indexes of the correct ones (none for a survey question) and its points. */
@Entity('assessment_question')
@Index('UQ_question_position', ['assessmentId', 'position'], { unique: true })
@Check('CHK_question_points', '"points" BETWEEN 0 AND 1000')
export class QuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  assessmentId: string;

  @ManyToOne(() => AssessmentEntity, (a) => a.questions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: AssessmentEntity;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  prompt: string;

  @Column({ type: 'text', array: true })
  options: string[];

  @Column({ type: 'int', array: true })
  correct: number[];

  @Column({ type: 'int' })
  points: number;
}

/**
 * One submission, scored on the server. A delegate takes the PRE of a module once; the POST of a module up to three
 * times per session (attempt 1..3, unique), the best counts. The module and kind are copied from the assessment so
 * the statistics need no join.
 */
@Entity('assessment_attempt')
@Index('UQ_attempt_pre', ['delegateId', 'moduleId'], { unique: true, where: `"kind" = 'PRE'` })
@Index('UQ_attempt_post', ['delegateId', 'sessionId', 'moduleId', 'attemptNumber'], {
  unique: true,
  where: `"kind" = 'POST'`,
})
@Index('IDX_attempt_delegate', ['delegateId', 'submittedAt'])
@Check('CHK_attempt_score', '"score" BETWEEN 0 AND 100')
@Check('CHK_attempt_number', '"attempt_number" BETWEEN 1 AND 3')
@Check('CHK_attempt_post_session', `"kind" <> 'POST' OR "session_id" IS NOT NULL`)
export class AssessmentAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  assessmentId: string;

  @ManyToOne(() => AssessmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: AssessmentEntity;

  @Column({ type: 'uuid' })
  delegateId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegate_id' })
  delegate?: User;

  @Column({ type: 'uuid' })
  moduleId: string;

  @Column({ type: 'enum', enum: AssessmentKind })
  kind: AssessmentKind;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @ManyToOne(() => TrainingSessionEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TrainingSessionEntity | null;

  @Column({ type: 'int', default: 1 })
  attemptNumber: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: scoreTransformer })
  score: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  /** The answers as submitted: [{ questionId, selected }]. */
  @Column({ type: 'jsonb' })
  answers: { questionId: string; selected: number[] }[];

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;
}

/** The follow-up survey of one attendance: did the Party apply the guidance, and for what. One per enrolment. */
@Entity('follow_up_response')
@Index('UQ_follow_up_enrolment', ['enrolmentId'], { unique: true })
@Index('IDX_follow_up_session', ['sessionId'])
export class FollowUpResponseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  enrolmentId: string;

  @ManyToOne(() => EnrolmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: EnrolmentEntity;

  @Column({ type: 'uuid' })
  delegateId: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'boolean' })
  applied: boolean;

  @Column({ type: 'enum', enum: GuidanceUse, array: true, default: () => "'{}'" })
  uses: GuidanceUse[];

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** Answers to the module's FOLLOW_UP questionnaire, if it has one. */
  @Column({ type: 'uuid', nullable: true })
  assessmentId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  answers: { questionId: string; selected: number[] }[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;
}
