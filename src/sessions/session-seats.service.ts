import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid, notFound } from '@lib/common';
import { rawEntity } from '../database/raw-entity';
import { TrainingSessionEntity } from './session.entity';

/**
 * The seat counters of a session row and the lock that guards them, for the enrolments that take and give back
 * seats. Every method runs inside the caller's transaction.
 */
@Injectable()
export class SessionSeatsService {
  /**
   * Locks the session row until the transaction ends. Every change to a session's seats, waitlist or enrolments
   * takes this lock first, so those changes happen one after another per session, in any number of processes.
   */
  async lockForChange(tx: EntityManager, id: string): Promise<TrainingSessionEntity> {
    const raw = rawEntity(tx, TrainingSessionEntity);
    const session = isUuid(id)
      ? raw.first(await tx.query(`SELECT ${raw.columns} FROM ${raw.table} WHERE "id" = $1 LIMIT 1 FOR UPDATE`, [id]))
      : null;
    if (!session) throw notFound('Session', id);
    return session;
  }

  /** Takes one seat if one is free: the conditional UPDATE the CHECK constraint backs. */
  async takeSeat(tx: EntityManager, id: string): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ seatsTaken: () => 'seats_taken + 1' })
      .where('id = :id AND seats_taken < capacity', { id })
      .execute();
    return result.affected === 1;
  }

  /** Gives back (negative) or takes (positive) seats whose holders changed state, e.g. at attendance. */
  async adjustSeats(tx: EntityManager, id: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ seatsTaken: () => `seats_taken + ${Math.trunc(delta)}` })
      .where('id = :id', { id })
      .execute();
  }

  /** The next waitlist ticket of the session (the order in which its waitlist is served). */
  async drawWaitlistTicket(tx: EntityManager, id: string): Promise<number> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ waitlistTickets: () => 'waitlist_tickets + 1' })
      .where('id = :id', { id })
      .returning('waitlist_tickets')
      .execute();
    return Number((result.raw as { waitlist_tickets: number }[])[0].waitlist_tickets);
  }
}
