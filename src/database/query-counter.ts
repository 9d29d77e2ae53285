import { Logger as TypeOrmLogger } from 'typeorm';
import { Logger } from '@nestjs/common';

/**
 * TypeORM logger that counts every statement sent (the N+1 tests and benchmarks read the count) and reports
 * errors and slow queries through the application log. Statement text is logged at debug level only.
 */
export class CountingQueryLogger implements TypeOrmLogger {
  static queries = 0;
  private readonly out = new Logger('SQL');

  logQuery(query: string): void {
    CountingQueryLogger.queries++;
    this.out.debug?.(query);
  }
  logQueryError(error: string | Error, query: string): void {
    CountingQueryLogger.queries++;
    this.out.warn(`query failed: ${error instanceof Error ? error.message : error} -- ${query.slice(0, 500)}`);
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn(`slow query (${time} ms): ${query.slice(0, 500)}`);
  }
  logSchemaBuild(message: string): void {
    this.out.debug?.(message);
  }
  logMigration(message: string): void {
    this.out.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn(String(message));
    else this.out.debug?.(String(message));
  }
}
