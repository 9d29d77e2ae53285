import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Reads of whole entities by plain SQL, for the few statements that run on every request (the token's user, the
 * session an enrolment locks, the delegate's active enrolment). The query builder rebuilds and re-escapes such a
 * statement on each call, which cost more of the API's CPU than PostgreSQL spent running it (issue #6, P1). Here the
 * column list is built once from the entity's metadata, so it follows the entity, and rows are hydrated the way
 * TypeORM hydrates them: an instance of the entity class, each selectable column converted by the driver (enum
 * arrays, dates, …); columns marked `select: false` are left out as a `find` leaves them out.
 */
export class RawEntity<T extends ObjectLiteral> {
  /** `"id", "kind", …`: every selectable column, to follow `SELECT` (optionally with a table alias: `columnsOf('s')`). */
  readonly columns: string;
  readonly table: string;
  private readonly selectable: ColumnMetadata[];

  constructor(
    private readonly metadata: EntityMetadata,
    private readonly dataSource: DataSource,
  ) {
    this.selectable = metadata.columns.filter((c) => c.isSelect && !c.isVirtual);
    this.columns = this.columnsOf();
    this.table = `"${metadata.tableName}"`;
  }

  columnsOf(alias?: string): string {
    return this.selectable.map((c) => (alias ? `${alias}."${c.databaseName}"` : `"${c.databaseName}"`)).join(', ');
  }

  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of this.selectable) {
      const value = row[column.databaseName];
      if (value !== undefined)
        column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }

  /** The first row of a query's result as an entity, or null. */
  first(rows: Record<string, unknown>[]): T | null {
    return rows.length ? this.hydrate(rows[0]) : null;
  }
}

const cache = new WeakMap<EntityMetadata, RawEntity<ObjectLiteral>>();

/** The (cached) plain-SQL reader of an entity. */
export function rawEntity<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): RawEntity<T> {
  const metadata = manager.connection.getMetadata(target);
  let raw = cache.get(metadata);
  if (!raw) {
    raw = new RawEntity<ObjectLiteral>(metadata, manager.connection);
    cache.set(metadata, raw);
  }
  return raw as RawEntity<T>;
}
