import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { CalendarFeedService } from './calendar-feed.service';

/** GET /calendar/{token}.ics: public, the token is the secret. */
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @Header('X-Robots-Tag', 'noindex')
  async feed(@Param('file') file: string): Promise<string> {
    const match = /^([A-Za-z0-9_-]{43})\.ics$/.exec(file);
    const body = match ? await this.feeds.feed(match[1]) : null;
    if (body === null) throw new NotFoundException('No calendar at this address');
    return body;
  }
}
