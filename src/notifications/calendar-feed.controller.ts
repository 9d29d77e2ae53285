import { Controller, Get, Param, Res } from '@nestjs/common';
import { DomainError } from '@lib/common';
import type { Response } from 'express';
import { CalendarFeedService } from './calendar-feed.service';

/** GET /calendar/{token}.ics: public, the token is the secret. */
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

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
