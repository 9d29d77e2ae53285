import { Injectable } from '@nestjs/common';
import { forbidden } from '@lib/common';
import { mayManageSession, mayRunSession } from '../auth/policies';
import type { User } from '../auth/user.entity';
import type { TrainingSessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';

/** Who may run or change a session: the rules of auth/policies.ts, with the trainer links looked up here. */
@Injectable()
export class SessionAccessService {
  constructor(private readonly sessions: SessionsService) {}

  /**
   * Those who run a session: its trainers, the staff of its host regional centre, and the Secretariat. They see
   * its enrolments, record attendance and complete it.
   */
  mayRun(actor: User, session: TrainingSessionEntity): Promise<boolean> {
    return mayRunSession(actor, session, () => this.sessions.isTrainerOf(actor.id, session.id));
  }

  async requireRunner(id: string, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.sessions.requireSession(id);
    if (!(await this.mayRun(actor, session))) {
      throw forbidden("Only the session's trainers, its host regional centre and the Secretariat may do this");
    }
    return session;
  }

  /** The Secretariat manages every session; a trainer manages the webinars they run. */
  async requireManageable(id: string, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.sessions.requireSession(id);
    if (await mayManageSession(actor, session, () => this.sessions.isTrainerOf(actor.id, session.id))) return session;
    throw forbidden('Only the Secretariat, or a trainer of this webinar, may change it');
  }
}
