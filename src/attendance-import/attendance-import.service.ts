import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { badInput, isUuid } from '@lib/common';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  SessionLifecycleService,
  type MarkableEnrolment as EnrolmentRow,
} from '../enrolments/session-lifecycle.service';
import { normaliseSingleLine, singleLineProblem } from '../graphql/single-line';
import { SessionAccessService } from '../sessions/session-access.service';
import { SessionSchedulingService } from '../sessions/session-scheduling.service';
import type { TrainingSessionEntity } from '../sessions/session.types';
import { decideAttendance, type AttendanceDecision, type MarkableEnrolment } from './attendance-matching';
import { readParticipantReport, ReportError } from './participant-report';
import type { ParsedReport, ReportFormat } from './report-formats';

/** The answer of both routes (docs/API.md, Attendance import). */
export interface AttendanceImportAnswer extends AttendanceDecision {
  format: ReportFormat;
  fileName: string;
  sha256: string;
  applied: boolean;
  changed: number;
}

const FORMAT_WORDS: Record<ReportFormat, string> = { ZOOM: 'Zoom', TEAMS: 'Microsoft Teams', WEBEX: 'Webex' };

/**
 * Attendance from a webinar tool's participant report (Zoom, Microsoft Teams, Webex): a preview that writes nothing,
 * and its application in one transaction through the attendance rule of SessionLifecycleService.
 */
@Injectable()
export class AttendanceImportService {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessionAccess: SessionAccessService,
    private readonly scheduling: SessionSchedulingService,
    private readonly lifecycle: SessionLifecycleService,
  ) {}

  get maxReportBytes(): number {
    return this.config.attendanceImport.maxReportBytes;
  }

  /**
   * What the report would do: attended, below the threshold, unmatched rows, absent delegates. The caller's right and
   * the session's state are checked before the body is read (`readBody`).
   */
  async preview(
    sessionId: unknown,
    fileName: unknown,
    actor: User,
    readBody: () => Promise<Buffer>,
  ): Promise<AttendanceImportAnswer> {
    const name = checkFileName(fileName);
    const session = await this.requireImportable(sessionId, actor);
    const bytes = await readBody();
    const report = await this.read(bytes, session);
    const enrolments = await this.withDelegates(await this.lifecycle.markableEnrolments(session.id));
    const decision = this.decide(report, enrolments, session);
    this.lifecycle.requireNotSelf(actor, delegatesOf(decision));
    return { format: report.format, fileName: name, sha256: sha256(bytes), ...decision, applied: false, changed: 0 };
  }

  /**
   * The preview's decision applied in one transaction, decided again under the session's lock from its enrolments as
   * they stand: attended → ATTENDED; below the threshold and absent → NO_SHOW; history reason "imported from <file>".
   */
  async apply(
    sessionId: unknown,
    fileName: unknown,
    actor: User,
    readBody: () => Promise<Buffer>,
  ): Promise<AttendanceImportAnswer> {
    const name = checkFileName(fileName);
    const session = await this.requireImportable(sessionId, actor);
    const bytes = await readBody();
    const report = await this.read(bytes, session);
    const reason = `imported from ${name} (${FORMAT_WORDS[report.format]} participant report)`;
    const { result, changed } = await this.lifecycle.recordDecidedAttendance(
      session.id,
      actor,
      reason,
      async (tx, locked, rows) => {
        // Parsed again only if the session was rescheduled meanwhile (times without an offset, open joins).
        const current = sameSchedule(session, locked) ? report : await this.read(bytes, locked);
        const decision = this.decide(current, await this.withDelegates(rows, tx), locked);
        return {
          present: decision.attended.map((r) => r.enrolmentId),
          absent: [...decision.belowThreshold.map((r) => r.enrolmentId), ...decision.absent.map((r) => r.enrolmentId)],
          result: { format: current.format, decision },
        };
      },
    );
    return { format: result.format, fileName: name, sha256: sha256(bytes), ...result.decision, applied: true, changed };
  }

  /** The session's runners, once it has started and until it is completed: recordAttendance's refusals. */
  private async requireImportable(sessionId: unknown, actor: User): Promise<TrainingSessionEntity> {
    if (typeof sessionId !== 'string' || !isUuid(sessionId)) throw badInput('sessionId', 'give the id of a session');
    const session = await this.sessionAccess.requireRunner(sessionId, actor);
    this.scheduling.requireUnderWay(session);
    return session;
  }

  private async read(bytes: Uint8Array, session: TrainingSessionEntity): Promise<ParsedReport> {
    try {
      return await readParticipantReport(bytes, {
        timeZone: session.timeZone,
        scheduledStart: session.startsAt,
        scheduledEnd: session.endsAt,
      });
    } catch (error) {
      if (error instanceof ReportError) throw badInput('file', error.message, { line: error.line });
      throw error;
    }
  }

  private decide(report: ParsedReport, enrolments: MarkableEnrolment[], session: TrainingSessionEntity) {
    return decideAttendance(report.presences, enrolments, {
      startMs: session.startsAt.getTime(),
      endMs: session.endsAt.getTime(),
      minShare: this.config.attendanceImport.minShare,
    });
  }

  /** The enrolments with their delegates' names and e-mails (read in the transaction when there is one). */
  private async withDelegates(rows: EnrolmentRow[], tx?: EntityManager): Promise<MarkableEnrolment[]> {
    if (!rows.length) return [];
    const users = await this.users.usersByIds([...new Set(rows.map((r) => r.delegateId))], tx);
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => ({
      enrolmentId: r.id,
      delegateId: r.delegateId,
      fullName: byId.get(r.delegateId)?.fullName ?? '',
      email: byId.get(r.delegateId)?.email ?? '',
      status: r.status,
    }));
  }
}

/** The file's name as given (its last path segment), single-line, at most 200 characters. */
function checkFileName(value: unknown): string {
  if (typeof value !== 'string') throw badInput('fileName', 'give the name of the uploaded file');
  const name = normaliseSingleLine(value.split(/[\\/]/).pop() ?? '');
  const problem = singleLineProblem(name);
  if (problem) throw badInput('fileName', `fileName ${problem}`);
  if (name.length > 200) throw badInput('fileName', 'fileName must have at most 200 characters');
  return name;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const delegatesOf = (d: AttendanceDecision) =>
  [...d.attended, ...d.belowThreshold, ...d.absent].map((r) => r.delegateId);

const sameSchedule = (a: TrainingSessionEntity, b: TrainingSessionEntity) =>
  a.timeZone === b.timeZone &&
  a.startsAt.getTime() === b.startsAt.getTime() &&
  a.endsAt.getTime() === b.endsAt.getTime();
