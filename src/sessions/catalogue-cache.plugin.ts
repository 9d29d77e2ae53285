import { Plugin } from '@nestjs/apollo';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import stableJson from 'safe-stable-stringify';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import { DateTimeScalar } from '../graphql/date-time.scalar';

/** How long a cached page may be served after it was made (for changes made by other processes). */
export const CATALOGUE_CACHE_TTL_MS = 1_000;
const MAX_ENTRIES = 500;
const MAX_SHAPES = 1_000;
/** Statements that change nothing (anything else run outside a transaction empties the cache). */
const READS = /^\s*(SELECT|SHOW|START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i;

/**
 * The only fields a cached catalogue response may hold: the same for every caller, anonymous or signed in (no join
 * link, no e-mail, no costs). A query selecting anything else is executed as usual. Keep this list to fields whose
 * resolvers never look at the viewer.
 */
const SESSION_FIELDS = [
  'id',
  'kind',
  'title',
  'startsAt',
  'endsAt',
  'timeZone',
  'language',
  'status',
  'cancelReason',
  'capacity',
  'seatsTaken',
  'seatsLeft',
  'modules',
  'trainers',
];
const PUBLIC_FIELDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    Query: ['sessions'],
    TrainingSessionConnection: ['totalCount', 'pageInfo', 'edges'],
    TrainingSessionEdge: ['cursor', 'node'],
    PageInfo: ['hasNextPage', 'endCursor'],
    TrainingSession: SESSION_FIELDS,
    Webinar: SESSION_FIELDS,
    Workshop: [...SESSION_FIELDS, 'region', 'venue', 'fundedSeatsPerParty', 'hostCentre', 'prerequisiteModules'],
    ThematicModule: ['id', 'code', 'title', 'summary', 'learningObjectives', 'passMark'],
    User: ['id', 'fullName'],
    RegionalCentre: ['id', 'name', 'city', 'country'],
    Party: ['code', 'name', 'region', 'status'],
  }).map(([type, fields]) => [type, new Set(fields)]),
);

/** The JSON text of each cached page's data, made once (by data object: gone with the entry). */
const serialized = new WeakMap<object, string>();

/**
 * Apollo's `stringifyResult`: a cached page is sent as the text made when it was cached instead of being serialised
 * again for every caller (30 kB: a third of what a cached answer costs the API); anything else as Apollo does it.
 */
export function stringifyResult(value: { data?: unknown; errors?: unknown; extensions?: unknown }): string {
  if (value.errors === undefined && value.extensions === undefined && value.data && typeof value.data === 'object') {
    const text = serialized.get(value.data);
    if (text !== undefined) return text;
  }
  return `${JSON.stringify(value)}\n`;
}

/** What a query document allows: not cacheable, or cacheable with `from` given by this variable (or not at all). */
type Shape = { cacheable: false } | { cacheable: true; fromVariable: string | null };

interface Entry {
  response: GraphQLResponse['body'];
  madeAt: number;
  version: number;
  /** The page holds for any `from` in (after, upTo]: no session ends in between (null: `from` not given). */
  from: { after: number; upTo: number } | null;
}

/**
 * A short-lived cache of whole catalogue responses (`sessions` with the public fields above): the page of 50
 * upcoming sessions with modules, trainers and seats left is what every visitor asks for, and executing it (ten
 * queries, some 1,300 fields) cost 30 times a trivial request (issue #6, P2).
 *
 * Correctness:
 * - Changes committed by this process (any transaction: enrolments, schedule changes, …; any statement other than
 *   a read run outside a transaction) empty the cache at once, and a response computed while such a change
 *   committed is not kept. Changes made by another process (a second
 *   API instance) show within CATALOGUE_CACHE_TTL_MS, 1 s: seats left may lag by that much there, as if the page had
 *   been loaded a second earlier; enrolling still decides under the session's lock, and its answer says whether the
 *   seat was taken.
 * - Callers asking with a different `from` (a browser sends its own "now") share an entry as long as no session ends
 *   between their `from` and the one the page was computed for: the page and its total are then the same rows.
 * - The caller's token is still checked before this (context), and nothing viewer-dependent is ever cached.
 */
@Plugin()
export class CatalogueCachePlugin implements ApolloServerPlugin, EntitySubscriberInterface {
  /** Full, the least recently used goes (not all of them at once, as a plain map emptied when full would). */
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES });
  private readonly shapes = new LRUCache<string, Shape>({ max: MAX_SHAPES });
  /** Pages being computed, by key: resolved with the entry, or null when none was kept. */
  private readonly computing = new Map<string, Promise<Entry | null>>();
  /** Bumped by every commit in this process. */
  private version = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    db.subscribers.push(this);
  }

  afterTransactionCommit(): void {
    this.invalidate();
  }

  /** A write outside any transaction (a plain UPDATE through the data source) counts as committed once it ran. */
  afterQuery(event: AfterQueryEvent): void {
    if (!event.queryRunner?.isTransactionActive && !READS.test(event.query)) this.invalidate();
  }

  private invalidate(): void {
    this.version++;
    this.entries.clear();
  }

  async requestDidStart(): Promise<GraphQLRequestListener<any>> {
    let pending: { key: string; version: number; from: Entry['from']; done: (e: Entry | null) => void } | null = null;
    return {
      responseForOperation: async (ctx: GraphQLRequestContextResponseForOperation<any>) => {
        const shape = this.shapeOf(ctx.queryHash ?? '', ctx.operationName, ctx.document, ctx.operation, ctx.schema);
        if (!shape.cacheable) return null;
        const variables = { ...(ctx.request.variables ?? {}) };
        let from: number | null = null;
        if (shape.fromVariable !== null && variables[shape.fromVariable] != null) {
          try {
            from = DateTimeScalar.parseValue(variables[shape.fromVariable]).getTime();
          } catch {
            return null; // executed, so the caller gets the scalar's error
          }
          delete variables[shape.fromVariable];
        }
        const key = `${ctx.queryHash}|${ctx.operationName ?? ''}|${stableJson(variables) ?? 'null'}|${from === null ? 'all' : 'from'}`;
        const hit = this.usable(this.entries.get(key), from);
        if (hit) return { http: ctx.response.http, body: hit.response };
        // One caller computes a missing page; those asking meanwhile wait for it rather than all computing it.
        const computing = this.computing.get(key);
        if (computing) {
          // (Not forever: if that caller never got its answer, this one computes its own after 5 s.)
          let timer: NodeJS.Timeout | undefined;
          const waited = await Promise.race([
            computing,
            new Promise<null>((r) => (timer = setTimeout(() => r(null), 5_000))),
          ]);
          clearTimeout(timer);
          const made = this.usable(waited ?? undefined, from);
          if (made) return { http: ctx.response.http, body: made.response };
          return null;
        }
        let done!: (e: Entry | null) => void;
        this.computing.set(key, new Promise<Entry | null>((resolve) => (done = resolve)));
        const version = this.version;
        try {
          pending = { key, version, from: from === null ? null : await this.interval(from), done };
        } catch (err) {
          this.computing.delete(key);
          done(null);
          throw err;
        }
        return null;
      },
      willSendResponse: async (ctx: GraphQLRequestContextWillSendResponse<any>) => {
        if (!pending) return;
        const { key, version, from, done } = pending;
        pending = null;
        this.computing.delete(key);
        const body = ctx.response.body;
        if (
          version !== this.version ||
          body.kind !== 'single' ||
          body.singleResult.errors?.length ||
          !body.singleResult.data
        ) {
          return done(null);
        }
        // Copied through JSON: graphql-js builds results of prototype-less objects, which V8 serialises a third
        // slower than plain ones, and each hit serialises the page again.
        const data = JSON.parse(JSON.stringify(body.singleResult.data)) as Record<string, unknown>;
        // What Apollo would send for { errors, data, extensions } with no errors nor extensions.
        serialized.set(data, `${JSON.stringify({ data })}\n`);
        const entry: Entry = {
          response: { kind: 'single', singleResult: { data } },
          madeAt: Date.now(),
          version,
          from,
        };
        this.entries.set(key, entry);
        done(entry);
      },
    };
  }

  /** The entry if it may still be served, to a caller asking with this `from`. */
  private usable(entry: Entry | undefined, from: number | null): Entry | null {
    if (!entry || entry.version !== this.version || Date.now() - entry.madeAt >= CATALOGUE_CACHE_TTL_MS) return null;
    if (from === null) return entry.from === null ? entry : null;
    return entry.from !== null && from > entry.from.after && from <= entry.from.upTo ? entry : null;
  }

  /** The `from` values giving the same rows as this one: after the last session end before it, up to the next. */
  private async interval(from: number): Promise<Entry['from']> {
    const [row]: { after: Date | null; up_to: Date | null }[] = await this.db.query(
      `SELECT max(ends_at) FILTER (WHERE ends_at < $1) AS after, min(ends_at) FILTER (WHERE ends_at >= $1) AS up_to
         FROM training_session`,
      [new Date(from)],
    );
    return {
      after: row.after ? row.after.getTime() : -Infinity,
      upTo: row.up_to ? row.up_to.getTime() : Infinity,
    };
  }

  /** Whether a document is a catalogue query of public fields only (worked out once per document). */
  private shapeOf(
    queryHash: string,
    operationName: string | null,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    schema: GraphQLSchema,
  ): Shape {
    const id = `${queryHash}|${operationName ?? ''}`;
    let shape = this.shapes.get(id);
    if (!shape) {
      shape = analyse(document, operation, schema);
      this.shapes.set(id, shape);
    }
    return shape;
  }
}

function analyse(document: DocumentNode, operation: OperationDefinitionNode, schema: GraphQLSchema): Shape {
  if (operation.operation !== 'query') return { cacheable: false };
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  let fromVariable: string | null = null;
  const variableUses = new Map<string, number>();
  let ok = true;

  const walk = (set: SelectionSetNode, typeName: string, depth: number): void => {
    if (!ok || depth > 12) return void (ok = false);
    for (const sel of set.selections) {
      for (const d of sel.directives ?? []) {
        if (d.name.value !== 'include' && d.name.value !== 'skip') return void (ok = false);
        for (const a of d.arguments ?? []) if (a.value.kind === Kind.VARIABLE) count(a.value.name.value);
      }
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === '__typename') continue;
        if (!PUBLIC_FIELDS[typeName]?.has(name)) return void (ok = false);
        if (typeName === 'Query') {
          for (const arg of sel.arguments ?? []) {
            if (arg.value.kind === Kind.VARIABLE) {
              count(arg.value.name.value);
              if (arg.name.value === 'from') fromVariable = arg.value.name.value;
            } else if (containsVariable(arg.value)) {
              return void (ok = false);
            }
          }
        } else if (sel.arguments?.length) {
          return void (ok = false);
        }
        const parent = schema.getType(typeName);
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!field) return void (ok = false);
        if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type).name, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition?.name.value ?? typeName;
        if (!PUBLIC_FIELDS[on]) return void (ok = false);
        walk(sel.selectionSet, on, depth + 1);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || !PUBLIC_FIELDS[fragment.typeCondition.name.value]) return void (ok = false);
        walk(fragment.selectionSet, fragment.typeCondition.name.value, depth + 1);
      }
    }
  };
  const count = (name: string) => variableUses.set(name, (variableUses.get(name) ?? 0) + 1);
  walk(operation.selectionSet, 'Query', 0);
  if (!ok) return { cacheable: false };
  // `from` shares entries only when its variable means nothing else in the document.
  if (fromVariable !== null && variableUses.get(fromVariable) !== 1) fromVariable = null;
  return { cacheable: true, fromVariable };
}

function containsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(containsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => containsVariable(f.value));
  return false;
}
