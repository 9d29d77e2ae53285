import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput, decodeCursor, encodeCursor, isUuid } from '@lib/common';

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

/** Checks `first` and decodes `after` into the sort key of the last row seen. */
export function pageRequest(first: number, after: string | null | undefined, keyParts: number) {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  let afterKey: (string | number)[] | null = null;
  if (after !== undefined && after !== null) {
    afterKey = decodeCursor(after, keyParts);
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

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20 })
  first: number = 20;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

/**
 * Keyset pagination in (time, id) order, the one way lists are paged: counts the filtered rows, continues after
 * the cursor, fetches `first + 1` rows to know whether a next page exists.
 */
export async function paginateByTimeAndId<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: { first: number; after?: string | null },
  key: { timeColumn: string; idColumn: string; timeOf: (row: T) => Date; idOf: (row: T) => string },
): Promise<Connection<T>> {
  const { afterKey } = pageRequest(page.first, page.after, 2);
  const totalCount = await qb.getCount();
  if (afterKey) {
    const [at, id] = afterKey;
    if (typeof at !== 'string' || !isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw badInput('after', 'after is not a cursor of this list');
    }
    qb.andWhere(`(${key.timeColumn}, ${key.idColumn}) > (:pageAfterAt, :pageAfterId)`, {
      pageAfterAt: new Date(at),
      pageAfterId: id,
    });
  }
  const rows = await qb
    .orderBy(key.timeColumn, 'ASC')
    .addOrderBy(key.idColumn, 'ASC')
    .take(page.first + 1)
    .getMany();
  return toConnection(rows, page.first, totalCount, (row) => [key.timeOf(row).toISOString(), key.idOf(row)]);
}
