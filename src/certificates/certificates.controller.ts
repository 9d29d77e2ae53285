import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, gone } from '@lib/common';
import { documentLanguageOf, renderVerificationPage } from '@lib/documents';
import { CertificatesService } from './certificates.service';

/** The public side of certificates: the code is the secret. */
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** GET /certificates/{code}.pdf: the PDF; 410 once revoked, 404 for an unknown code. */
  @Get('certificates/:file')
  @Header('X-Robots-Tag', 'noindex')
  async pdf(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const match = /^([A-Za-z0-9_-]{32})\.pdf$/.exec(file);
    const pdf = match ? await this.certificates.pdf(match[1]) : null;
    if (pdf === null) throw new DomainError('NOT_FOUND', 'No certificate with this code');
    if (pdf === 'REVOKED') throw gone('This certificate has been revoked');
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="certificate-${match![1]}.pdf"`);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.send(pdf);
  }

  /** GET /verify/{code}: the QR code's target, a small page in the certificate's language (else the reader's). */
  @Get('verify/:code')
  @Header('X-Robots-Tag', 'noindex')
  @Header('Cache-Control', 'no-store')
  async verify(@Param('code') code: string, @Req() req: Request, @Res() res: Response) {
    const view = await this.certificates.verify(code);
    const certificate = view.state === 'UNKNOWN' ? null : await this.certificates.byCode(code);
    const language = certificate?.document.language ?? preferred(req);
    res
      .status(view.state === 'UNKNOWN' ? 404 : 200)
      .type('html')
      .send(renderVerificationPage(view, documentLanguageOf(language), this.certificates.verifyUrl(code.slice(0, 64))));
  }
}

/** The reader's preferred of EN, FR and ES by Accept-Language (weights, then order), EN when none is acceptable. */
function preferred(req: Request): string {
  return (req.acceptsLanguages('en', 'fr', 'es') || 'en').toUpperCase();
}
