import { Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { AttendanceImportService, type AttendanceImportAnswer } from './attendance-import.service';
import { readRequestBody } from './request-body';

/**
 * POST /attendance-reports/preview?sessionId=&fileName= and POST /attendance-reports/apply?sessionId=&fileName=:
 * the body is the report file itself (any Content-Type but JSON), at most ATTENDANCE_REPORT_MAX_BYTES. Errors are
 * JSON through ErrorFilter (answerHttpError).
 */
@Controller('attendance-reports')
export class AttendanceImportController {
  constructor(private readonly imports: AttendanceImportService) {}

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Post('preview')
  @HttpCode(200)
  preview(
    @Query('sessionId') sessionId: unknown,
    @Query('fileName') fileName: unknown,
    @CurrentUser() actor: User,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttendanceImportAnswer> {
    res.setHeader('Cache-Control', 'no-store');
    return this.imports.preview(sessionId, fileName, actor, this.body(req, res));
  }

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Post('apply')
  @HttpCode(200)
  apply(
    @Query('sessionId') sessionId: unknown,
    @Query('fileName') fileName: unknown,
    @CurrentUser() actor: User,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttendanceImportAnswer> {
    res.setHeader('Cache-Control', 'no-store');
    return this.imports.apply(sessionId, fileName, actor, this.body(req, res));
  }

  private body(req: Request, res: Response) {
    return () => readRequestBody(req, res, this.imports.maxReportBytes);
  }
}
