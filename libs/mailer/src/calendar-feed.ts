import type { SessionSnapshot } from '@lib/messages';
import { textsFor } from './mail-catalogue';
import { textLanguageOf } from './mail-language';
import { parseMailbox } from './mailbox';
import { renderCalendar } from './session-calendar';

export interface CalendarFeedItem {
  session: SessionSnapshot;
  /** CANCELLED keeps a cancelled session in the feed so that subscribed calendars strike it out instead of keeping it. */
  status: 'CONFIRMED' | 'CANCELLED';
}

export interface CalendarFeedContext {
  /** PUBLIC_URL: the host part names the UIDs, the same as in the e-mailed invitations. */
  publicUrl: string;
  /** MAIL_FROM: the ORGANIZER, the same as in the e-mailed invitations. */
  from: string;
  calendarName: string;
  /** ISO-8601 instant the feed was built: every VEVENT's DTSTAMP. */
  generatedAt: string;
  /** The reader's platform language for descriptions (EN, FR or ES words; others read English). Default EN. */
  language?: string;
}

/**
 * A delegate's subscribed calendar (`GET /calendar/{token}.ics`): METHOD:PUBLISH with one VEVENT per session, under
 * the same UIDs and SEQUENCEs as the invitations, so a calendar holding both sees one entry per session.
 * An empty list gives a VCALENDAR without events, which calendar clients accept as an empty subscription.
 */
export function buildCalendarFeed(items: CalendarFeedItem[], ctx: CalendarFeedContext): string {
  const texts = textsFor(textLanguageOf(ctx.language ?? 'EN'));
  const organizer = parseMailbox(ctx.from);
  const publicUrl = ctx.publicUrl.replace(/\/+$/, '');
  return renderCalendar(
    'PUBLISH',
    items.map(({ session, status }) => ({
      session,
      status,
      stampedAt: ctx.generatedAt,
      organizer,
      // The feed belongs to the seat holder, so a confirmed webinar carries its join link.
      joinUrl: status === 'CONFIRMED' && session.kind === 'WEBINAR' ? session.joinUrl : null,
      texts,
      publicUrl,
    })),
    ctx.calendarName,
  );
}
