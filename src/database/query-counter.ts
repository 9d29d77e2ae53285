import { Logger as TypeOrmLogger } from 'typeorm';
import { Logger } from '@nestjs/common';
import { loggableError, queryShape } from '@lib/common';

/**
 * TypeORM logger that counts every statement sent (the N+1 tests and benchmarks read the count) and reports
 * errors and slow queries through the application log. Statement text is logged at debug level only, and never
 * with its parameters: they are people's data.
 */
export class CountingQueryLogger implements TypeOrmLogger {
  static queries = 0;
  private readonly out = new Logger('SQL');

  logQuery(query: string): void {
    CountingQueryLogger.queries++;
    this.out.debug?.(query);
  }
  /** The statement's shape and the error's code and names, never its parameters (see loggableError). */
  logQueryError(error: string | Error, query: string): void {
    CountingQueryLogger.queries++;
    const err = typeof error === 'string' ? { message: error } : loggableError(error);
    const { code, constraint, table, column } = err;
    const msg = `query failed: ${String(err.message)}`;
    this.out.warn({ msg, code, constraint, table, column, query: queryShape(query) });
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn({ msg: `slow query (${time} ms)`, ms: time, query: queryShape(query) });
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
