import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { SessionsModule } from '../sessions/sessions.module';
import { CertificateEntity } from './certificate.entity';
import { CertificatesController } from './certificates.controller';
import { CertificatesResolver } from './certificates.resolver';
import { CertificatesService } from './certificates.service';

/** Certificates: issue (job), PDF and verification page (HTTP), verification and revocation (GraphQL). */
@Module({
  imports: [
    TypeOrmModule.forFeature([CertificateEntity]),
    AuthModule,
    CatalogueModule,
    SessionsModule,
    EnrolmentsModule,
    OutcomesModule,
    OutboxModule,
  ],
  providers: [CertificatesService, CertificatesResolver],
  controllers: [CertificatesController],
  exports: [CertificatesService],
})
export class CertificatesModule {}
