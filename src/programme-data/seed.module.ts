import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { BudgetModule } from '../budget/budget.module';
import { SessionsModule } from '../sessions/sessions.module';
import { SeedService } from './seed.service';

@Module({
  imports: [AuthModule, EnrolmentsModule, AssessmentsModule, ModuleTrainersModule, BudgetModule, SessionsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
