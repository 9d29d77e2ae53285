import fc, { toStringMethod } from 'fast-check';
import type { GraphQLField, GraphQLSchema } from 'graphql';

/**
 * Property-based fuzzing of GraphQL operations, built from the running schema: for each argument an arbitrary
 * that mixes valid-looking values (real ids, module codes, Party codes) with hostile ones (huge strings, control
 * characters, far dates, extreme numbers, unknown ids) and wrong types; the request it becomes (variables or
 * inline literals); and the checks every answer must pass (no 5xx, documented codes only, nothing leaked).
 */

// ---- values that print small and are sent big or raw ----

/** A string too big to print: shown as Big("x"×n) in a counterexample, sent in full. */
export class Big {
  private cached?: string;
  constructor(
    readonly ch: string,
    readonly n: number,
  ) {}
  get value(): string {
    return (this.cached ??= this.ch.repeat(this.n));
  }
  [toStringMethod](): string {
    return `Big(${JSON.stringify(this.ch)}×${this.n})`;
  }
}

/** Text JSON.stringify cannot write: `1e999` (JSON.parse reads it as Infinity), or not JSON at all (`NaN`). */
export class Raw {
  constructor(
    readonly json: string,
    readonly literal = json,
  ) {}
  [toStringMethod](): string {
    return `Raw(${this.json})`;
  }
}

/** Leave the argument or field out altogether. */
export const OMIT = Symbol('omit');

// ---- the reference data the arbitraries draw valid-looking values from ----

export interface Pools {
  sessionIds: string[];
  enrolmentIds: string[];
  userIds: string[];
  delegateIds: string[];
  trainerIds: string[];
  assessmentIds: string[];
  questionIds: string[];
  materialIds: string[];
  certificateIds: string[];
  mailDeliveryIds: string[];
  centreIds: string[];
  moduleCodes: string[];
  partyCodes: string[];
  components: string[];
  emails: string[];
}

// ---- hostile values ----

/** Over any sensible body limit: the body parser must refuse it with a 4xx, not a 500. */
export const ONE_MB = new Big('x', 1 << 20);
/** Just under the 256 kB body limit (one of them; two in one request go over it). */
export const NEAR_LIMIT = [
  new Big('a', 200_000),
  new Big('é', 100_000),
  new Big('\u0001', 30_000),
  new Big('😀', 50_000),
];

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\f',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u200b',
  '\ufeff',
];

export const HOSTILE_STRINGS: (string | Big)[] = [
  '',
  ' ',
  '   \t\n  ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(50),
  '\u001b[31mred\u001b[0m',
  'line1\r\nline2',
  '\u202egnp.exe',
  'مرحبا بالعالم',
  'שלום',
  '👩🏽‍🏫🎓🇸🇳',
  'Z̵̡̢͈̝̽a̸̛̱͓l̶̰̓g̷̣̈o̵̱͝',
  '\ud800',
  '\udfff\ud800',
  '\ufeffBOM',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  '0x7fffffff',
  "'; DROP TABLE enrolment; --",
  "' OR '1'='1",
  '" OR ""="',
  "\\'; SELECT pg_sleep(10); --",
  "' UNION SELECT password_hash FROM app_user --",
  'Robert"); DELETE FROM certificate WHERE ("1"="1',
  '$1',
  '%',
  '_%_',
  '\\',
  '%00',
  '{"$gt": ""}',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'ftp://example.org/x',
  'Mars/Olympus',
  '+02:00',
  'a'.repeat(41),
  'a'.repeat(65),
  'a'.repeat(201),
  'a'.repeat(255),
  'a'.repeat(301),
  'a'.repeat(501),
  'a'.repeat(2001),
  'a'.repeat(4001),
  'a'.repeat(10_001),
  ' '.repeat(500),
  ONE_MB,
  ...NEAR_LIMIT,
];

/**
 * Text every single-line field (a name, a title, a venue, a reason, a donor, a budget component) refuses (issue #13):
 * nothing but spaces, bidi overrides and isolates, zero-width characters, line and paragraph separators, line breaks.
 */
export const SINGLE_LINE_REFUSED: string[] = [
  '     ',
  '\u00a0\u3000 ',
  'Awa\u202eNdiaye',
  '\u202egnp.exe',
  '\u2066Awa\u2069 Ndiaye',
  'A\u200bwa',
  'Awa\u200c',
  'A\u200dwa',
  '\u2060',
  '\ufeffAwa',
  'Awa\u2028Ndiaye',
  'Awa\u2029',
  'Awa\nNdiaye',
  '\tAwa',
];

const CURSOR_ID = '0b7f7c8e-3c57-4b8a-9f6e-2f1d3c4b5a69';
const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Cursors the lists never hand out (issue #13): dates from the whole JavaScript range (10001 BC was a 500), impossible
 * and offset dates, ids that are not UUIDs, other shapes, other encodings, and plain garbage. A valid position may
 * come out by chance; the answer is then a page.
 */
export function craftedCursor(): fc.Arbitrary<string> {
  const at = fc.oneof(
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom<unknown>('-010000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', ...HOSTILE_DATES, 0, null, {}),
  );
  const id = fc.oneof(
    fc.uuid(),
    fc.constantFrom<unknown>(CURSOR_ID, CURSOR_ID.toUpperCase(), 'not-a-uuid', '', 7, null, "1' OR '1'='1"),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(at, id).map(base64urlJson) },
    { weight: 1, arbitrary: fc.tuple(at, id, id).map(base64urlJson) },
    { weight: 1, arbitrary: fc.tuple(at, id).map(([a, i]) => base64urlJson({ at: a, id: i })) },
    { weight: 1, arbitrary: fc.tuple(at, id).map((key) => Buffer.from(JSON.stringify(key)).toString('base64')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '%%%', 'A'.repeat(600), 'bnVsbA', 'W10') },
  );
}

const controlString = fc.string({ unit: fc.constantFrom(...CONTROL, 'a', 'é', '😀', ' '), maxLength: 24 });

function hostileString(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: controlString },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    // A value that passes a shape check (a module code, an e-mail, a time zone) with something hostile around it.
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...CONTROL, ' ', "'", '%', ';--'), fc.boolean())
        .map(([v, c, before]) => (typeof v === 'string' ? (before ? c + v : v + c) : v)),
    },
  );
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
function hostileId(pool: string[]): fc.Arbitrary<unknown> {
  const real = pool.length ? fc.constantFrom(...pool) : fc.uuid();
  return fc.oneof(
    { weight: 4, arbitrary: fc.uuid() },
    {
      weight: 4,
      arbitrary: fc.constantFrom<unknown>(
        NIL_UUID,
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        'not-a-uuid',
        '1',
        '0',
        '-1',
        'null',
        '',
        ' ',
        "1' OR '1'='1",
        '{}',
        'a'.repeat(10_000),
        ONE_MB,
        NEAR_LIMIT[0],
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(real, fc.constantFrom('upper', 'space', 'nul', 'nodash', 'prefix', 'truncate'))
        .map(([id, how]) =>
          how === 'upper'
            ? id.toUpperCase()
            : how === 'space'
              ? ` ${id} `
              : how === 'nul'
                ? `${id}\u0000`
                : how === 'nodash'
                  ? id.replace(/-/g, '')
                  : how === 'prefix'
                    ? `x${id}`
                    : id.slice(0, 35),
        ),
    },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }, // IDs accept ints in variables
  );
}

const INT_EDGES = [0, -1, 1, -(2 ** 31), 2 ** 31 - 1, 100_000, 100_001, 1001, 2001, 10, 11];
const FLOAT_EDGES: unknown[] = [
  0,
  -0.01,
  -1,
  0.001,
  0.1 + 0.2,
  1e9,
  1e9 + 0.01,
  1e15,
  2 ** 53,
  2 ** 53 + 2,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  5e-324,
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('-0'),
];
/** Far past, far future, impossible, offset-less, out-of-range-offset, and not dates at all. */
const HOSTILE_DATES: unknown[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1000-06-15T12:00:00Z',
  '1899-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2001-01-01T00:00:00Z',
  '2099-12-31T23:59:59Z',
  '2100-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '2027-02-30T10:00:00Z',
  '2027-02-29T10:00:00Z',
  '2027-13-01T00:00:00Z',
  '2027-00-10T00:00:00Z',
  '2027-01-01T24:00:00Z',
  '2027-01-01T23:60:00Z',
  '2027-01-01T12:00:60Z',
  '2027-01-01T12:00:00+99:99',
  '2027-01-01T12:00:00-23:59',
  '2027-01-01T12:00:00',
  '2027-01-01',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  'now',
  'yesterday',
  '',
  'NaN',
  'Invalid Date',
  '2027-01-01T12:00:00Z\u0000',
  ' 2027-01-01T12:00:00Z',
];

// ---- valid-looking values, by the argument's name ----

interface Hint {
  mutation: string;
  name: string;
  pools: Pools;
}

const words = fc.lorem({ maxCount: 4 }).map((s) => s || 'text');

function validString(h: Hint): fc.Arbitrary<unknown> {
  const { pools } = h;
  const n = h.name.toLowerCase();
  const from = (list: string[], fallback: fc.Arbitrary<string>) => (list.length ? fc.constantFrom(...list) : fallback);
  if (n.includes('modulecode')) {
    return weighted(
      [6, from(pools.moduleCodes, words)],
      [2, from(pools.moduleCodes, words).map((c) => c.toLowerCase())],
      [1, words],
    );
  }
  if (n.includes('partycode')) return fc.oneof(from(pools.partyCodes, words), fc.constantFrom('sen', 'XXX', 'FR'));
  if (n === 'email') {
    return weighted(
      [3, from(pools.emails, words)],
      [5, fc.uuid().map((u) => `fuzz.${u.slice(0, 8)}@test.example.org`)],
      [1, fc.emailAddress()],
    );
  }
  if (n === 'password') return fc.constantFrom('correct horse battery', 'admin-password-123', 'short', 'a'.repeat(200));
  if (n.includes('timezone')) {
    return fc.constantFrom('UTC', 'Europe/Zurich', 'Africa/Dakar', 'America/Lima', 'Asia/Kathmandu', 'europe/paris');
  }
  if (n.includes('url')) {
    return weighted(
      [
        3,
        fc.constantFrom(
          'https://example.org/a.pdf',
          'http://localhost:3000/x',
          'https://webinars.example.org/nip?x=1#y',
        ),
      ],
      [1, fc.webUrl({ validSchemes: ['https'] })],
    );
  }
  if (n === 'gender') return fc.constantFrom('female', 'male', 'other', 'FEMALE', 'x');
  if (n === 'component')
    return fc.oneof(
      from(pools.components, words),
      from(pools.components, words).map((c) => c.toUpperCase()),
      words,
    );
  return fc.oneof(words, fc.string({ minLength: 1, maxLength: 30 }));
}

function idPool(h: Hint): string[] {
  const p = h.pools;
  const n = h.name.toLowerCase();
  const m = h.mutation.toLowerCase();
  if (n === 'sessionid' || n === 'sessionids') return p.sessionIds;
  if (n.startsWith('delegateid')) return p.delegateIds;
  if (n.startsWith('trainerid')) return p.trainerIds;
  if (n.includes('centreid')) return p.centreIds;
  if (n === 'assessmentid') return p.assessmentIds;
  if (n === 'questionid') return p.questionIds;
  if (n === 'id') {
    if (m.includes('enrolment')) return p.enrolmentIds;
    if (m.includes('material')) return p.materialIds;
    if (m.includes('certificate')) return p.certificateIds;
    if (m.includes('maildelivery')) return p.mailDeliveryIds;
    if (m.includes('user')) return p.userIds;
    if (m.includes('session') || m.includes('capacity')) return p.sessionIds;
  }
  return allIds(p);
}

const allIds = (p: Pools) => [
  ...p.sessionIds,
  ...p.enrolmentIds,
  ...p.userIds,
  ...p.assessmentIds,
  ...p.questionIds,
  ...p.materialIds,
  ...p.certificateIds,
  ...p.mailDeliveryIds,
  ...p.centreIds,
];

function validId(h: Hint): fc.Arbitrary<unknown> {
  const pool = idPool(h);
  const all = allIds(h.pools);
  return fc.oneof(
    { weight: 8, arbitrary: pool.length ? fc.constantFrom(...pool) : fc.uuid() },
    { weight: 1, arbitrary: all.length ? fc.constantFrom(...all) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

function validInt(h: Hint): fc.Arbitrary<number> {
  const n = h.name.toLowerCase();
  if (n === 'capacity') return fc.integer({ min: 1, max: 400 });
  if (n === 'points') return fc.integer({ min: 0, max: 10 });
  if (n === 'correct' || n === 'selected') return fc.integer({ min: 0, max: 3 });
  if (n.startsWith('fundedseats')) return fc.integer({ min: 0, max: 5 });
  if (n === 'first') return fc.integer({ min: 1, max: 50 });
  return fc.integer({ min: -5, max: 100 });
}

const validFloat = fc.oneof(
  fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100),
  fc.integer({ min: 1, max: 100_000 }),
);

const HOUR = 3600_000;
function validDate(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 2, max: 24 * 400 }), fc.constantFrom('Z', '+02:00', '-05:00', 'ms'))
    .map(([hours, form]) => {
      const d = new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR);
      if (form === 'ms') return d.toISOString();
      if (form === 'Z') return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const sign = form[0] === '+' ? 1 : -1;
      const [hh] = form.slice(1).split(':').map(Number);
      return new Date(d.getTime() + sign * hh * HOUR).toISOString().slice(0, 19) + form;
    });
}

// ---- wrong types: GraphQL itself must refuse them ----

const WRONG: unknown[] = [
  null,
  42,
  -1.5,
  true,
  false,
  'str',
  [],
  [1, 'a', null],
  {},
  { nested: { deeper: [null] } },
  new Raw('1e999'),
  new Raw('NaN'),
  2 ** 31,
  2 ** 53,
];

function wrongType(nonNull: boolean): fc.Arbitrary<unknown> {
  return nonNull ? fc.constantFrom(...WRONG, OMIT) : fc.constantFrom(...WRONG.filter((w) => w !== null));
}

// ---- arbitraries from GraphQL input types ----

/** The kind of a GraphQL type, without instanceof (the schema's graphql and this file's may be two copies). */
export const kindOf = (type: unknown): string => Object.prototype.toString.call(type).slice(8, -1);

const weighted = (...entries: [number, fc.Arbitrary<unknown>][]) =>
  fc.oneof(...entries.filter(([w]) => w > 0).map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Valid, hostile and wrong-typed values in proportion to `level` (0: valid-looking only). */
function mix(
  level: number,
  valid: fc.Arbitrary<unknown>,
  hostile: fc.Arbitrary<unknown>,
  wrong: fc.Arbitrary<unknown>,
) {
  return weighted(
    [Math.round(100 * (1 - level)), valid],
    [Math.round(80 * level), hostile],
    [Math.round(20 * level), wrong],
  );
}

interface Ctx extends Hint {
  level: number;
  depth: number;
}

function valueArbitrary(type: any, ctx: Ctx): fc.Arbitrary<unknown> {
  if (kindOf(type) === 'GraphQLNonNull') return innerArbitrary(type.ofType, ctx, true);
  const inner = innerArbitrary(type, ctx, false);
  return weighted([8, inner], [1, fc.constant(null)], [1, fc.constant(OMIT)]);
}

function innerArbitrary(type: any, ctx: Ctx, nonNull: boolean): fc.Arbitrary<unknown> {
  const kind = kindOf(type);
  const wrong = wrongType(nonNull);
  const { level } = ctx;
  if (ctx.depth > 5) return fc.constant(null);
  if (kind === 'GraphQLList') {
    const item = valueArbitrary(type.ofType, { ...ctx, depth: ctx.depth + 1 });
    // Long lists repeat a valid-looking (small) item: thousands of near-limit strings would not fit in memory.
    const small = valueArbitrary(type.ofType, { ...ctx, level: 0, depth: ctx.depth + 1 });
    const n = ctx.name.toLowerCase();
    const maxLength = n === 'questions' ? 3 : n === 'answers' ? 12 : 4;
    const valid = fc.array(item, { maxLength });
    const hostile = weighted(
      [3, fc.constant([])],
      [2, small.map((x) => Array(101).fill(x))],
      [1, small.map((x) => Array(2001).fill(x))],
      [1, small.map((x) => Array(5000).fill(x))],
      [2, fc.array(item, { minLength: 2, maxLength: 3 }).map((xs) => [...xs, ...xs])], // duplicates
      [2, item.map((x) => [x, null])],
      [2, item], // a single value where a list is expected: GraphQL coerces it to a list of one
    );
    return mix(level, valid, hostile, wrong);
  }
  if (kind === 'GraphQLInputObjectType') {
    const fields = Object.values(type.getFields()) as { name: string; type: unknown }[];
    const asGiven = fc
      .tuple(...fields.map((f) => valueArbitrary(f.type, { ...ctx, name: f.name, depth: ctx.depth + 1 })))
      .map((values) => {
        const obj: Record<string, unknown> = {};
        fields.forEach((f, i) => {
          if (values[i] !== OMIT) obj[f.name] = values[i];
        });
        return obj;
      });
    const record = withCoherentTimes(asGiven);
    const hostile = weighted(
      [3, record.map((o) => ({ ...o, unknownField: 'x' }))],
      [2, fc.constant({})],
      [1, record.map((o) => Object.assign(JSON.parse('{"__proto__":{"polluted":true},"constructor":"x"}'), o))],
    );
    return mix(level, record, hostile, wrong);
  }
  if (kind === 'GraphQLEnumType') {
    const values = (type.getValues() as { name: string }[]).map((v) => v.name);
    const hostile = fc.constantFrom(
      ...values.map((v) => v.toLowerCase()),
      'UNKNOWN_VALUE',
      '',
      `${values[0]} `,
      'ADMIN',
    );
    return mix(level, fc.constantFrom(...values), hostile, wrong);
  }
  switch (type.name) {
    case 'String':
      return mix(level, validString(ctx), hostileString(validString(ctx)), wrong);
    case 'ID':
      return mix(level, validId(ctx), hostileId(idPool(ctx)), wrong);
    case 'Int':
      return mix(level, validInt(ctx), fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer()), wrong);
    case 'Float':
      return mix(
        level,
        validFloat,
        fc.oneof(fc.constantFrom(...FLOAT_EDGES), fc.double({ noNaN: true, noDefaultInfinity: true })),
        wrong,
      );
    case 'Boolean':
      return mix(level, fc.boolean(), fc.constantFrom('true', 1, 0, 'false'), wrong);
    case 'DateTime':
      return mix(
        level,
        validDate(),
        fc.oneof(
          fc.constantFrom(...HOSTILE_DATES),
          fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
          fc
            .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString()),
          fc.integer(), // epoch numbers are not DateTimes
        ),
        wrong,
      );
    default: // a custom scalar added later: strings are the usual shape
      return mix(level, validString(ctx), hostileString(validString(ctx)), wrong);
  }
}

/**
 * Mostly (not always) an end one to three hours after the start, so that creating and rescheduling sessions
 * gets past the time checks into the services; left alone otherwise, and never when either is not a date string.
 */
function withCoherentTimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(arb, fc.integer({ min: 0, max: 3 })).map(([value, hours]) => {
    const o = value as Record<string, unknown>;
    if (!hours || !o || typeof o !== 'object' || typeof o.startsAt !== 'string' || typeof o.endsAt !== 'string')
      return value;
    const start = new Date(o.startsAt).getTime();
    if (!/^\d{4}-/.test(o.startsAt) || Number.isNaN(start)) return value;
    return { ...o, endsAt: new Date(start + hours * 3600_000).toISOString() } as T;
  });
}

export interface FuzzCase {
  /** 0: valid-looking arguments only; up to 0.8: mostly hostile or wrongly typed. */
  level: number;
  /** Arguments inline in the document (literals) rather than as variables. */
  literal: boolean;
  args: Record<string, unknown>;
}

/** Arguments for one field of the Mutation type, at a few levels of hostility. */
export function caseArbitrary(field: GraphQLField<unknown, unknown>, pools: Pools): fc.Arbitrary<FuzzCase> {
  const levels = [0, 0.15, 0.4, 0.8];
  return fc.oneof(
    ...levels.map((level) =>
      fc.record({
        level: fc.constant(level),
        literal: weighted([3, fc.constant(false)], [1, fc.constant(true)]) as fc.Arbitrary<boolean>,
        args: withCoherentTimes(
          fc
            .tuple(
              ...field.args.map((a) =>
                valueArbitrary(a.type, { mutation: field.name, name: a.name, pools, level, depth: 0 }),
              ),
            )
            .map((values) => Object.fromEntries(field.args.map((a, i) => [a.name, values[i]]))),
        ),
      }),
    ),
  );
}

// ---- requests ----

/** JSON text of a value with Big and Raw sentinels expanded (Raw goes in as is). */
export function toJson(value: unknown): string {
  if (value instanceof Big) return JSON.stringify(value.value);
  if (value instanceof Raw) return value.json;
  if (Array.isArray(value))
    return `[${value.map((v) => (v === OMIT || v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== OMIT && v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** GraphQL literal text of a value; strings that are enum values of the declared type go in bare. */
export function toLiteral(value: unknown, type: any): string {
  const named = namedOf(type);
  if (value instanceof Big) return JSON.stringify(value.value);
  if (value instanceof Raw) return value.literal;
  if (value === null || value === undefined || value === OMIT) return 'null';
  const listItem = kindOf(unwrapNonNull(type)) === 'GraphQLList' ? unwrapNonNull(type).ofType : undefined;
  if (Array.isArray(value)) return `[${value.map((v) => toLiteral(v, listItem)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = kindOf(named) === 'GraphQLInputObjectType' ? named.getFields() : {};
    const parts = Object.entries(value)
      .filter(([k, v]) => v !== OMIT && NAME.test(k))
      .map(([k, v]) => `${k}: ${toLiteral(v, fields[k]?.type)}`);
    return `{${parts.join(', ')}}`;
  }
  if (typeof value === 'string') {
    const isEnumValue =
      kindOf(named) === 'GraphQLEnumType' && NAME.test(value) && !['true', 'false', 'null'].includes(value);
    return isEnumValue ? value : JSON.stringify(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return String(value);
}

const unwrapNonNull = (type: any) => (kindOf(type) === 'GraphQLNonNull' ? type.ofType : type);
function namedOf(type: any): any {
  let t = type;
  while (t && (kindOf(t) === 'GraphQLNonNull' || kindOf(t) === 'GraphQLList')) t = t.ofType;
  return t;
}

/** A selection of the leaves of the return type, and those of its object fields (two levels), for any output type. */
export function selectionFor(type: any, depth = 2): string {
  const named = namedOf(type);
  const kind = kindOf(named);
  if (kind === 'GraphQLScalarType' || kind === 'GraphQLEnumType') return '';
  if (kind === 'GraphQLUnionType') return '{ __typename }';
  const parts = ['__typename'];
  for (const f of Object.values(named.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (f.args.some((a) => kindOf(a.type) === 'GraphQLNonNull' && a.defaultValue === undefined)) continue;
    const inner = namedOf(f.type);
    const k = kindOf(inner);
    if (k === 'GraphQLScalarType' || k === 'GraphQLEnumType') parts.push(f.name);
    else if (depth > 1) parts.push(`${f.name} ${selectionFor(f.type, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

export interface FuzzRequest {
  /** The JSON body, as sent. */
  body: string;
  /** Every string the request carries (small ones), so their echo in a message is not taken for a leak. */
  echoes: string[];
}

/** The operation for one case: arguments as variables (typed as the schema declares them) or inline. */
export function requestFor(field: GraphQLField<unknown, unknown>, c: FuzzCase): FuzzRequest {
  const selection = selectionFor(field.type);
  const present = field.args.filter((a) => c.args[a.name] !== OMIT);
  let query: string;
  let variables: Record<string, unknown> | undefined;
  if (c.literal) {
    const args = present.map((a) => `${a.name}: ${toLiteral(c.args[a.name], a.type)}`);
    query = `mutation Fuzz { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`;
  } else {
    const decl = field.args.map((a) => `$v_${a.name}: ${String(a.type)}`);
    const args = field.args.map((a) => `${a.name}: $v_${a.name}`);
    query =
      `mutation Fuzz${decl.length ? `(${decl.join(', ')})` : ''} ` +
      `{ ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`;
    variables = Object.fromEntries(present.map((a) => [`v_${a.name}`, c.args[a.name]]));
  }
  const body = `{"query":${JSON.stringify(query)}${variables ? `,"variables":${toJson(variables)}` : ''}}`;
  return { body, echoes: stringsIn(c.args) };
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Raw) out.push(value.json);
  else if (Array.isArray(value)) value.slice(0, 20).forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object' && !(value instanceof Big))
    Object.entries(value).forEach(([k, v]) => (out.push(k), stringsIn(v, out)));
  return out;
}

// ---- what every answer must be ----

/** The public error codes of API.md (rate limits answer UNAUTHENTICATED, reason RATE_LIMITED; GraphQL's own validation BAD_USER_INPUT). */
export const DOCUMENTED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']);

/** What must never reach a client: stack frames, SQL and driver errors, source paths, JavaScript error names. */
export const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at |^\s{4}at |\bat [\w$.<>]+ \(|\bat (?:async )?[\w$.]+ \(?[^\s)]*:\d+:\d+/m],
  ['SQL', /\b(?:select\b[\s\S]{0,300}\bfrom|insert\s+into|update\b[\s\S]{0,200}\bset|delete\s+from)\b/i],
  [
    'a database error',
    /violates|duplicate key|QueryFailedError|syntax error at or near|invalid input syntax|invalid byte sequence|unsupported Unicode escape|out of range for type|relation "[^"]*"|column "[^"]*"|\bSQLSTATE\b|EntityNotFound|TypeORM/i,
  ],
  ['a source path', /(?:\/[\w@.-]+)+\.(?:ts|js|mjs|cjs)\b|node_modules|[A-Za-z]:\\\\|\/(?:work|home|app|usr|opt)\//],
  [
    'a JavaScript error',
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|EvalError|InternalError)\b|Cannot read propert|is not a function|Maximum call stack/,
  ],
];

export interface Answer {
  status: number;
  text: string;
  body: any;
}

/** POSTs a prepared body to /graphql. */
export async function post(url: string, body: string, token?: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, body: parsed };
}

/** The text with every echo of the request's own strings (as sent, trimmed, JSON-escaped, cut short) taken out. */
function withoutEchoes(text: string, echoes: string[]): string {
  let out = text.toLowerCase();
  const variants = new Set<string>();
  for (const e of echoes) {
    for (const s of [e, e.trim()]) {
      const json = JSON.stringify(s).slice(1, -1);
      for (const v of [s, json]) {
        if (v.length < 3) continue;
        variants.add(v.toLowerCase());
        for (const n of [35, 40, 60, 100, 200, 300, 500]) if (v.length > n) variants.add(v.slice(0, n).toLowerCase());
      }
    }
  }
  for (const v of [...variants].sort((a, b) => b.length - a.length)) out = out.split(v).join(' ');
  return out;
}

function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringLeaves(v, out));
  else if (value && typeof value === 'object')
    Object.entries(value).forEach(([k, v]) => (out.push(k), stringLeaves(v, out)));
  return out;
}

/** Everything wrong with an answer (empty when it is fine). */
export function problemsOf(answer: Answer, echoes: string[]): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  const body = answer.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push(`not a JSON object: ${answer.text.slice(0, 300)}`);
    return problems;
  }
  if (!('data' in body) && !('errors' in body)) problems.push('neither data nor errors');
  const errors: any[] = Array.isArray(body.errors) ? body.errors : body.errors === undefined ? [] : [body.errors];
  for (const e of errors) {
    const code = e?.extensions?.code;
    if (!DOCUMENTED_CODES.has(code)) problems.push(`code ${JSON.stringify(code)}: ${JSON.stringify(e).slice(0, 500)}`);
    if (typeof e?.message !== 'string') problems.push(`an error without a message: ${JSON.stringify(e).slice(0, 300)}`);
    for (const leaf of stringLeaves({ message: e?.message, extensions: e?.extensions })) {
      const text = withoutEchoes(leaf, echoes);
      for (const [what, pattern] of LEAKS) {
        if (pattern.test(text)) problems.push(`${what} in an error: ${JSON.stringify(leaf).slice(0, 500)}`);
      }
    }
  }
  if (answer.status >= 400 && !errors.length) problems.push(`HTTP ${answer.status} without errors`);
  return problems;
}

/** The mutations of the running schema, by name. */
/** Mutations that end things run last, so that the others meet sessions still open and accounts still enabled. */
const ENDS_THINGS = /^(cancel|complete|archive|revoke|disable|delete|remove)/;

/** The mutations of the running schema, those that end things last. */
export function mutationsOf(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  const type = schema.getMutationType();
  if (!type) return [];
  const rank = (name: string) => (ENDS_THINGS.test(name) ? 1 : 0);
  return Object.values(type.getFields()).sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
