import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModuleTrainersModule } from '../module-trainers/module-trainers.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AssessmentAttemptEntity, AssessmentEntity, FollowUpResponseEntity, QuestionEntity } from './assessment.entity';
import { AssessmentNoticesService } from './assessment-notices.service';
import { AssessmentAttemptResolver, AssessmentsResolver, QuestionAnswersResolver } from './assessments.resolver';
import { AssessmentsService } from './assessments.service';

/** Pre-, post-course and follow-up assessments, the completion they bring, and the notices after a session. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AssessmentEntity, QuestionEntity, AssessmentAttemptEntity, FollowUpResponseEntity]),
    AuthModule,
    CatalogueModule,
    ModuleTrainersModule,
    SessionsModule,
    EnrolmentsModule,
    NotificationsModule,
    OutcomesModule,
  ],
  providers: [
    AssessmentsService,
    AssessmentNoticesService,
    AssessmentsResolver,
    QuestionAnswersResolver,
    AssessmentAttemptResolver,
  ],
  exports: [AssessmentsService, AssessmentNoticesService],
})
export class AssessmentsModule {}
