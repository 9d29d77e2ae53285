import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { buildCalendarFeed } from '@lib/mailer';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UsersService } from '../auth/users.service';
import type { User } from '../auth/user.entity';
import { EnrolmentQueriesService } from '../enrolments/enrolment-queries.service';
import { SessionsService } from '../sessions/sessions.service';
import { Clock } from '../clock/clock';

/** A person's calendar feed: the sessions where they hold a seat and those they train, behind a rotatable token. */
@Injectable()
export class CalendarFeedService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly enrolments: EnrolmentQueriesService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  /** A new feed address; the old one stops working. */
  async rotate(user: User): Promise<string> {
    const token = await this.users.rotateCalendarToken(user.id);
    return `${this.config.publicUrl}/calendar/${token}.ics`;
  }

  /** The iCalendar text of a token's feed, or null when the token is unknown (or its account disabled). */
  async feed(token: string): Promise<string | null> {
    const user = await this.users.findByCalendarToken(token);
    if (!user) return null;
    const ids = [
      ...new Set([
        ...(await this.enrolments.sessionsWithSeat(user.id)),
        ...(await this.sessions.idsTrainedBy(user.id)),
      ]),
    ];
    const snapshots = await Promise.all(ids.map((id) => this.sessions.snapshot(this.db.manager, id)));
    const items = snapshots
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((session) => ({
        session,
        status: session.status === 'CANCELLED' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
      }));
    return buildCalendarFeed(items, {
      publicUrl: this.config.publicUrl,
      from: this.config.mailFrom,
      calendarName: `${user.fullName} — Stockholm Convention training`,
      language: user.language,
      generatedAt: this.clock.now().toISOString(),
    });
  }

  /**
   * One session as an iCalendar file for "add to my calendar" (`GET /calendar/sessions/{id}.ics`): public like the
   * catalogue, so without the join link (which seat holders get in their invitation and feed); the same UID as the
   * invitations, so a calendar that later receives one updates this entry. Null for an unknown session.
   */
  async sessionCalendar(sessionId: string, language: string): Promise<string | null> {
    if (!(await this.sessions.findById(sessionId))) return null;
    const session = await this.sessions.snapshot(this.db.manager, sessionId);
    return buildCalendarFeed(
      [
        {
          session: { ...session, joinUrl: null },
          status: session.status === 'CANCELLED' ? 'CANCELLED' : 'CONFIRMED',
        },
      ],
      {
        publicUrl: this.config.publicUrl,
        from: this.config.mailFrom,
        calendarName: session.title,
        language,
        generatedAt: this.clock.now().toISOString(),
      },
    );
  }
}
