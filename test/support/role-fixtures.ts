import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import { JobQueues, QueueName } from '@lib/queue';
import { AssessmentKind } from '../../src/assessments/assessment.enums';
import { AssessmentsService } from '../../src/assessments/assessments.service';
import type { AnswerInput } from '../../src/assessments/dto/assessment.inputs';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import { UsersService } from '../../src/auth/users.service';
import { ModuleTrainersService } from '../../src/module-trainers/module-trainers.service';
import { Language, UnRegion } from '../../src/catalogue/catalogue.enums';
import { RegionalCentre } from '../../src/catalogue/regional-centre.entity';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { EnrolmentsService } from '../../src/enrolments/enrolments.service';
import { MaterialsService } from '../../src/materials/materials.service';
import type { WebinarInput, WorkshopInput } from '../../src/sessions/dto/session.inputs';
import { SessionSchedulingService } from '../../src/sessions/session-scheduling.service';
import { startNow } from './enrolment-fixtures';
import type { TestApp } from './test-app';

/**
 * Assigns a trainer to a module as the Secretariat does with assignTrainer: the only way a trainer comes to author a
 * module's assessments and materials (scheduling or running a session of it gives nothing).
 */
export async function assignTrainer(t: TestApp, moduleCode: string, userId: string): Promise<void> {
  const [secretariat] = await t.app.get(UsersService).withRole(Role.SECRETARIAT);
  await t.app.get(ModuleTrainersService).assign(moduleCode, userId, secretariat);
}

/** An account straight into the table, with a token and without a password anyone could use. */
async function quickAccount(
  t: TestApp,
  roles: Role[],
  extra: { partyCode?: string; regionalCentreId?: string },
): Promise<Account> {
  const repo = t.db.getRepository(User);
  const user = await repo.save(
    repo.create({
      email: `matrix.${roles.join('-').toLowerCase()}.${randomBytes(4).toString('hex')}@test.example.org`,
      passwordHash: 'not-a-hash',
      fullName: `Matrix ${roles.join('+')}`,
      roles,
      partyCode: extra.partyCode ?? null,
      regionalCentreId: extra.regionalCentreId ?? null,
      timeZone: AFRICA_TIME_ZONE,
      tokenVersion: 0,
    }),
  );
  return { user, token: await t.app.get(AuthService).issueToken(user) };
}

/** The callers of the authorisation matrix: nobody, and one account per role. */
export const ACTORS = ['anonymous', 'DELEGATE', 'FOCAL_POINT', 'TRAINER', 'REGIONAL_CENTRE', 'SECRETARIAT'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * Whose objects a call is about. The world is built so that one side is "own" for every actor at once: the
 * delegate's own enrolment, in a session of their Party's region that the trainer runs and the regional centre
 * hosts, seen by that Party's focal point. The other side belongs to another Party, trainer and centre.
 */
export type Side = 'own' | 'other';

export interface Account {
  user: User;
  token: string;
}

export interface SideObjects {
  partyCode: string;
  moduleCode: string;
  centreId: string;
  delegate: Account;
  trainer: Account;
  /** An upcoming webinar of the module run by the trainer, where the delegate holds a seat. */
  webinar: string;
  /** An upcoming workshop of the module run by the trainer and hosted by the centre. */
  workshop: string;
  /** The delegate's CONFIRMED enrolment in the workshop. */
  enrolment: string;
  /** A completed webinar run by the trainer, where the delegate completed and was certified. */
  completedWebinar: string;
  certificate: { id: string; code: string };
  /** A DRAFT material by the trainer. */
  draftMaterial: string;
  postAssessment: { id: string; answers: AnswerInput[] };
}

const PASSWORD = 'correct horse battery';
const DAY = 24 * 3600 * 1000;
const AFRICA_TIME_ZONE = 'Africa/Dakar';

/** The objects of both sides and a token per actor, with factories for the fresh objects state-changing calls need. */
export class RoleWorld {
  private n = 0;
  private reminderWorker?: Worker;

  private constructor(
    readonly t: TestApp,
    readonly tokens: Record<Exclude<Actor, 'anonymous'>, string>,
    readonly secretariat: Account,
    readonly sides: Record<Side, SideObjects>,
  ) {}

  /**
   * `together`: roles held by ONE account, which then plays each of them on the own side at once (the delegate of
   * the own enrolment is also, say, the trainer of the own sessions); its token is those roles' token. The world is
   * still built by a Secretariat account of its own, so the own delegate's enrolments stay nominated by someone else.
   * `ownParty`: an African Party of the own side's own (worlds on one platform then share no Party-wide list).
   */
  static async build(t: TestApp, together: readonly Role[] = [], ownParty = 'SEN'): Promise<RoleWorld> {
    const centres = await t.db.getRepository(RegionalCentre).find();
    const centre = (city: string) => centres.find((c) => c.city === city)!.id;
    // Worlds for role combinations skip the password hash: nobody logs in with their accounts (login is the same
    // for every role, so it is not among the rows they run), and a hash costs a second of CPU each.
    const account = together.length ? (roles: Role[], extra = {}) => quickAccount(t, roles, extra) : t.user.bind(t);
    const secretariat = await account([Role.SECRETARIAT]);
    const combined = together.length
      ? await account([...together], {
          partyCode: ownParty,
          regionalCentreId: together.includes(Role.REGIONAL_CENTRE) ? centre('Dakar') : undefined,
        })
      : null;
    const one = (role: Role, make: () => Promise<Account>) => (combined && together.includes(role) ? combined : make());
    const [delegateA, delegateB, focalA, trainerA, trainerB, centreStaffA, staff] = await Promise.all([
      one(Role.DELEGATE, () => account([Role.DELEGATE], { partyCode: ownParty })),
      account([Role.DELEGATE], { partyCode: 'GHA' }),
      one(Role.FOCAL_POINT, () => account([Role.FOCAL_POINT], { partyCode: ownParty })),
      one(Role.TRAINER, () => account([Role.TRAINER])),
      account([Role.TRAINER]),
      one(Role.REGIONAL_CENTRE, () => account([Role.REGIONAL_CENTRE], { regionalCentreId: centre('Dakar') })),
      one(Role.SECRETARIAT, async () => secretariat),
    ]);
    const shell = new RoleWorld(
      t,
      {
        DELEGATE: delegateA.token,
        FOCAL_POINT: focalA.token,
        TRAINER: trainerA.token,
        REGIONAL_CENTRE: centreStaffA.token,
        SECRETARIAT: staff.token,
      },
      secretariat,
      {} as Record<Side, SideObjects>,
    );
    // Each side's trainer is assigned to the side's module by the Secretariat, and to nothing else.
    await assignTrainer(t, 'NIP', trainerA.user.id);
    await assignTrainer(t, 'REPORTING', trainerB.user.id);
    const base = {
      own: {
        partyCode: ownParty,
        moduleCode: 'NIP',
        centreId: centre('Dakar'),
        delegate: delegateA,
        trainer: trainerA,
      },
      other: {
        partyCode: 'GHA',
        moduleCode: 'REPORTING',
        centreId: centre('Pretoria'),
        delegate: delegateB,
        trainer: trainerB,
      },
    };
    for (const side of ['own', 'other'] as const) {
      shell.sides[side] = base[side] as SideObjects; // the factories below read the base fields
      const s = shell.sides[side];
      s.webinar = await shell.webinar(side);
      await shell.enrol(side, s.webinar);
      s.workshop = await shell.workshop(side);
      s.enrolment = await shell.enrol(side, s.workshop);
      const certified = await shell.certificate(side);
      s.completedWebinar = certified.sessionId;
      s.certificate = { id: certified.id, code: certified.code };
      s.draftMaterial = await shell.material(side, false);
      s.postAssessment = await shell.newest(s.moduleCode, AssessmentKind.POST);
    }
    // Pre-course attempts: the own delegate's within the own webinar (and one of the other module, so that a
    // post-course attempt in the other side's session is refused for not attending, not for a missing pre-course).
    // A delegate who may read a module's answers (also its trainer, or the Secretariat) takes none of its assessments.
    const assessments = t.app.get(AssessmentsService);
    const take = (a: { id: string; answers: AnswerInput[] }, sessionId: string | null, who: User) =>
      assessments.submit(a.id, sessionId, a.answers, who).catch((err) => {
        if (err?.details?.reason !== 'MODULE_AUTHOR') throw err;
      });
    const preOwn = await shell.newest('NIP', AssessmentKind.PRE);
    const preOther = await shell.newest('REPORTING', AssessmentKind.PRE);
    await take(preOwn, shell.sides.own.webinar, delegateA.user);
    await take(preOther, null, delegateA.user);
    await take(preOther, shell.sides.other.webinar, delegateB.user);
    return shell;
  }

  async close(): Promise<void> {
    await this.reminderWorker?.close();
  }

  private tag(): string {
    return `${++this.n}-${randomBytes(3).toString('hex')}`;
  }

  // ---- sessions and enrolments, through the platform's services ----

  /** An upcoming webinar of the side's module, run by the side's trainer. */
  async webinar(side: Side): Promise<string> {
    const s = this.sides[side];
    const startsAt = new Date(Date.now() + 10 * DAY);
    const input = {
      moduleCode: s.moduleCode,
      title: `Matrix webinar ${this.tag()}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
      timeZone: 'Europe/Zurich',
      capacity: 20,
      joinUrl: 'https://webinars.example.org/matrix',
      trainerIds: [s.trainer.user.id],
    } as WebinarInput;
    return (await this.t.app.get(SessionSchedulingService).scheduleWebinar(input, this.secretariat.user)).id;
  }

  /** An upcoming workshop of the side's module in Africa, hosted by the side's centre and run by its trainer. */
  async workshop(side: Side): Promise<string> {
    const s = this.sides[side];
    const startsAt = new Date(Date.now() + 20 * DAY);
    const input = {
      moduleCodes: [s.moduleCode],
      title: `Matrix workshop ${this.tag()}`,
      region: UnRegion.AFRICA,
      hostCentreId: s.centreId,
      venue: 'Conference centre',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * DAY),
      timeZone: AFRICA_TIME_ZONE,
      capacity: 20,
      plannedCostUsd: 1000,
      trainerIds: [s.trainer.user.id],
    } as WorkshopInput;
    return (await this.t.app.get(SessionSchedulingService).createWorkshop(input, this.secretariat.user)).id;
  }

  /**
   * Enrols the side's delegate: named by the Secretariat (CONFIRMED, also in a workshop), or by themselves (in a
   * workshop: PENDING_ENDORSEMENT). Returns the enrolment id.
   */
  async enrol(side: Side, sessionId: string, by: 'secretariat' | 'delegate' = 'secretariat'): Promise<string> {
    const delegate = this.sides[side].delegate.user;
    const enrolments = this.t.app.get(EnrolmentsService);
    const e =
      by === 'delegate'
        ? await enrolments.enrol(sessionId, delegate)
        : await enrolments.enrol(sessionId, this.secretariat.user, delegate.id);
    return e.id;
  }

  /** Moves the session's start an hour into the past (attendance and completion need a started session). */
  start(sessionId: string): Promise<void> {
    return startNow(this.t.db, sessionId);
  }

  /** Sets a seat-holding enrolment to another seat-holding status (ATTENDED, COMPLETED): no seat count changes. */
  async setStatus(enrolmentId: string, status: 'ATTENDED' | 'COMPLETED'): Promise<void> {
    await this.t.db.query(`UPDATE enrolment SET status = $2, status_changed_at = now() WHERE id = $1`, [
      enrolmentId,
      status,
    ]);
  }

  async completeSession(sessionId: string): Promise<void> {
    await this.t.db.query(`UPDATE training_session SET status = 'COMPLETED' WHERE id = $1`, [sessionId]);
  }

  /** A started webinar of the side where its delegate is marked ATTENDED. */
  async attendedWebinar(side: Side): Promise<{ sessionId: string; enrolmentId: string }> {
    const sessionId = await this.webinar(side);
    const enrolmentId = await this.enrol(side, sessionId);
    await this.start(sessionId);
    await this.setStatus(enrolmentId, 'ATTENDED');
    return { sessionId, enrolmentId };
  }

  /** A fresh certificate of the side's delegate, issued by the platform for a completed webinar of the side. */
  async certificate(side: Side): Promise<{ id: string; code: string; sessionId: string }> {
    const { sessionId, enrolmentId } = await this.attendedWebinar(side);
    await this.setStatus(enrolmentId, 'COMPLETED');
    await this.completeSession(sessionId);
    const outcome = await this.t.app.get(CertificatesService).issue(enrolmentId);
    if (outcome !== 'ISSUED') throw new Error(`certificate not issued: ${outcome}`);
    const [row] = await this.t.db.query(`SELECT id, code FROM certificate WHERE enrolment_id = $1`, [enrolmentId]);
    return { id: row.id, code: row.code, sessionId };
  }

  // ---- materials, assessments, accounts ----

  /** A material of the side's module by the side's trainer: a DRAFT, or published. */
  async material(side: Side, published: boolean): Promise<string> {
    const s = this.sides[side];
    const materials = this.t.app.get(MaterialsService);
    const m = await materials.create(
      {
        moduleCode: s.moduleCode,
        title: `Matrix material ${this.tag()}`,
        language: Language.EN,
        url: 'https://materials.example.org/m.pdf',
      },
      s.trainer.user,
    );
    if (published) await materials.publish(m.id, s.trainer.user);
    return m.id;
  }

  /** The module's newest assessment of a kind, with answers that score 100. */
  async newest(moduleCode: string, kind: AssessmentKind): Promise<{ id: string; answers: AnswerInput[] }> {
    const a = await this.t.app.get(AssessmentsService).newestFor(moduleCode, kind);
    if (!a) throw new Error(`no ${kind} assessment of ${moduleCode}`);
    return { id: a.id, answers: a.questions!.map((q) => ({ questionId: q.id, selected: q.correct })) };
  }

  /** A delegate account of the side's Party, straight into the table (nobody logs in with it). */
  async delegateAccount(side: Side): Promise<string> {
    const repo = this.t.db.getRepository(User);
    const user = await repo.save(
      repo.create({
        email: `matrix.${this.tag()}@test.example.org`,
        passwordHash: 'not-a-hash',
        fullName: 'Matrix delegate',
        roles: [Role.DELEGATE],
        partyCode: this.sides[side].partyCode,
        timeZone: AFRICA_TIME_ZONE,
      }),
    );
    return user.id;
  }

  /** A TRAINER account, assigned to nothing, straight into the table. */
  async trainerAccount(): Promise<string> {
    const repo = this.t.db.getRepository(User);
    const user = await repo.save(
      repo.create({
        email: `matrix.trainer.${this.tag()}@test.example.org`,
        passwordHash: 'not-a-hash',
        fullName: 'Matrix trainer',
        roles: [Role.TRAINER],
        timeZone: 'UTC',
      }),
    );
    return user.id;
  }

  /** A fresh address for an account that calls register or createUser. */
  email(): string {
    return `matrix.new.${this.tag()}@test.example.org`;
  }

  get password(): string {
    return PASSWORD;
  }

  /**
   * A FAILED e-mail whose job really failed in its queue, so that retryMailDelivery can put it back: a reminder job
   * added, taken by hand (no worker runs in the API-only test process) and failed.
   */
  async failedDelivery(): Promise<string> {
    const queues = this.t.app.get(JobQueues);
    const key = `matrix.${this.tag()}`;
    const worker = (this.reminderWorker ??= new Worker(QueueName.REMINDERS, null, {
      connection: { url: this.t.config.redisUrl },
      prefix: this.t.config.redisPrefix,
      autorun: false,
    }));
    await queues.queue(QueueName.REMINDERS).add('SendReminderJob', {}, { jobId: key, attempts: 1 });
    const token = `matrix-${key}`;
    // Jobs the Secretariat put back with retryMailDelivery in earlier calls (of this world or another on the same
    // platform) wait before this one: they are failed again on the way.
    for (let taken = 0; ; taken++) {
      const job = await worker.getNextJob(token, { block: false });
      if (!job || taken > 50) throw new Error(`expected the job ${key} from the reminders queue, got ${job?.id}`);
      await job.moveToFailed(new Error('refused by the test'), token, false);
      if (job.id === key) break;
    }
    const [row] = await this.t.db.query(
      `INSERT INTO mail_delivery (key, queue, kind, recipient_email, message_id, subject, status, attempts, last_error)
       VALUES ($1, $2, 'SESSION_REMINDER', 'someone@test.example.org', $3, 'Reminder', 'FAILED', 1, '550 refused')
       RETURNING id`,
      [key, QueueName.REMINDERS, `<${key}@test.example.org>`],
    );
    return row.id;
  }
}
