import { DynamicModule, MiddlewareConsumer, Module, NestModule, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ValidationError } from 'class-validator';
import { badInput } from '@lib/common';
import { AppConfig } from './config/config';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/database-options';
import { ENTITIES } from './entities';
import { SeedModule } from './programme-data/seed.module';
import { graphqlOptions } from './graphql/graphql-options';
import { ErrorFilter } from './graphql/error.filter';
import { TextInputPipe } from './graphql/text-input.pipe';
import { RedisModule } from './redis/redis.module';
import { AuthModule } from './auth/auth.module';
import { AuthMiddleware } from './auth/auth.middleware';
import { RolesGuard } from './auth/roles.guard';
import { CatalogueModule } from './catalogue/catalogue.module';
import { MaterialsModule } from './materials/materials.module';
import { FilesModule } from './files/files.module';
import { SessionsModule } from './sessions/sessions.module';
import { stringifyResult } from './sessions/catalogue-cache.plugin';
import { EnrolmentsModule } from './enrolments/enrolments.module';
import { AttendanceImportModule } from './attendance-import/attendance-import.module';
import { BudgetModule } from './budget/budget.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { CertificatesModule } from './certificates/certificates.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queues/queues.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WorkersModule } from './queues/workers.module';

/** Input validation failures become BAD_USER_INPUT naming the first offending field (and listing all). */
function validationError(errors: ValidationError[]) {
  const flat: { field: string; message: string }[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const e of list) {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      for (const message of Object.values(e.constraints ?? {})) flat.push({ field, message });
      if (e.children?.length) walk(e.children, field);
    }
  };
  walk(errors, '');
  const first = flat[0] ?? { field: 'input', message: 'invalid input' };
  return badInput(first.field, first.message, { fields: flat });
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl, ENTITIES), autoLoadEntities: false }),
        // A worker process serves /health only; the schema and its resolvers are the API's.
        ...(config.runsApi
          ? [
              GraphQLModule.forRoot<ApolloDriverConfig>({
                driver: ApolloDriver,
                ...graphqlOptions(config, { stringifyResult }),
              }),
            ]
          : []),
        RedisModule,
        QueuesModule,
        CatalogueModule,
        AuthModule,
        SessionsModule,
        EnrolmentsModule,
        AttendanceImportModule,
        MaterialsModule,
        FilesModule,
        OutcomesModule,
        AssessmentsModule,
        CertificatesModule,
        BudgetModule,
        SeedModule,
        NotificationsModule,
        ...(config.runsWorkers ? [WorkersModule] : []),
        HealthModule,
        MetricsModule.forRoot(config),
      ],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        // Before validation: no argument carries text no field can keep (NUL, lone surrogates).
        { provide: APP_PIPE, useClass: TextInputPipe },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            whitelist: true,
            forbidUnknownValues: false,
            exceptionFactory: validationError,
          }),
        },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes('*path');
  }
}
