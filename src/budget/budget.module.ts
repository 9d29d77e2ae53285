import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { SessionsModule } from '../sessions/sessions.module';
import { BudgetResolver } from './budget.resolver';
import { BudgetService } from './budget.service';

@Module({
  imports: [SessionsModule, CertificatesModule],
  providers: [BudgetService, BudgetResolver],
  exports: [BudgetService],
})
export class BudgetModule {}
