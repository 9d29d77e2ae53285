import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AttendanceImportController } from './attendance-import.controller';
import { AttendanceImportService } from './attendance-import.service';

/** Attendance from a webinar tool's participant report (Zoom, Microsoft Teams, Webex): preview, then apply. */
@Module({
  imports: [AuthModule, SessionsModule, EnrolmentsModule],
  providers: [AttendanceImportService],
  controllers: [AttendanceImportController],
})
export class AttendanceImportModule {}
