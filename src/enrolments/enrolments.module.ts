import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { PublishedMaterialsModule } from '../module-materials/published-materials.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountClosureResolver } from './account-closure.resolver';
import { AccountClosureService } from './account-closure.service';
import { EnrolmentChangeEntity, EnrolmentEntity } from './enrolment.entity';
import { EnrolmentEventsService } from './enrolment-events.service';
import { EnrolmentChangeResolver, EnrolmentsResolver, WebinarJoinResolver } from './enrolments.resolver';
import { CatalogueViewerFields, SessionViewerResolver, WorkshopTravelResolver } from './viewer-session-fields.resolver';
import { EnrolmentsService } from './enrolments.service';
import { EnrolmentQueriesService } from './enrolment-queries.service';
import { SeatsService } from './seats.service';
import { SessionLifecycleResolver } from './session-lifecycle.resolver';
import { SessionLifecycleService } from './session-lifecycle.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([EnrolmentEntity, EnrolmentChangeEntity]),
    AuthModule,
    CatalogueModule,
    SessionsModule,
    OutboxModule,
    OutcomesModule,
    PublishedMaterialsModule,
  ],
  providers: [
    EnrolmentEventsService,
    SeatsService,
    EnrolmentsService,
    EnrolmentQueriesService,
    SessionLifecycleService,
    EnrolmentsResolver,
    EnrolmentChangeResolver,
    WebinarJoinResolver,
    SessionViewerResolver,
    WorkshopTravelResolver,
    CatalogueViewerFields,
    SessionLifecycleResolver,
    AccountClosureService,
    AccountClosureResolver,
  ],
  exports: [EnrolmentsService, EnrolmentQueriesService, SessionLifecycleService],
})
export class EnrolmentsModule {}
