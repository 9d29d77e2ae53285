import { Plugin } from '@nestjs/apollo';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import { randomBytes } from 'node:crypto';
import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import stableJson from 'safe-stable-stringify';
import type {
  AfterQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import type { User } from '../auth/user.entity';
import type { GqlContext } from '../graphql/context';
import { DateTimeScalar } from '../graphql/date-time.scalar';

/** How long a cached page may be served after it was made (for changes made by other processes). */
export const CATALOGUE_CACHE_TTL_MS = 1_000;
/** How old a page may be when served while its replacement is being computed (another process's changes). */
const STALE_SERVE_MS = 2 * CATALOGUE_CACHE_TTL_MS;
const MAX_ENTRIES = 500;
const MAX_SHAPES = 1_000;
/** Statements that change nothing (anything else run outside a transaction empties the cache). */
const READS = /^\s*(SELECT|SHOW|START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i;
/**
 * Tables no catalogue page reads (issue #17, P2 under a mail backlog): a statement that only writes one of these, by
 * its first words, leaves the cache as it is. The mail ledger, the outbox and the statistics change with every
 * e-mail sent and every enrolment's follow-on work; emptying the cache for them made the catalogue recompute nearly
 * every request while a backlog drained. Anything else (a table not listed, a statement starting otherwise, a
 * function call such as enrol_in_session) still empties it: an allow-list, so a new table errs on the safe side.
 */
const UNSEEN_TABLES = [
  'mail_delivery',
  'outbox_event',
  'stats_enrolment_cell',
  'stats_enrolment_region_cell',
  'stats_score_cell',
  'stats_score_region_cell',
  'enrolment_change',
  'account_token',
  'assessment_attempt',
  'follow_up_response',
  'certificate',
  'stored_file',
  'training_material',
  'pledge',
  'expenditure',
  'seed_record',
];
const UNSEEN_WRITE = new RegExp(
  `^\\s*(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+"?(${UNSEEN_TABLES.join('|')})"?[\\s(]`,
  'i',
);
/** The table each write of a statement names (INSERT INTO t, UPDATE t, DELETE FROM t; not ON CONFLICT … DO UPDATE, FOR UPDATE). */
const WRITE_TARGETS = /\b(?:INSERT\s+INTO|(?<!\b(?:DO|FOR|KEY)\s+)UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/gi;
const UNSEEN = new Set(UNSEEN_TABLES);
/**
 * A statement with data-modifying CTEs whose writes, one at least, all go to unseen tables: the mail ledger's batch
 * (`WITH sent AS (UPDATE mail_delivery …) INSERT INTO mail_delivery …`, MailDeliveryService.writeBatch) and the
 * statistics' cells. A WITH statement naming no write (`WITH decision AS (SELECT * FROM enrol_in_session(…))`)
 * still counts as a change.
 */
function onlyUnseenWrites(sql: string): boolean {
  if (!/^\s*WITH\b/i.test(sql)) return false;
  const targets = [...sql.matchAll(WRITE_TARGETS)].map((m) => m[1].toLowerCase());
  return targets.length > 0 && targets.every((t) => UNSEEN.has(t));
}
/** Whether a statement may change what a catalogue page shows. */
export const mayChangeCatalogue = (sql: string): boolean =>
  !READS.test(sql) && !UNSEEN_WRITE.test(sql) && !onlyUnseenWrites(sql);

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

/**
 * The viewer's own fields on a catalogue session, answered by the enrolments feature (which owns them: sessions may not
 * depend on it) for a whole page at once. A page asking for them is cached without them and each caller's values are
 * put into a copy of it (see CatalogueViewerFieldsSource).
 */
const VIEWER_FIELDS: Record<string, ReadonlySet<string>> = {
  TrainingSession: new Set(['myEnrolment']),
  Webinar: new Set(['myEnrolment', 'joinUrl']),
  Workshop: new Set(['myEnrolment', 'travelFundable']),
};
/** The fields of `myEnrolment` the enrolment row holds as they are (no resolver of their own). */
const ENROLMENT_FIELDS = new Set(['id', 'status', 'funded', 'createdAt', 'statusChangedAt', 'endorsedAt']);

/** One viewer's fields on one session, decided as their resolvers decide them (enrolments/). */
export interface SessionViewerFields {
  /** TrainingSession.myEnrolment: the enrolment row its resolver would return (properties named as the fields). */
  myEnrolment: object | null;
  /** Workshop.travelFundable. */
  travelFundable: boolean | null;
  /** Webinar.joinUrl (read only when asked for). */
  joinUrl: string | null;
}

/**
 * The viewer's fields on these sessions, by session id, in one statement; a session it cannot answer is missing from
 * the map (the request is then executed as usual). Registered by the enrolments feature.
 */
export type CatalogueViewerFieldsSource = (
  viewer: User,
  sessionIds: readonly string[],
  withJoinUrl: boolean,
) => Promise<Map<string, SessionViewerFields>>;

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

/** How one viewer field of a session node is written into the response. */
type ViewerFieldSpec =
  | { field: 'myEnrolment'; select: { key: string; name: string; serialize: (value: unknown) => unknown }[] }
  | { field: 'travelFundable' | 'joinUrl' };

/**
 * Where the viewer fields of a document are: for each list of session nodes (the response keys of `sessions`, `edges`
 * and `node`), the key holding the session's id and the viewer fields by response key (the same for whichever type
 * the node is, or absent on it).
 */
interface ViewerPlan {
  nodes: { path: [string, string, string]; idKey: string; fields: Map<string, ViewerFieldSpec> }[];
  withJoinUrl: boolean;
}

/**
 * What a query document allows: not cacheable, or cacheable with `from` given by this variable (or not at all), and
 * with the viewer's fields filled in for each caller (viewer: where they are) or none.
 */
type Shape = { cacheable: false } | { cacheable: true; fromVariable: string | null; viewer: ViewerPlan | null };

/** A viewer field's place in a cached page: its value is left out of the text and written per caller. */
interface Hole {
  /** From `data`: sessions key, edges key, edge index, node key, field key. */
  path: [string, string, number, string, string];
  sessionId: string;
  spec: ViewerFieldSpec;
}

interface Entry {
  /** Sent as it is (documents of public fields only). */
  response: GraphQLResponse['body'];
  /** Documents with viewer fields: the page without their values, never sent as it is. */
  viewer: {
    plan: ViewerPlan;
    holes: Hole[];
    /** The page's JSON text cut at the holes: text[0], hole order[0], text[1], … */
    text: string[];
    order: number[];
    sessionIds: string[];
    /** The anonymous caller's answer, made on first use. */
    anonymous?: GraphQLResponse['body'];
  } | null;
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
 * - Changes committed by this process (a transaction that wrote a table a page may show: enrolments, schedule
 *   changes, …; any such statement run outside a transaction; see mayChangeCatalogue) empty the cache at once, and a response computed while such a change
 *   committed is not kept. Changes made by another process (a second
 *   API instance) show within CATALOGUE_CACHE_TTL_MS, 1 s: seats left may lag by that much there, as if the page had
 *   been loaded a second earlier (up to 2 s for callers arriving while the expired page is being recomputed by
 *   another caller: they get the previous page instead of waiting); enrolling still decides under the session's lock,
 *   and its answer says whether the seat was taken.
 * - Callers asking with a different `from` (a browser sends its own "now") share an entry as long as no session ends
 *   between their `from` and the one the page was computed for: the page and its total are then the same rows.
 * - The caller's token is still checked before this (context), and nothing viewer-dependent is ever cached.
 * - The viewer's own fields (TrainingSession.myEnrolment, Workshop.travelFundable, Webinar.joinUrl: the web app's
 *   catalogue asks for the first two, issue #17 P2b) are not in the cached page: it keeps their places, and each
 *   caller gets a copy with their own values, read fresh for the page's sessions in one statement by the enrolments
 *   feature (nothing for an anonymous caller: all null, as the resolvers answer). A document with such fields is
 *   only handled when its shape is exactly known (no directive, only the enrolment's own fields below myEnrolment, the
 *   session's id selected); anything else is executed as usual.
 */
@Plugin()
export class CatalogueCachePlugin implements ApolloServerPlugin, EntitySubscriberInterface {
  /** Full, the least recently used goes (not all of them at once, as a plain map emptied when full would). */
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES });
  private readonly shapes = new LRUCache<string, Shape>({ max: MAX_SHAPES });
  /** Pages being computed, by key: resolved with the entry, or null when none was kept. */
  private readonly computing = new Map<string, Promise<Entry | null>>();
  /** Bumped by every commit in this process that may change a page. */
  private version = 0;
  /** Transactions in progress that wrote what a page may show. */
  private readonly changing = new WeakSet<QueryRunner>();
  private viewerFields: CatalogueViewerFieldsSource | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    db.subscribers.push(this);
  }

  /** The enrolments feature answers the viewer fields (until it does, documents with them are executed as usual). */
  answerViewerFieldsWith(source: CatalogueViewerFieldsSource): void {
    this.viewerFields = source;
  }

  /** A transaction that wrote what a catalogue page shows empties the cache when it commits. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.changing.delete(event.queryRunner)) this.invalidate();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.changing.delete(event.queryRunner);
  }

  /** A write outside any transaction (a plain UPDATE through the data source) counts as committed once it ran. */
  afterQuery(event: AfterQueryEvent): void {
    if (!mayChangeCatalogue(event.query)) return;
    if (event.queryRunner?.isTransactionActive) this.changing.add(event.queryRunner);
    else this.invalidate();
  }

  private invalidate(): void {
    this.version++;
    this.entries.clear();
  }

  async requestDidStart(): Promise<GraphQLRequestListener<any>> {
    let pending: {
      key: string;
      version: number;
      from: Entry['from'];
      done: (e: Entry | null) => void;
      plan: ViewerPlan | null;
    } | null = null;
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
        if (hit) return this.answer(hit, ctx);
        // One caller computes a missing page; those asking meanwhile wait for it rather than all computing it.
        const computing = this.computing.get(key);
        // While another caller recomputes a page that only aged out (nothing changed in this process since), the
        // page it replaces is served: under load a recomputation takes long, and every caller waited for it.
        const stale = computing ? this.usable(this.entries.get(key), from, STALE_SERVE_MS) : null;
        if (stale) return this.answer(stale, ctx);
        if (computing) {
          // (Not forever: if that caller never got its answer, this one computes its own after 5 s.)
          let timer: NodeJS.Timeout | undefined;
          const waited = await Promise.race([
            computing,
            new Promise<null>((r) => (timer = setTimeout(() => r(null), 5_000))),
          ]);
          clearTimeout(timer);
          const made = this.usable(waited ?? undefined, from);
          return made ? this.answer(made, ctx) : null;
        }
        let done!: (e: Entry | null) => void;
        this.computing.set(key, new Promise<Entry | null>((resolve) => (done = resolve)));
        const version = this.version;
        try {
          pending = { key, version, from: from === null ? null : await this.interval(from), done, plan: shape.viewer };
        } catch (err) {
          this.computing.delete(key);
          done(null);
          throw err;
        }
        return null;
      },
      willSendResponse: async (ctx: GraphQLRequestContextWillSendResponse<any>) => {
        if (!pending) return;
        const { key, version, from, done, plan } = pending;
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
        let viewer: Entry['viewer'] = null;
        if (plan) {
          viewer = withoutViewerFields(data, plan);
          if (!viewer) return done(null);
        } else {
          // What Apollo would send for { errors, data, extensions } with no errors nor extensions.
          serialized.set(data, `${JSON.stringify({ data })}\n`);
        }
        const entry: Entry = {
          response: { kind: 'single', singleResult: { data } },
          viewer,
          madeAt: Date.now(),
          version,
          from,
        };
        this.entries.set(key, entry);
        done(entry);
      },
    };
  }

  /**
   * The answer from a cached page: as it is, or a copy with this caller's own viewer fields (null: executed as usual).
   */
  private async answer(
    entry: Entry,
    ctx: GraphQLRequestContextResponseForOperation<any>,
  ): Promise<GraphQLResponse | null> {
    const page = entry.viewer;
    if (!page) return { http: ctx.response.http, body: entry.response };
    const user = (ctx.contextValue as GqlContext | undefined)?.user ?? null;
    if (!user) {
      const anonymous = (page.anonymous ??= fillViewerFields(entry, () => null));
      return { http: ctx.response.http, body: anonymous };
    }
    if (!this.viewerFields) return null;
    let values: Map<string, SessionViewerFields>;
    try {
      values = await this.viewerFields(user, page.sessionIds, page.plan.withJoinUrl);
    } catch {
      return null; // executed, so the caller gets the error as the resolvers give it
    }
    if (page.sessionIds.some((id) => !values.has(id))) return null;
    return { http: ctx.response.http, body: fillViewerFields(entry, (id) => values.get(id)!) };
  }

  /** The entry if it may still be served, to a caller asking with this `from`. */
  private usable(entry: Entry | undefined, from: number | null, ttlMs = CATALOGUE_CACHE_TTL_MS): Entry | null {
    if (!entry || entry.version !== this.version || Date.now() - entry.madeAt >= ttlMs) return null;
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
  let viewerFields = false;
  let directives = false;

  const walk = (set: SelectionSetNode, typeName: string, depth: number): void => {
    if (!ok || depth > 12) return void (ok = false);
    for (const sel of set.selections) {
      for (const d of sel.directives ?? []) {
        directives = true;
        if (d.name.value !== 'include' && d.name.value !== 'skip') return void (ok = false);
        for (const a of d.arguments ?? []) if (a.value.kind === Kind.VARIABLE) count(a.value.name.value);
      }
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name === '__typename') continue;
        if (VIEWER_FIELDS[typeName]?.has(name)) {
          viewerFields = true;
          if (sel.arguments?.length) return void (ok = false);
          if (name === 'myEnrolment' && !enrolmentFieldsOnly(sel.selectionSet, fragments, 0)) return void (ok = false);
          continue;
        }
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
  if (!viewerFields) return { cacheable: true, fromVariable, viewer: null };
  // With viewer fields, the places of their values must follow from the document alone: no directive.
  const viewer = directives ? null : viewerPlan(operation, fragments, schema);
  return viewer ? { cacheable: true, fromVariable, viewer } : { cacheable: false };
}

/** Whether a selection below myEnrolment holds only the enrolment row's own fields and `__typename`. */
function enrolmentFieldsOnly(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  depth: number,
): boolean {
  if (!set || depth > 4) return false;
  return set.selections.every((sel) => {
    if (sel.directives?.length) return false;
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      return (name === '__typename' || ENROLMENT_FIELDS.has(name)) && !sel.arguments?.length && !sel.selectionSet;
    }
    const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
    if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== 'Enrolment')) return false;
    return enrolmentFieldsOnly(fragment.selectionSet, fragments, depth + 1);
  });
}

/**
 * The response keys of these selection sets for an object of this type, with their fields, in the order of the
 * response (graphql-js's CollectFields for a document without directives).
 */
function collectFields(
  sets: readonly SelectionSetNode[],
  typeName: string,
  fragments: Map<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
  into = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  const runtime = schema.getType(typeName);
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === typeName) return true;
    const type = schema.getType(condition);
    return !!type && isAbstractType(type) && isObjectType(runtime) && schema.isSubType(type, runtime);
  };
  for (const set of sets) {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        into.set(key, [...(into.get(key) ?? []), sel]);
      } else {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (fragment && applies(fragment.typeCondition?.name.value)) {
          collectFields([fragment.selectionSet], typeName, fragments, schema, into);
        }
      }
    }
  }
  return into;
}

/** Where a document's viewer fields are in its response, or null when that is not certain for every session. */
function viewerPlan(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
): ViewerPlan | null {
  const sessionInterface = schema.getType('TrainingSession');
  const enrolment = schema.getType('Enrolment');
  if (!isInterfaceType(sessionInterface) || !isObjectType(enrolment)) return null;
  const kinds = schema.getPossibleTypes(sessionInterface).map((t) => t.name);
  const below = (nodes: FieldNode[]) => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const named = (fields: Map<string, FieldNode[]>, name: string) =>
    [...fields].filter(([, nodes]) => nodes[0].name.value === name);

  const plan: ViewerPlan = { nodes: [], withJoinUrl: false };
  for (const [sessionsKey, sessions] of named(
    collectFields([operation.selectionSet], 'Query', fragments, schema),
    'sessions',
  )) {
    const connection = collectFields(below(sessions), 'TrainingSessionConnection', fragments, schema);
    for (const [edgesKey, edges] of named(connection, 'edges')) {
      const edge = collectFields(below(edges), 'TrainingSessionEdge', fragments, schema);
      for (const [nodeKey, node] of named(edge, 'node')) {
        const byKind = kinds.map((kind) => ({ kind, fields: collectFields(below(node), kind, fragments, schema) }));
        const fields = new Map<string, ViewerFieldSpec>();
        const described = new Map<string, string>();
        for (const { kind, fields: selected } of byKind) {
          for (const [key, nodes] of selected) {
            const name = nodes[0].name.value;
            if (!VIEWER_FIELDS[kind]?.has(name)) continue;
            const spec: ViewerFieldSpec =
              name === 'myEnrolment'
                ? {
                    field: 'myEnrolment',
                    select: [...collectFields(below(nodes), 'Enrolment', fragments, schema)].map(([k, n]) => ({
                      key: k,
                      name: n[0].name.value,
                      serialize: serializerOf(enrolment.getFields()[n[0].name.value]?.type),
                    })),
                  }
                : { field: name as 'travelFundable' | 'joinUrl' };
            const description = JSON.stringify([
              name,
              spec.field === 'myEnrolment' ? spec.select.map((f) => [f.key, f.name]) : [],
            ]);
            if (described.has(key) && described.get(key) !== description) return null;
            described.set(key, description);
            fields.set(key, spec);
          }
        }
        if (!fields.size) continue;
        // A key that is a viewer field on one kind of session must not be another field on the other.
        for (const key of fields.keys()) {
          for (const { kind, fields: selected } of byKind) {
            const name = selected.get(key)?.[0].name.value;
            if (name !== undefined && !VIEWER_FIELDS[kind]?.has(name)) return null;
          }
        }
        const idKey = [...byKind[0].fields].find(
          ([key, nodes]) =>
            nodes[0].name.value === 'id' && byKind.every((k) => k.fields.get(key)?.[0].name.value === 'id'),
        )?.[0];
        if (idKey === undefined) return null;
        if ([...fields.values()].some((f) => f.field === 'joinUrl')) plan.withJoinUrl = true;
        plan.nodes.push({ path: [sessionsKey, edgesKey, nodeKey], idKey, fields });
      }
    }
  }
  return plan.nodes.length ? plan : null;
}

/** How graphql-js writes a value of this leaf type (`__typename` when there is no field). */
function serializerOf(type: Parameters<typeof getNamedType>[0] | undefined): (value: unknown) => unknown {
  if (!type) return () => 'Enrolment';
  const leaf = getNamedType(type);
  if (!isLeafType(leaf)) throw new Error(`Enrolment field of type ${leaf.name} is not a leaf`);
  return (value) => (value == null ? null : leaf.serialize(value));
}

/**
 * The cached form of a page with viewer fields: their values (the first caller's) replaced by markers, the JSON text
 * cut at the markers, and which session each one belongs to. Null when the response is not the expected shape.
 */
function withoutViewerFields(data: Record<string, unknown>, plan: ViewerPlan): Entry['viewer'] {
  const marker = `catalogue-viewer-field:${randomBytes(12).toString('hex')}:`;
  const holes: Hole[] = [];
  const sessionIds = new Set<string>();
  for (const { path, idKey, fields } of plan.nodes) {
    const edges = (data[path[0]] as Record<string, unknown> | null)?.[path[1]];
    if (!Array.isArray(edges)) return null;
    for (let i = 0; i < edges.length; i++) {
      const node = (edges[i] as Record<string, unknown> | null)?.[path[2]] as Record<string, unknown> | undefined;
      if (!node) return null;
      const id = node[idKey];
      if (typeof id !== 'string') return null;
      for (const [key, spec] of fields) {
        if (!(key in node)) continue;
        node[key] = `${marker}${holes.length}`;
        holes.push({ path: [path[0], path[1], i, path[2], key], sessionId: id, spec });
        sessionIds.add(id);
      }
    }
  }
  const parts = `${JSON.stringify({ data })}\n`.split(new RegExp(`"${marker}(\\d+)"`));
  const text = parts.filter((_, i) => i % 2 === 0);
  const order = parts.filter((_, i) => i % 2 === 1).map(Number);
  if (order.length !== holes.length) return null;
  return { plan, holes, text, order, sessionIds: [...sessionIds] };
}

/** A copy of a cached page with one caller's viewer fields, and its JSON text (by the page's own, cut at the holes). */
function fillViewerFields(
  entry: Entry,
  of: (sessionId: string) => SessionViewerFields | null,
): GraphQLResponse['body'] {
  const page = entry.viewer!;
  const values = page.holes.map((hole) => viewerValue(hole.spec, of(hole.sessionId)));
  // Copied only along the way to each hole; everything else is shared with the cached page (never changed).
  const source = (entry.response as { singleResult: { data: Record<string, unknown> } }).singleResult.data;
  const copies = new Map<object, any>();
  const own = (original: any): any => {
    let copy = copies.get(original);
    if (!copy) copies.set(original, (copy = Array.isArray(original) ? [...original] : { ...original }));
    return copy;
  };
  const data = own(source);
  page.holes.forEach((hole, i) => {
    const [sessions, edges, index, node, key] = hole.path;
    const connection = (data[sessions] = own(data[sessions]));
    const list = (connection[edges] = own(connection[edges]));
    const edge = (list[index] = own(list[index]));
    (edge[node] = own(edge[node]))[key] = values[i];
  });
  let text = page.text[0];
  for (let i = 0; i < page.order.length; i++) text += JSON.stringify(values[page.order[i]]) + page.text[i + 1];
  serialized.set(data, text);
  return { kind: 'single', singleResult: { data } };
}

function viewerValue(spec: ViewerFieldSpec, fields: SessionViewerFields | null): unknown {
  if (spec.field !== 'myEnrolment') return fields?.[spec.field] ?? null;
  const enrolment = fields?.myEnrolment as Record<string, unknown> | null | undefined;
  if (!enrolment) return null;
  const out: Record<string, unknown> = {};
  for (const { key, name, serialize } of spec.select)
    out[key] = serialize(name === '__typename' ? null : enrolment[name]);
  return out;
}

function containsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(containsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => containsVariable(f.value));
  return false;
}
