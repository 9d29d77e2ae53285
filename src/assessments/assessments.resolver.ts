import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { maySeeAnswerKey } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { Authenticated, Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { loadModule } from '../catalogue/catalogue.loaders';
import { loadModuleTrainerIds } from '../module-trainers/module-trainer.loaders';
import { ModuleTrainersService } from '../module-trainers/module-trainers.service';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import type { GqlContext } from '../graphql/context';
import { AssessmentKind } from './assessment.enums';
import type { AssessmentAttemptEntity, AssessmentEntity, QuestionEntity } from './assessment.entity';
import { AssessmentsService } from './assessments.service';
import { AnswerInput, AssessmentInput, FollowUpInput } from './dto/assessment.inputs';
import { Assessment, AssessmentAttempt, FollowUpResponse, Question } from './models/assessment.model';
import { isMultiple } from './scoring';

@Resolver(() => Assessment)
export class AssessmentsResolver {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Authenticated()
  @Query(() => Assessment, {
    nullable: true,
    description: 'The newest assessment of the module and kind, without the answers',
  })
  assessmentFor(
    @Args('moduleCode') moduleCode: string,
    @Args('kind', { type: () => AssessmentKind }) kind: AssessmentKind,
  ) {
    return this.assessments.newestFor(moduleCode, kind);
  }

  @Roles(Role.DELEGATE)
  @Query(() => [AssessmentAttempt], { description: 'Your own attempts, newest first' })
  myAssessmentAttempts(
    @Args('sessionId', { type: () => ID, nullable: true }) sessionId: string | null,
    @CurrentUser() viewer: User,
  ) {
    return this.assessments.attemptsOf(viewer.id, sessionId ?? null);
  }

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Mutation(() => Assessment, { description: 'SECRETARIAT, or a TRAINER the Secretariat assigned to the module' })
  createAssessment(@Args('input') input: AssessmentInput, @CurrentUser() actor: User) {
    return this.assessments.create(input, actor);
  }

  @Roles(Role.DELEGATE)
  @Mutation(() => AssessmentAttempt, {
    description:
      'Scored on the server. POST: needs the PRE of the module and attendance of the session; 3 attempts at most',
  })
  submitAssessment(
    @Args('assessmentId', { type: () => ID }) assessmentId: string,
    @Args('sessionId', { type: () => ID, nullable: true }) sessionId: string | null,
    @Args('answers', { type: () => [AnswerInput] }) answers: AnswerInput[],
    @CurrentUser() actor: User,
  ) {
    return this.assessments.submit(assessmentId, sessionId ?? null, answers, actor);
  }

  @Roles(Role.DELEGATE)
  @Mutation(() => FollowUpResponse, { description: 'The follow-up survey of a completed session you attended; once' })
  submitFollowUp(@Args('input') input: FollowUpInput, @CurrentUser() actor: User) {
    return this.assessments.submitFollowUp(input, actor);
  }

  @ResolveField(() => ThematicModule)
  module(@Parent() a: AssessmentEntity, @Context() ctx: GqlContext) {
    return loadModule(ctx, this.catalogue, a.moduleId);
  }

  @ResolveField(() => [Question])
  questions(@Parent() a: AssessmentEntity): Question[] {
    return (a.questions ?? []).map((q: QuestionEntity) => ({
      id: q.id,
      prompt: q.prompt,
      options: q.options,
      multiple: isMultiple(q),
      points: q.points,
      correct: q.correct,
      moduleId: a.moduleId,
    }));
  }
}

@Resolver(() => Question)
export class QuestionAnswersResolver {
  constructor(private readonly moduleTrainers: ModuleTrainersService) {}

  @ResolveField(() => [Int], {
    nullable: true,
    description: 'Indexes of the correct options: for the Secretariat and the trainers assigned to the module, or null',
  })
  async correct(@Parent() q: Question & { moduleId: string }, @Context() ctx: GqlContext): Promise<number[] | null> {
    // One query per request for the modules of all the questions asked for.
    const trainerIds = await loadModuleTrainerIds(ctx, this.moduleTrainers, q.moduleId);
    return maySeeAnswerKey(ctx.user, trainerIds) ? q.correct : null;
  }
}

@Resolver(() => AssessmentAttempt)
export class AssessmentAttemptResolver {
  constructor(private readonly assessments: AssessmentsService) {}

  @ResolveField(() => Assessment)
  assessment(@Parent() attempt: AssessmentAttemptEntity, @Context() ctx: GqlContext) {
    return ctx.loaders
      .get<string, AssessmentEntity | null>('assessments.byId', (ids) => this.assessments.assessmentsByIds(ids))
      .load(attempt.assessmentId);
  }
}
