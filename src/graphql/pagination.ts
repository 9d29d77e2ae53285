import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { Allow } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput, decodeCursor, encodeCursor, type CursorKey, type CursorPart } from '@lib/common';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Makes the Relay connection type `XConnection` with `XEdge` for a node type. */
export function ConnectionType<T>(nodeType: Type<T> | object, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass as Type<Connection<T>>;
}

export const MAX_PAGE_SIZE = 100;

/**
 * Checks `first` and decodes `after` into the sort key of the last row seen. Every paginated query comes through here:
 * a cursor that is not a position in a list of this shape is BAD_USER_INPUT on `after`, never a value bound unchecked.
 */
export function pageRequest<const S extends readonly CursorPart[]>(
  first: number,
  after: string | null | undefined,
  shape: S,
) {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  let afterKey: CursorKey<S> | null = null;
  if (after !== undefined && after !== null) {
    afterKey = decodeCursor(after, shape);
    if (!afterKey) throw badInput('after', 'after is not a cursor of this list');
  }
  return { first, afterKey };
}

/** Builds a connection from `first + 1` rows fetched after the cursor. */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  keyOf: (row: T) => (string | number)[],
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/**
 * `first` and `after` of a list, one class per default page size (API.md: 20, or 50 for a session's or a Party's
 * enrolments). `@Allow()`: the global ValidationPipe strips undecorated fields; the bounds are checked where the
 * page is read (paginateByTimeAndId), as before.
 */
function pageArgsOf(defaultFirst: number) {
  @ArgsType()
  class Page {
    @Allow()
    @Field(() => Int, { defaultValue: defaultFirst })
    first: number = defaultFirst;

    @Allow()
    @Field(() => String, { nullable: true })
    after?: string | null;
  }
  return Page;
}

@ArgsType()
export class PageArgs extends pageArgsOf(20) {}

@ArgsType()
export class LongPageArgs extends pageArgsOf(50) {}

/**
 * Keyset pagination in (time, id) order, the one way lists are paged: counts the filtered rows, continues after
 * the cursor, fetches `first + 1` rows to know whether a next page exists. The cursor keeps the time as PostgreSQL
 * has it, to the microsecond: a JavaScript Date stops at the millisecond, and a row written by now() (…12.345678) is
 * after its own millisecond cursor (…12.345), so the last row of a page came back at the top of the next one.
 */
export async function paginateByTimeAndId<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: { first: number; after?: string | null },
  key: { timeColumn: string; idColumn: string },
): Promise<Connection<T>> {
  const { afterKey } = pageRequest(page.first, page.after, ['time', 'uuid']);
  const totalCount = await qb.getCount();
  if (afterKey) {
    const [at, id] = afterKey;
    qb.andWhere(`(${key.timeColumn}, ${key.idColumn}) > (:pageAfterAt::timestamptz, :pageAfterId::uuid)`, {
      pageAfterAt: at,
      pageAfterId: id,
    });
  }
  const { entities, raw } = await qb
    .addSelect(`to_char(${key.timeColumn} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'page_cursor_at')
    // Cast, so it is another selection than the entity's own id (the same one would be re-aliased away from it).
    .addSelect(`${key.idColumn}::text`, 'page_cursor_id')
    .orderBy(key.timeColumn, 'ASC')
    .addOrderBy(key.idColumn, 'ASC')
    .take(page.first + 1)
    .getRawAndEntities<{ page_cursor_at: string; page_cursor_id: string }>();
  const atOf = new Map(raw.map((r) => [r.page_cursor_id, r.page_cursor_at]));
  return toConnection(entities, page.first, totalCount, (row) => [atOf.get(row.id)!, row.id]);
}
