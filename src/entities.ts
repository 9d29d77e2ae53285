import { Party } from './catalogue/party.entity';
import { RegionalCentre } from './catalogue/regional-centre.entity';
import { ThematicModule } from './catalogue/thematic-module.entity';
import { ModuleTrainerEntity } from './module-trainers/module-trainer.entity';
import { User } from './auth/user.entity';
import { AccountTokenEntity } from './auth/account-token.entity';
import { TrainingMaterial } from './materials/material.entity';
import { StoredFileEntity } from './materials/stored-file.entity';
import { TrainingSessionEntity } from './sessions/session.entity';
import { SessionSnapshotView } from './sessions/session-snapshot.view';
import { EnrolmentChangeEntity, EnrolmentEntity } from './enrolments/enrolment.entity';
import { OutboxEventEntity } from './outbox/outbox.entity';
import { MailDeliveryEntity } from './notifications/mail-delivery.entity';
import {
  AssessmentAttemptEntity,
  AssessmentEntity,
  FollowUpResponseEntity,
  QuestionEntity,
} from './assessments/assessment.entity';
import { CertificateEntity } from './certificates/certificate.entity';
import {
  EnrolmentRegionStatsCell,
  EnrolmentStatsCell,
  ScoreRegionStatsCell,
  ScoreStatsCell,
} from './outcomes/stats-cell.entity';
import { DeploymentEntity } from './deployment/deployment.entity';
import { SeedRecordEntity } from './programme-data/seed-record.entity';
import { BudgetLineEntity, ExpenditureEntity, PledgeEntity, ProgrammeFigureEntity } from './budget/budget.entity';

/** Every entity of the platform (listed, not globbed: the same list serves tsc output, Jest and the CLI). */
export const ENTITIES = [
  Party,
  RegionalCentre,
  ThematicModule,
  User,
  AccountTokenEntity,
  ModuleTrainerEntity,
  StoredFileEntity,
  TrainingMaterial,
  TrainingSessionEntity,
  SessionSnapshotView,
  EnrolmentEntity,
  EnrolmentChangeEntity,
  OutboxEventEntity,
  MailDeliveryEntity,
  BudgetLineEntity,
  PledgeEntity,
  ExpenditureEntity,
  ProgrammeFigureEntity,
  AssessmentEntity,
  QuestionEntity,
  AssessmentAttemptEntity,
  FollowUpResponseEntity,
  CertificateEntity,
  EnrolmentStatsCell,
  ScoreStatsCell,
  EnrolmentRegionStatsCell,
  ScoreRegionStatsCell,
  DeploymentEntity,
  SeedRecordEntity,
];
