import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SessionsModule } from '../sessions/sessions.module';
import { OutcomeCellsService } from './outcome-cells.service';
import { OutcomesResolver } from './outcomes.resolver';
import { OutcomesService } from './outcomes.service';
import { ReportsController } from './reports.controller';

/** Completion statistics and capacity outcomes: their read model, the GraphQL queries and the downloadable reports. */
@Module({
  imports: [CatalogueModule, SessionsModule],
  providers: [OutcomeCellsService, OutcomesService, OutcomesResolver],
  controllers: [ReportsController],
  exports: [OutcomeCellsService, OutcomesService],
})
export class OutcomesModule {}
