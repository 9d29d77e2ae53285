import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { DomainError } from '@lib/common';
import type { Response } from 'express';
import { CalendarFeedService } from './calendar-feed.service';

const UUID_ICS = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.ics$/i;
const LANGUAGES = new Set(['EN', 'FR', 'ES', 'AR', 'ZH', 'RU']);

/**
 * GET /calendar/{token}.ics: public, the token is the secret. GET /calendar/sessions/{id}.ics?lang=fr: one
 * session, public like the catalogue ("add to my calendar").
 */
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get('sessions/:file')
  async session(
    @Param('file') file: string,
    @Query('lang') lang: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const match = UUID_ICS.exec(file);
    const language = typeof lang === 'string' && LANGUAGES.has(lang.toUpperCase()) ? lang.toUpperCase() : 'EN';
    const body = match ? await this.feeds.sessionCalendar(match[1].toLowerCase(), language) : null;
    if (body === null) throw new DomainError('NOT_FOUND', 'No such session');
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="session-${match![1].toLowerCase()}.ics"`);
    res.setHeader('Cache-Control', 'public, max-age=300');
    return body;
  }

  @Get(':file')
  async feed(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const match = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file);
    const body = match ? await this.feeds.feed(match[1]) : null;
    if (body === null) throw new DomainError('NOT_FOUND', 'No calendar at this address');
    // Set on the calendar only: an @Header would label the 404's JSON text/calendar too.
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Robots-Tag', 'noindex');
    return body;
  }
}
