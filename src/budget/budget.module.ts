import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { BudgetResolver } from './budget.resolver';
import { BudgetService } from './budget.service';

@Module({ imports: [SessionsModule], providers: [BudgetService, BudgetResolver], exports: [BudgetService] })
export class BudgetModule {}
