import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { CountingQueryLogger } from './query-counter';
import { MIGRATIONS } from '../../migrations';

/**
 * One definition of the connection, shared by the application, the migration CLI and the tests. The entities are
 * the composition root's to list (src/entities.ts): the ground knows no feature. Migrations need none.
 */
export function dataSourceOptions(
  databaseUrl: string,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
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
