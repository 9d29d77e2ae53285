import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { EnrolmentsModule } from '../../enrolments/enrolments.module';
import { SeedService } from './seed.service';

@Module({ imports: [AuthModule, EnrolmentsModule, AssessmentsModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}
