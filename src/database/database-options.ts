import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { CountingQueryLogger } from './query-counter';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

/** One definition of the connection, shared by the application, the migration CLI and the tests. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new CountingQueryLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: 20, application_name: 'pops-lms' },
  };
}
