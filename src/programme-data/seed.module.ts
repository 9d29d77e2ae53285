import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SeedService } from './seed.service';

@Module({
  imports: [AuthModule, EnrolmentsModule, AssessmentsModule, ModuleTrainersModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
