import { Controller, Get, Header, Headers, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@lib/common';
import { renderAccountConfirmationPage, type AccountConfirmationState } from '@lib/documents';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegistrationService } from './registration.service';

/**
 * GET/POST /account/confirm?token=…, the target of a confirmation e-mail's link until the web application takes it
 * over: the GET shows a button and changes nothing (mail scanners open links), the button's POST confirms.
 */
@Controller('account')
export class AccountConfirmationController {
  constructor(
    private readonly registration: RegistrationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('confirm')
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  async show(
    @Query('token') token: unknown,
    @Headers('accept-language') accept: string | undefined,
    @Res() res: Response,
  ) {
    const link = typeof token === 'string' ? token : '';
    const language = (link && (await this.registration.languageOfLink(link))) || null;
    this.page(res, language ? 'READY' : 'INVALID', language ?? preferred(accept), link);
  }

  @Post('confirm')
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  async confirm(
    @Query('token') token: unknown,
    @Headers('accept-language') accept: string | undefined,
    @Res() res: Response,
  ) {
    const link = typeof token === 'string' ? token : '';
    try {
      const user = await this.registration.confirm(link);
      this.page(res, 'CONFIRMED', user.language, link);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.page(res, 'INVALID', preferred(accept), link);
    }
  }

  private page(res: Response, state: AccountConfirmationState, language: string, token: string): void {
    res
      .status(state === 'INVALID' ? 404 : 200)
      .type('html')
      .send(
        renderAccountConfirmationPage(state, language, { token, graphqlEndpoint: `${this.config.publicUrl}/graphql` }),
      );
  }
}

/** The first of FR, ES or EN in an Accept-Language header. */
function preferred(accept: string | undefined): string {
  for (const part of (accept ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toUpperCase();
    if (tag === 'FR' || tag === 'ES' || tag === 'EN') return tag;
  }
  return 'EN';
}
