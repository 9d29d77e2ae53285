import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEventType, type Actor, type Recipient, type SessionRecipient, type SessionSnapshot } from '@lib/queue';
import type { User } from '../auth/user.entity';
import { recipientOf } from '../auth/recipient';
import { UsersService } from '../auth/users.service';
import { Role } from '../auth/role.enum';
import { CatalogueService } from '../catalogue/catalogue.service';
import { PublishedMaterialsService } from '../module-materials/published-materials.service';
import { OutboxService } from '../outbox/outbox.service';
import { SessionsService } from '../sessions/sessions.service';
import type { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentStatus } from './enrolment-status.enum';
import type { EndorsementPayload, NewEnrolmentPayload } from './enrolment-decision';

type EnrolmentEventType =
  OutboxEventType.ENROLMENT_CONFIRMED | OutboxEventType.ENROLMENT_WAITLISTED | OutboxEventType.ENROLMENT_PROMOTED;

const actorOf = (u: User | null): Actor | null => (u ? { userId: u.id, fullName: u.fullName } : null);

/**
 * Writes the outbox event of each enrolment and session change, inside the change's transaction, with the payload a
 * message needs. Callers write exactly one event per change.
 */
@Injectable()
export class EnrolmentEventsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly materials: PublishedMaterialsService,
  ) {}

  /** Confirmed, waitlisted or promoted: told to the delegate. */
  async placed(
    tx: EntityManager,
    type: EnrolmentEventType,
    enrolment: EnrolmentEntity,
    waitlistPosition: number | null,
    by: User | null,
  ): Promise<void> {
    const [delegate, session] = await this.context(tx, enrolment, by);
    await this.outbox.append(tx, type, enrolment.id, {
      enrolment: this.enrolmentSnapshot(enrolment, waitlistPosition),
      delegate,
      session: this.forDelegate(session, enrolment.status),
      by: actorOf(by),
    });
  }

  /**
   * The parts of a new enrolment's event (confirmed, waitlisted or endorsement requested) known before its session is
   * locked: the delegate and who acted. The enrolment decision (SeatsService.enrolInSession) adds the enrolment and
   * the session as they stand under the lock, in the statement that decides.
   */
  newEnrolmentParts(delegate: User, by: User): NewEnrolmentPayload {
    return { delegate: recipientOf(delegate), by: actorOf(by) };
  }

  /**
   * A nomination waits for the Party's focal points (the Secretariat when the Party has none): who is asked, read
   * before the session is locked (the Party's accounts are not the session's to guard).
   */
  async endorsementParts(partyCode: string): Promise<EndorsementPayload> {
    const party = await this.catalogue.findParty(partyCode);
    let endorsers = await this.users.withRole(Role.FOCAL_POINT, partyCode);
    if (!endorsers.length) endorsers = await this.users.withRole(Role.SECRETARIAT, null);
    return { party: { code: partyCode, name: party?.name ?? partyCode }, endorsers: endorsers.map(recipientOf) };
  }

  /**
   * Declined by the focal point, or cancelled: told to the delegate, with the status it ended and, for a decline,
   * the endorser's reason when they gave one.
   */
  async ended(
    tx: EntityManager,
    type: OutboxEventType.ENROLMENT_DECLINED | OutboxEventType.ENROLMENT_CANCELLED,
    enrolment: EnrolmentEntity,
    previousStatus: EnrolmentStatus,
    by: User | null,
    reason: string | null = null,
  ): Promise<void> {
    const [delegate, session] = await this.context(tx, enrolment, by);
    await this.outbox.append(tx, type, enrolment.id, {
      enrolment: this.enrolmentSnapshot(enrolment, null),
      delegate,
      session: this.forDelegate(session, enrolment.status),
      by: actorOf(by),
      previousStatus,
      ...(type === OutboxEventType.ENROLMENT_DECLINED && reason ? { reason } : {}),
    });
  }

  async sessionRescheduled(
    tx: EntityManager,
    sessionId: string,
    previous: { startsAt: Date; endsAt: Date },
    enrolments: EnrolmentEntity[],
    by: User,
  ): Promise<void> {
    await this.outbox.append(tx, OutboxEventType.SESSION_RESCHEDULED, sessionId, {
      session: await this.sessions.snapshot(tx, sessionId),
      previous: { startsAt: previous.startsAt.toISOString(), endsAt: previous.endsAt.toISOString() },
      recipients: await this.sessionRecipients(tx, enrolments),
      by: actorOf(by),
    });
  }

  async sessionCancelled(
    tx: EntityManager,
    sessionId: string,
    reason: string,
    cancelled: EnrolmentEntity[],
    previousStatus: Map<string, EnrolmentStatus>,
    by: User,
  ): Promise<void> {
    const recipients = await this.sessionRecipients(tx, cancelled);
    await this.outbox.append(tx, OutboxEventType.SESSION_CANCELLED, sessionId, {
      session: { ...(await this.sessions.snapshot(tx, sessionId)), joinUrl: null },
      reason,
      recipients: recipients.map((r) => ({ ...r, previousStatus: previousStatus.get(r.enrolmentId) })),
      by: actorOf(by),
    });
  }

  async sessionCompleted(
    tx: EntityManager,
    sessionId: string,
    attendees: EnrolmentEntity[],
    noShowCount: number,
    by: User,
  ): Promise<void> {
    await this.outbox.append(tx, OutboxEventType.SESSION_COMPLETED, sessionId, {
      session: { ...(await this.sessions.snapshot(tx, sessionId)), joinUrl: null },
      attendees: await this.sessionRecipients(tx, attendees),
      noShowCount,
      by: actorOf(by),
    });
  }

  /**
   * Waitlisted and pending delegates of a session that started or was completed: their enrolments expired. Each is
   * told, with what is left to them: the published materials of its modules and the next sessions they may enrol in.
   */
  async enrolmentsExpired(
    tx: EntityManager,
    sessionId: string,
    expired: EnrolmentEntity[],
    previousStatus: ReadonlyMap<string, EnrolmentStatus>,
    cause: 'SESSION_STARTED' | 'SESSION_COMPLETED',
    by: User | null,
  ): Promise<void> {
    const snapshot: SessionSnapshot = { ...(await this.sessions.snapshot(tx, sessionId)), joinUrl: null };
    const recipients = await this.sessionRecipients(tx, expired);
    await this.outbox.append(tx, OutboxEventType.ENROLMENTS_EXPIRED, sessionId, {
      session: snapshot,
      cause,
      recipients: recipients.map((r) => ({
        ...r,
        previousStatus: previousStatus.get(r.enrolmentId) ?? r.enrolmentStatus,
      })),
      materials: await this.materials.ofModules(
        tx,
        snapshot.modules.map((m) => m.code),
      ),
      nextSessions: await this.sessions.upcomingLike(tx, sessionId),
      by: actorOf(by),
    });
  }

  /** Completed (attended and passed): the certificate job follows from this event. */
  async completed(tx: EntityManager, enrolment: EnrolmentEntity, by: User | null): Promise<void> {
    await this.outbox.append(tx, OutboxEventType.ENROLMENT_COMPLETED, enrolment.id, {
      enrolmentId: enrolment.id,
      sessionId: enrolment.sessionId,
      delegateId: enrolment.delegateId,
      by: actorOf(by),
    });
  }

  /** The delegate (already in hand when they made the change themselves) and the session as it stands. */
  private async context(
    tx: EntityManager,
    enrolment: EnrolmentEntity,
    by: User | null,
  ): Promise<[Recipient, SessionSnapshot]> {
    const [delegate] = by?.id === enrolment.delegateId ? [by] : await this.users.usersByIds([enrolment.delegateId], tx);
    return [recipientOf(delegate), await this.sessions.snapshot(tx, enrolment.sessionId)];
  }

  private async sessionRecipients(tx: EntityManager, enrolments: EnrolmentEntity[]): Promise<SessionRecipient[]> {
    if (!enrolments.length) return [];
    const users = new Map(
      (
        await this.users.usersByIds(
          enrolments.map((e) => e.delegateId),
          tx,
        )
      ).map((u) => [u.id, u]),
    );
    return enrolments.flatMap((e) => {
      const u = users.get(e.delegateId);
      return u ? [{ ...recipientOf(u), enrolmentId: e.id, enrolmentStatus: e.status }] : [];
    });
  }

  /** The join link goes only to delegates holding a seat. */
  private forDelegate(session: SessionSnapshot, status: EnrolmentStatus): SessionSnapshot {
    return status === EnrolmentStatus.CONFIRMED ? session : { ...session, joinUrl: null };
  }

  private enrolmentSnapshot(e: EnrolmentEntity, waitlistPosition: number | null) {
    return { id: e.id, status: e.status, funded: e.funded, waitlistPosition };
  }
}
