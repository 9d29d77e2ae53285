import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, isUuid, notFound } from '@lib/common';
import { renderCertificatePdf, type CertificateDocument, type VerificationView } from '@lib/documents';
import { MailKind } from '@lib/mailer';
import { JobName, JobQueues, mailKey, OutboxEventType } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { maySeeSessionCertificates } from '../auth/policies';
import { recipientOf } from '../auth/recipient';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { CatalogueService } from '../catalogue/catalogue.service';
import { EnrolmentQueriesService } from '../enrolments/enrolment-queries.service';
import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';
import { OutboxService } from '../outbox/outbox.service';
import { OutcomeCellsService } from '../outcomes/outcome-cells.service';
import { SessionsService } from '../sessions/sessions.service';
import { CertificateEntity } from './certificate.entity';
import { Clock } from '../clock/clock';

/** 24 random bytes: 192 bits, 32 base64url characters. */
const CODE_BYTES = 24;
export const CODE_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export type IssueOutcome = 'ISSUED' | 'ALREADY_ISSUED' | 'NOT_COMPLETED' | 'REVOKED';

/**
 * Certificates of completion: issued by the certificate job (once per delegate and session, however often it
 * runs), verified by anyone who has the code, revoked by the Secretariat with a reason.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly enrolments: EnrolmentQueriesService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly cells: OutcomeCellsService,
    private readonly queues: JobQueues,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  pdfUrl(code: string): string {
    return `${this.config.publicUrl}/certificates/${code}.pdf`;
  }

  verifyUrl(code: string): string {
    return `${this.config.publicUrl}/verify/${code}`;
  }

  /**
   * Makes the certificate of a completed enrolment if there is none (the unique index decides between concurrent
   * runs), then queues its e-mail under a key of its own, so a repeated run sends nothing twice.
   */
  async issue(enrolmentId: string): Promise<IssueOutcome> {
    const enrolment = await this.enrolments.findById(enrolmentId);
    if (!enrolment || enrolment.status !== EnrolmentStatus.COMPLETED) return 'NOT_COMPLETED';
    const [delegate] = await this.users.usersByIds([enrolment.delegateId]);
    if (!delegate) return 'NOT_COMPLETED';
    let outcome: IssueOutcome = 'ALREADY_ISSUED';
    let certificate = await this.db.getRepository(CertificateEntity).findOneBy({ enrolmentId });
    if (!certificate) {
      const party = await this.catalogue.findParty(enrolment.partyCode);
      const session = await this.sessions.snapshot(this.db.manager, enrolment.sessionId);
      const code = randomBytes(CODE_BYTES).toString('base64url');
      const issuedAt = this.clock.now();
      const document: CertificateDocument = {
        code,
        holderName: delegate.fullName,
        party: { code: enrolment.partyCode, name: party?.name ?? enrolment.partyCode },
        language: delegate.language,
        session: {
          kind: session.kind,
          title: session.title,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          timeZone: session.timeZone,
          venue: session.venue,
          hostCentre: session.hostCentre,
          region: session.region,
        },
        modules: session.modules.map((m) => ({ code: m.code, title: m.title })),
        issuedAt: issuedAt.toISOString(),
      };
      await this.db.transaction(async (tx) => {
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO certificate (code, enrolment_id, delegate_id, session_id, document, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING id`,
          [code, enrolment.id, enrolment.delegateId, enrolment.sessionId, JSON.stringify(document), issuedAt],
        );
        if (inserted.length) {
          outcome = 'ISSUED';
          await this.cells.refresh(tx, [enrolment]);
        }
      });
      certificate = await this.db.getRepository(CertificateEntity).findOneByOrFail({ enrolmentId });
    }
    if (certificate.revokedAt) return 'REVOKED';
    await this.queues.enqueue(
      JobName.SendMailJob,
      {
        kind: MailKind.CERTIFICATE_ISSUED,
        to: recipientOf(delegate),
        data: {
          certificate: certificate.document,
          pdfUrl: this.pdfUrl(certificate.code),
          verifyUrl: this.verifyUrl(certificate.code),
        },
        occurredAt: certificate.issuedAt.toISOString(),
      },
      { jobId: mailKey(MailKind.CERTIFICATE_ISSUED, certificate.id, delegate.id) },
    );
    return outcome;
  }

  /** Anyone: a malformed, unknown or revoked code is simply not valid (never an error). */
  async verify(code: string): Promise<VerificationView> {
    const certificate = await this.byCode(code);
    if (!certificate) return { state: 'UNKNOWN' };
    const d = certificate.document;
    return {
      state: certificate.revokedAt ? 'REVOKED' : 'VALID',
      holderName: d.holderName,
      partyName: d.party.name,
      sessionTitle: d.session.title,
      moduleTitles: d.modules.map((m) => m.title),
      issuedAt: certificate.issuedAt.toISOString(),
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
    };
  }

  async byCode(code: string): Promise<CertificateEntity | null> {
    if (typeof code !== 'string' || !CODE_PATTERN.test(code)) return null;
    return this.db.getRepository(CertificateEntity).findOneBy({ code });
  }

  /** The PDF of a certificate that is not revoked; null for an unknown code, 'REVOKED' for a revoked one. */
  async pdf(code: string): Promise<Buffer | 'REVOKED' | null> {
    const certificate = await this.byCode(code);
    if (!certificate) return null;
    if (certificate.revokedAt) return 'REVOKED';
    return renderCertificatePdf(certificate.document, this.verifyUrl(certificate.code));
  }

  async revoke(id: string, reason: string, actor: User): Promise<CertificateEntity> {
    const text = (reason ?? '').trim();
    if (text.length < 1 || text.length > 500) throw badInput('reason', 'give a reason of 1 to 500 characters');
    const certificate = isUuid(id) ? await this.db.getRepository(CertificateEntity).findOneBy({ id }) : null;
    if (!certificate) throw notFound('Certificate', String(id).slice(0, 60));
    return this.db.transaction(async (tx) => {
      const [rows] = await tx.query(
        `UPDATE certificate SET revoked_at = now(), revocation_reason = $2, revoked_by_id = $3
          WHERE id = $1 AND revoked_at IS NULL RETURNING revoked_at`,
        [certificate.id, text, actor.id],
      );
      if (!rows.length) throw conflict('ALREADY_REVOKED', 'This certificate is already revoked');
      const revokedAt: Date = rows[0].revoked_at;
      const enrolment = await this.enrolments.findById(certificate.enrolmentId);
      if (enrolment) await this.cells.refresh(tx, [enrolment]);
      // The holder is told, in their language, by this transaction's event: sent if and only if the revocation commits.
      const [holder] = await this.users.usersByIds([certificate.delegateId], tx);
      if (holder) {
        const d = certificate.document;
        await this.outbox.append(tx, OutboxEventType.CERTIFICATE_REVOKED, certificate.id, {
          certificate: {
            id: certificate.id,
            code: certificate.code,
            holderName: d.holderName,
            sessionTitle: d.session.title,
            timeZone: d.session.timeZone,
            modules: d.modules,
            issuedAt: certificate.issuedAt.toISOString(),
            revokedAt: revokedAt.toISOString(),
          },
          holder: recipientOf(holder),
          reason: text,
          by: { userId: actor.id, fullName: actor.fullName },
        });
      }
      return { ...certificate, revokedAt, revocationReason: text, revokedById: actor.id };
    });
  }

  mine(delegateId: string): Promise<CertificateEntity[]> {
    return this.db
      .getRepository(CertificateEntity)
      .find({ where: { delegateId }, order: { issuedAt: 'DESC', id: 'DESC' } });
  }

  /** A session's certificates: for the Secretariat and the session's trainers. */
  async ofSession(sessionId: string, viewer: User): Promise<CertificateEntity[]> {
    const session = isUuid(sessionId) ? await this.sessions.findById(sessionId) : null;
    if (!session) throw notFound('Session', String(sessionId).slice(0, 60));
    if (!(await maySeeSessionCertificates(viewer, () => this.sessions.isTrainerOf(viewer.id, session.id)))) {
      throw forbidden("A session's certificates are for the Secretariat and its trainers");
    }
    return this.db
      .getRepository(CertificateEntity)
      .find({ where: { sessionId: session.id }, order: { issuedAt: 'ASC', id: 'ASC' } });
  }

  /** Certificates not revoked (for the cost per certified delegate). */
  async countValid(): Promise<number> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM certificate WHERE revoked_at IS NULL`);
    return count;
  }
}
