import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Repository } from 'typeorm';
import { CurrentUser } from '../auth/current-user.decorator';
import { isSecretariat } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { Connection, PageArgs, paginateByTimeAndId } from '../graphql/pagination';
import { TrainingSession } from './models/training-session.model';
import { TrainingSessionEntity } from './session.entity';
import { SessionKind, SessionStatus } from './session.enums';
import { TrainingSessionConnection } from './sessions.resolver';

/**
 * The sessions a person runs, as SessionAccessService.mayRun decides one at a time (auth/policies.ts mayRunSession):
 * every session for the Secretariat; for a TRAINER the sessions they are a trainer of; for REGIONAL_CENTRE staff the
 * workshops their centre hosts. Either side applies only to holders of that role, as mayRunSession does.
 */
@Injectable()
export class SessionsToRunService {
  constructor(@InjectRepository(TrainingSessionEntity) private readonly sessions: Repository<TrainingSessionEntity>) {}

  /**
   * Not past (the default): sessions still SCHEDULED, under way or not started, and those whose end has passed but
   * that nobody completed yet (they still need their attendance and completion). Past: COMPLETED and CANCELLED.
   * Both in start order.
   */
  list(viewer: User, past: boolean, first: number, after?: string | null): Promise<Connection<TrainingSessionEntity>> {
    const qb = this.sessions.createQueryBuilder('s');
    qb.where(past ? 's.status <> :scheduled' : 's.status = :scheduled', { scheduled: SessionStatus.SCHEDULED });
    if (!isSecretariat(viewer)) {
      const sides: string[] = [];
      if (viewer.roles.includes(Role.TRAINER)) {
        sides.push('EXISTS (SELECT 1 FROM session_trainer st WHERE st.session_id = s.id AND st.user_id = :viewerId)');
      }
      if (viewer.roles.includes(Role.REGIONAL_CENTRE) && viewer.regionalCentreId) {
        sides.push('(s.kind = :workshop AND s.host_centre_id = :centreId)');
      }
      qb.andWhere(sides.length ? `(${sides.join(' OR ')})` : 'false', {
        viewerId: viewer.id,
        workshop: SessionKind.WORKSHOP,
        centreId: viewer.regionalCentreId,
      });
    }
    return paginateByTimeAndId(qb, { first, after }, { timeColumn: 's.starts_at', idColumn: 's.id' });
  }
}

@Resolver(() => TrainingSession)
export class SessionsToRunResolver {
  constructor(private readonly toRun: SessionsToRunService) {}

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Query(() => TrainingSessionConnection, {
    description:
      'The sessions the viewer runs, in start order: a TRAINER those they train, REGIONAL_CENTRE staff the workshops ' +
      'their centre hosts, the SECRETARIAT all. past: false (default) the SCHEDULED ones (not started, under way, or ' +
      'ended and not yet completed); past: true the COMPLETED and CANCELLED ones',
  })
  sessionsToRun(
    @CurrentUser() viewer: User,
    @Args('past', { type: () => Boolean, defaultValue: false }) past: boolean,
    @Args() { first, after }: PageArgs,
  ) {
    return this.toRun.list(viewer, past, first, after);
  }
}
