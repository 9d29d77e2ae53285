import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, isUuid, notFound } from '@lib/common';
import { mayCreateAssessment, mayTakeAssessment } from '../auth/policies';
import type { User } from '../auth/user.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ModuleTrainersService } from '../module-trainers/module-trainers.service';
import { isUniqueViolation } from '../database/unique-violation';
import type { ThematicModule } from '../catalogue/thematic-module.entity';
import { EnrolmentsService } from '../enrolments/enrolments.service';
import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';
import type { EnrolmentEntity } from '../enrolments/enrolment.types';
import { OutcomeCellsService } from '../outcomes/outcome-cells.service';
import { SessionStatus } from '../sessions/session.enums';
import { SessionsService } from '../sessions/sessions.service';
import { AssessmentKind, GuidanceUse } from './assessment.enums';
import { AssessmentAttemptEntity, AssessmentEntity, FollowUpResponseEntity, QuestionEntity } from './assessment.entity';
import type { AnswerInput, AssessmentInput, FollowUpInput } from './dto/assessment.inputs';
import { MAX_OPTIONS, MAX_QUESTIONS } from './dto/assessment.inputs';
import { AnswerError, scoreAnswers, type Answer } from './scoring';

export const MAX_POST_ATTEMPTS = 3;
const MAX_POINTS = 1000;
const ATTENDED = [EnrolmentStatus.ATTENDED, EnrolmentStatus.COMPLETED];

/** Text as typed, trimmed, with a length check naming the field. */
function text(value: string, field: string, max: number): string {
  const t = (value ?? '').trim();
  if (t.length < 1 || t.length > max) throw badInput(field, `${field} must have 1 to ${max} characters`);
  return t;
}

/**
 * Pre-course, post-course and follow-up assessments: authoring, delivery without the answers, server-side scoring,
 * and the completion a passing post-course score brings (DOMAIN "Completion, certificates, outcomes").
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly moduleTrainers: ModuleTrainersService,
    private readonly sessions: SessionsService,
    private readonly enrolments: EnrolmentsService,
    private readonly cells: OutcomeCellsService,
  ) {}

  // ---- authoring ----

  /** The Secretariat and the trainers it assigned to the module (mayCreateAssessment). */
  async create(input: AssessmentInput, actor: User): Promise<AssessmentEntity> {
    const [module] = await this.catalogue.requireModules([input.moduleCode], 'moduleCode');
    if (!mayCreateAssessment(actor, await this.moduleTrainers.idsOf(module.id))) {
      throw forbidden(`Only the Secretariat and the trainers assigned to ${module.code} may write its assessments`);
    }
    const title = text(input.title, 'title', 200);
    const scored = input.kind !== AssessmentKind.FOLLOW_UP;
    if (!input.questions.length || input.questions.length > MAX_QUESTIONS) {
      throw badInput('questions', `give 1 to ${MAX_QUESTIONS} questions`);
    }
    const questions = input.questions.map((q, i) => {
      const field = `questions[${i}]`;
      const options = q.options.map((o, k) => text(o, `${field}.options[${k}]`, 500));
      if (options.length < 2 || options.length > MAX_OPTIONS)
        throw badInput(`${field}.options`, `give 2 to ${MAX_OPTIONS} options`);
      if (new Set(options).size !== options.length) throw badInput(`${field}.options`, 'options must differ');
      const correct = [...new Set(q.correct)].sort((a, b) => a - b);
      if (correct.length !== q.correct.length) throw badInput(`${field}.correct`, 'an option is marked correct twice');
      if (correct.some((c) => !Number.isInteger(c) || c < 0 || c >= options.length)) {
        throw badInput(`${field}.correct`, `correct options are indexes 0..${options.length - 1}`);
      }
      if (scored && !correct.length) throw badInput(`${field}.correct`, 'mark at least one correct option');
      if (!Number.isInteger(q.points) || q.points < 0 || q.points > MAX_POINTS) {
        throw badInput(`${field}.points`, `points are a whole number from 0 to ${MAX_POINTS}`);
      }
      return { position: i + 1, prompt: text(q.prompt, `${field}.prompt`, 2000), options, correct, points: q.points };
    });
    if (scored && !questions.some((q) => q.points > 0))
      throw badInput('questions', 'at least one question must carry points');

    return this.db.transaction(async (tx) => {
      const assessment = await tx.save(
        tx.create(AssessmentEntity, { moduleId: module.id, kind: input.kind, title, createdById: actor.id }),
      );
      assessment.questions = await tx.save(
        questions.map((q) => tx.create(QuestionEntity, { ...q, assessmentId: assessment.id })),
      );
      return assessment;
    });
  }

  // ---- delivery ----

  /** The newest assessment of the module and kind, with its questions in order; null when there is none. */
  async newestFor(moduleCode: string, kind: AssessmentKind): Promise<AssessmentEntity | null> {
    const [module] = await this.catalogue.requireModules([moduleCode.slice(0, 40)], 'moduleCode');
    const assessment = await this.db.getRepository(AssessmentEntity).findOne({
      where: { moduleId: module.id, kind },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return assessment ? this.withQuestions(assessment) : null;
  }

  async findById(id: string): Promise<AssessmentEntity | null> {
    if (!isUuid(id)) return null;
    const assessment = await this.db.getRepository(AssessmentEntity).findOneBy({ id });
    return assessment ? this.withQuestions(assessment) : null;
  }

  /** Assessments with their questions, in the order of `ids` (null where none): two queries for any number. */
  async assessmentsByIds(ids: readonly string[]): Promise<(AssessmentEntity | null)[]> {
    const wanted = ids.filter(isUuid);
    if (!wanted.length) return ids.map(() => null);
    const assessments = await this.db.getRepository(AssessmentEntity).findBy({ id: In(wanted) });
    const questions = await this.db
      .getRepository(QuestionEntity)
      .find({ where: { assessmentId: In(wanted) }, order: { position: 'ASC' } });
    for (const a of assessments) a.questions = questions.filter((q) => q.assessmentId === a.id);
    return ids.map((id) => assessments.find((a) => a.id === id) ?? null);
  }

  private async withQuestions(assessment: AssessmentEntity): Promise<AssessmentEntity> {
    assessment.questions = await this.db
      .getRepository(QuestionEntity)
      .find({ where: { assessmentId: assessment.id }, order: { position: 'ASC' } });
    return assessment;
  }

  // ---- submission ----

  async submit(
    assessmentId: string,
    sessionId: string | null,
    answers: AnswerInput[],
    actor: User,
  ): Promise<AssessmentAttemptEntity> {
    const assessment = await this.findById(assessmentId);
    if (!assessment) throw notFound('Assessment', String(assessmentId).slice(0, 60));
    if (assessment.kind === AssessmentKind.FOLLOW_UP) {
      throw badInput('assessmentId', 'a follow-up survey is answered with submitFollowUp');
    }
    if (!mayTakeAssessment(actor, await this.moduleTrainers.idsOf(assessment.moduleId))) {
      throw conflict('MODULE_AUTHOR', 'You may read the answers of this assessment: its authors do not take it');
    }
    const scored = this.score(assessment, answers);
    const [module] = await this.catalogue.modulesByIds([assessment.moduleId]);
    if (assessment.kind === AssessmentKind.PRE) return this.submitPre(assessment, module, sessionId, scored, actor);
    return this.submitPost(assessment, module, sessionId, scored, actor);
  }

  private score(assessment: AssessmentEntity, answers: AnswerInput[]) {
    try {
      return scoreAnswers(assessment.questions ?? [], answers);
    } catch (err) {
      if (err instanceof AnswerError) throw badInput('answers', err.message, { answerIndex: err.index });
      throw err;
    }
  }

  /** Once per delegate and module, before the post-course assessment; a session, if named, must cover the module. */
  private async submitPre(
    assessment: AssessmentEntity,
    module: ThematicModule,
    sessionId: string | null,
    scored: { score: number; answers: Answer[] },
    actor: User,
  ): Promise<AssessmentAttemptEntity> {
    if (sessionId !== null) await this.requireSessionOfModule(sessionId, module);
    try {
      return await this.db.transaction(async (tx) => {
        const attempt = await this.insertAttempt(tx, assessment, module, sessionId, 1, scored, actor);
        await this.cells.refreshDelegateModule(tx, actor.id, module.id);
        return attempt;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'UQ_attempt_pre')) {
        throw conflict('ALREADY_SUBMITTED', `The pre-course assessment of ${module.code} is taken once`);
      }
      throw err;
    }
  }

  /**
   * Needs the pre-course assessment of the module and an attendance of the session; at most three attempts. Under the
   * session's lock, so attendance cannot change meanwhile and two attempts at once cannot both be the third.
   */
  private async submitPost(
    assessment: AssessmentEntity,
    module: ThematicModule,
    sessionId: string | null,
    scored: { score: number; answers: Answer[] },
    actor: User,
  ): Promise<AssessmentAttemptEntity> {
    if (sessionId === null) throw badInput('sessionId', 'name the session this post-course assessment is for');
    const session = await this.requireSessionOfModule(sessionId, module);
    const pre = await this.db.getRepository(AssessmentAttemptEntity).exists({
      where: { delegateId: actor.id, moduleId: module.id, kind: AssessmentKind.PRE },
    });
    if (!pre) throw conflict('PRE_ASSESSMENT_MISSING', `Take the pre-course assessment of ${module.code} first`);
    return this.db.transaction(async (tx) => {
      const { enrolment } = await this.enrolments.lockForAssessment(tx, session.id, actor.id);
      if (!enrolment || !ATTENDED.includes(enrolment.status)) {
        throw conflict('NOT_ATTENDED', 'The post-course assessment is for delegates marked present in this session');
      }
      const [{ count }] = await tx.query(
        `SELECT count(*)::int AS count FROM assessment_attempt
          WHERE delegate_id = $1 AND session_id = $2 AND module_id = $3 AND kind = 'POST'`,
        [actor.id, session.id, module.id],
      );
      if (count >= MAX_POST_ATTEMPTS) {
        throw conflict('ATTEMPTS_EXHAUSTED', `At most ${MAX_POST_ATTEMPTS} attempts per session; the best one counts`);
      }
      const attempt = await this.insertAttempt(tx, assessment, module, session.id, count + 1, scored, actor);
      if (enrolment.status === EnrolmentStatus.ATTENDED && (await this.passedEveryModule(tx, enrolment))) {
        await this.enrolments.complete(tx, enrolment, actor);
      }
      await this.cells.refresh(tx, [enrolment]);
      return attempt;
    });
  }

  private insertAttempt(
    tx: EntityManager,
    assessment: AssessmentEntity,
    module: ThematicModule,
    sessionId: string | null,
    attemptNumber: number,
    scored: { score: number; answers: Answer[] },
    actor: User,
  ): Promise<AssessmentAttemptEntity> {
    return tx.save(
      tx.create(AssessmentAttemptEntity, {
        assessmentId: assessment.id,
        delegateId: actor.id,
        moduleId: module.id,
        kind: assessment.kind,
        sessionId,
        attemptNumber,
        score: scored.score,
        passed: scored.score >= module.passMark,
        answers: scored.answers,
      }),
    );
  }

  /** The best post-course score of every module of the session reaches that module's pass mark. */
  private async passedEveryModule(tx: EntityManager, enrolment: EnrolmentEntity): Promise<boolean> {
    const rows: { passed: boolean }[] = await tx.query(
      `SELECT coalesce(max(a.score) >= m.pass_mark, false) AS passed
         FROM session_module sm
         JOIN thematic_module m ON m.id = sm.module_id
         LEFT JOIN assessment_attempt a
                ON a.module_id = sm.module_id AND a.session_id = sm.session_id AND a.delegate_id = $2 AND a.kind = 'POST'
        WHERE sm.session_id = $1
        GROUP BY m.id, m.pass_mark`,
      [enrolment.sessionId, enrolment.delegateId],
    );
    return rows.length > 0 && rows.every((r) => r.passed);
  }

  private async requireSessionOfModule(sessionId: string, module: ThematicModule) {
    const session = isUuid(sessionId) ? await this.sessions.findById(sessionId) : null;
    if (!session) throw badInput('sessionId', 'unknown session');
    const [modules] = await this.sessions.modulesOf([session.id]);
    if (!modules.some((m) => m.id === module.id)) {
      throw badInput('sessionId', `this session does not cover the module ${module.code}`);
    }
    return session;
  }

  /** A delegate's own attempts, newest first (optionally of one session). */
  attemptsOf(delegateId: string, sessionId: string | null): Promise<AssessmentAttemptEntity[]> {
    if (sessionId !== null && !isUuid(sessionId)) return Promise.resolve([]);
    return this.db.getRepository(AssessmentAttemptEntity).find({
      where: { delegateId, ...(sessionId ? { sessionId } : {}) },
      order: { submittedAt: 'DESC', id: 'DESC' },
      take: 500,
    });
  }

  /** Which of the session's modules the delegate has not yet submitted a post-course attempt for. */
  async modulesWithoutPost(enrolment: EnrolmentEntity): Promise<ThematicModule[]> {
    const [modules] = await this.sessions.modulesOf([enrolment.sessionId]);
    const rows: { module_id: string }[] = await this.db.query(
      `SELECT DISTINCT module_id FROM assessment_attempt WHERE delegate_id = $1 AND session_id = $2 AND kind = 'POST'`,
      [enrolment.delegateId, enrolment.sessionId],
    );
    const done = new Set(rows.map((r) => r.module_id));
    return modules.filter((m) => !done.has(m.id));
  }

  // ---- follow-up ----

  /** The follow-up survey of an attended session, once the session is completed; one answer per attendance. */
  async submitFollowUp(input: FollowUpInput, actor: User): Promise<FollowUpResponseEntity> {
    const session = isUuid(input.sessionId) ? await this.sessions.findById(input.sessionId) : null;
    if (!session) throw badInput('sessionId', 'unknown session');
    if (session.status !== SessionStatus.COMPLETED) {
      throw conflict('SESSION_NOT_COMPLETED', 'The follow-up survey opens once the session is completed');
    }
    const uses = [...new Set(input.uses ?? [])];
    if (input.applied && !uses.length) throw badInput('uses', 'say what the guidance was applied to');
    if (!input.applied && uses.length) throw badInput('uses', 'give uses only when the guidance was applied');
    if (uses.some((u) => !Object.values(GuidanceUse).includes(u))) throw badInput('uses', 'unknown use');
    const comment = input.comment?.trim() ? input.comment.trim().slice(0, 4000) : null;
    let survey: { assessmentId: string | null; answers: Answer[] | null } = { assessmentId: null, answers: null };
    if (input.assessmentId) survey = await this.followUpAnswers(input.assessmentId, session.id, input.answers ?? []);
    else if (input.answers?.length)
      throw badInput('assessmentId', 'name the follow-up questionnaire the answers are for');

    try {
      return await this.db.transaction(async (tx) => {
        const { enrolment } = await this.enrolments.lockForAssessment(tx, session.id, actor.id);
        if (!enrolment || !ATTENDED.includes(enrolment.status)) {
          throw conflict('NOT_ATTENDED', 'The follow-up survey is for delegates who attended this session');
        }
        const response = await tx.save(
          tx.create(FollowUpResponseEntity, {
            enrolmentId: enrolment.id,
            delegateId: actor.id,
            sessionId: session.id,
            applied: input.applied,
            uses,
            comment,
            ...survey,
          }),
        );
        await this.cells.refresh(tx, [enrolment]);
        return response;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'UQ_follow_up_enrolment')) {
        throw conflict('ALREADY_SUBMITTED', 'The follow-up survey of this session is answered once');
      }
      throw err;
    }
  }

  private async followUpAnswers(assessmentId: string, sessionId: string, answers: AnswerInput[]) {
    const assessment = await this.findById(assessmentId);
    if (!assessment || assessment.kind !== AssessmentKind.FOLLOW_UP) {
      throw badInput('assessmentId', 'not a follow-up questionnaire');
    }
    const [modules] = await this.sessions.modulesOf([sessionId]);
    if (!modules.some((m) => m.id === assessment.moduleId)) {
      throw badInput('assessmentId', 'this questionnaire is not for a module of the session');
    }
    return { assessmentId: assessment.id, answers: this.score(assessment, answers).answers };
  }

  async followUpOf(enrolmentId: string): Promise<FollowUpResponseEntity | null> {
    return this.db.getRepository(FollowUpResponseEntity).findOneBy({ enrolmentId });
  }
}
