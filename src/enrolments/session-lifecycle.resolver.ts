import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { SingleLinePipe } from '../graphql/single-line';
import { TrainingSession } from '../sessions/models/training-session.model';
import { Enrolment } from './models/enrolment.model';
import { SessionLifecycleService } from './session-lifecycle.service';

/** Mutations on a session that reach its enrolments (they live here so sessions need not know enrolments). */
@Resolver(() => TrainingSession)
export class SessionLifecycleResolver {
  constructor(private readonly lifecycle: SessionLifecycleService) {}

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Mutation(() => TrainingSession, {
    description: 'SECRETARIAT, or a TRAINER of the webinar; enrolled delegates are told',
  })
  rescheduleSession(
    @Args('id', { type: () => ID }) id: string,
    @Args('startsAt') startsAt: Date,
    @Args('endsAt') endsAt: Date,
    @CurrentUser() actor: User,
  ) {
    return this.lifecycle.reschedule(id, startsAt, endsAt, actor);
  }

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Mutation(() => TrainingSession, {
    description: 'Never below the seats taken; raising it promotes the head of the waitlist into the new seats',
  })
  setCapacity(
    @Args('id', { type: () => ID }) id: string,
    @Args('capacity', { type: () => Int }) capacity: number,
    @CurrentUser() actor: User,
  ) {
    return this.lifecycle.setCapacity(id, capacity, actor);
  }

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Mutation(() => TrainingSession, { description: 'Cancels the session and all its open enrolments' })
  cancelSession(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', SingleLinePipe) reason: string,
    @CurrentUser() actor: User,
  ) {
    return this.lifecycle.cancel(id, reason, actor);
  }

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Mutation(() => [Enrolment], {
    description:
      "ATTENDED (attended: true) or NO_SHOW: the session's trainers, its host regional centre, the Secretariat",
  })
  recordAttendance(
    @Args('sessionId', { type: () => ID }) sessionId: string,
    @Args('delegateIds', { type: () => [ID] }) delegateIds: string[],
    @Args('attended') attended: boolean,
    @CurrentUser() actor: User,
  ) {
    return this.lifecycle.recordAttendance(sessionId, delegateIds, attended, actor);
  }

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Mutation(() => TrainingSession, {
    description: 'Closes a started session; delegates not marked present become NO_SHOW',
  })
  completeSession(@Args('id', { type: () => ID }) id: string, @CurrentUser() actor: User) {
    return this.lifecycle.complete(id, actor);
  }
}
