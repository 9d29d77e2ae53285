import fc from 'fast-check';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLField } from 'graphql';
import { Role } from '../../src/auth/role.enum';
import { CertificatesService } from '../../src/certificates/certificates.service';
import {
  answersScoring,
  ATTEND,
  COMPLETE,
  createAssessment,
  CREATE_ASSESSMENT,
  SUBMIT,
} from '../support/assessment-fixtures';
import {
  CREATE_WORKSHOP,
  ENDORSE,
  ENROL,
  inDays,
  manyUsers,
  SCHEDULE_WEBINAR,
  startNow,
  webinarInput,
} from '../support/enrolment-fixtures';
import {
  caseArbitrary,
  craftedCursor,
  mutationsOf,
  post,
  problemsOf,
  requestFor,
  SINGLE_LINE_REFUSED,
  type FuzzCase,
  type Pools,
} from '../support/fuzz-arbitraries';
import { must, TestApp } from '../support/test-app';

/**
 * Issue #6, hostile input: every mutation of the running schema (a new one is fuzzed without touching this file)
 * is called with arguments built from its GraphQL input types, as the Secretariat (past authorisation, into
 * validation and the services), as a delegate and anonymously. No answer may be a 5xx, carry a code outside
 * API.md's, or leak a stack, SQL or a path; afterwards the database invariants must hold.
 *
 * Reproduce a failure with what fast-check prints: FUZZ_ONLY=<mutation> FUZZ_SEED=<seed> [FUZZ_PATH=<path>] (the
 * database then starts from the fixtures alone, so a failure that needed an earlier mutation's effect may need the
 * full run with FUZZ_SEED). FUZZ_RUNS (runs per mutation for the Secretariat, default 60) trades depth for time: the
 * count is fixed, so a slow machine takes longer instead of quietly fuzzing less.
 */
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH;
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').map((n) => n.trim())) : null;
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** FUZZ_STATS=1 prints, per mutation and caller, how the answers went (to see how deep the fuzzing reaches). */
const STATS = !!process.env.FUZZ_STATS;
const stats = new Map<string, Record<string, number>>();
function tally(key: string, answer: { status: number; body: any }): void {
  const errors: any[] = answer.body?.errors ?? [];
  const outcome = errors.length
    ? `${answer.status}:${errors[0]?.extensions?.code}${errors[0]?.extensions?.reason ? `/${errors[0].extensions.reason}` : ''}`
    : 'ok';
  const row = stats.get(key) ?? {};
  row[outcome] = (row[outcome] ?? 0) + 1;
  stats.set(key, row);
}

let t: TestApp;
let mutations: GraphQLField<unknown, unknown>[] = [];
let pools: Pools;
const tokens: Record<'secretariat' | 'delegate', string> = { secretariat: '', delegate: '' };

/** A programme in every state a mutation can meet: full and waitlisted, started, completed, pending endorsement, certified. */
async function buildFixtures(): Promise<void> {
  const sec = await t.user([Role.SECRETARIAT]);
  const me = await t.user([Role.DELEGATE], { partyCode: 'SEN' });
  await t.user([Role.TRAINER]);
  await t.user([Role.FOCAL_POINT], { partyCode: 'SEN' });
  const [d1, d2, d3] = await manyUsers(t, 3, [Role.DELEGATE]);
  tokens.secretariat = sec.token;
  tokens.delegate = me.token;
  const S = sec.token;
  const enrolAs = async (sessionId: string, delegateId: string) =>
    must(await t.gql(ENROL, { s: sessionId, d: delegateId }, S), 'enrol');

  // Full: two seats, the third delegate waits.
  const full = must(
    await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ capacity: 2, title: 'Full webinar' }) }, S),
    'scheduleWebinar',
  );
  for (const d of [d1, d2, d3]) await enrolAs(full.id, d.user.id);

  // Under way: the fuzzing delegate and d1 attended; d1 passed the post-course assessment (completed, certified).
  const running = must(
    await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ title: 'Running webinar' }) }, S),
    'scheduleWebinar',
  );
  for (const d of [me, d1, d2]) await enrolAs(running.id, d.user.id);
  await startNow(t.db, running.id);
  must(await t.gql(ATTEND, { s: running.id, d: [me.user.id, d1.user.id], a: true }, S), 'recordAttendance');
  const pre = await createAssessment(t, S, 'NIP', 'PRE');
  const postA = await createAssessment(t, S, 'NIP', 'POST');
  for (const d of [me, d1])
    must(await t.gql(SUBMIT, { a: pre.id, s: null, ans: answersScoring(pre, 50) }, d.token), 'submitAssessment');
  must(
    await t.gql(SUBMIT, { a: postA.id, s: running.id, ans: answersScoring(postA, 100) }, d1.token),
    'submitAssessment',
  );
  const [{ id: completedEnrolment }] = await t.db.query(
    `SELECT id FROM enrolment WHERE session_id = $1 AND delegate_id = $2 AND status = 'COMPLETED'`,
    [running.id, d1.user.id],
  );
  await t.app.get(CertificatesService).issue(completedEnrolment);

  // Completed: the fuzzing delegate attended (the follow-up survey is open to them).
  const done = must(
    await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ title: 'Completed webinar' }) }, S),
    'scheduleWebinar',
  );
  for (const d of [me, d2]) await enrolAs(done.id, d.user.id);
  await startNow(t.db, done.id);
  must(await t.gql(ATTEND, { s: done.id, d: [me.user.id], a: true }, S), 'recordAttendance');
  must(await t.gql(COMPLETE, { id: done.id }, S), 'completeSession');
  must(
    await t.gql(
      CREATE_ASSESSMENT,
      {
        input: {
          moduleCode: 'NIP',
          kind: 'FOLLOW_UP',
          title: 'NIP follow-up',
          questions: [{ prompt: 'Useful?', options: ['yes', 'no'], correct: [], points: 0 }],
        },
      },
      S,
    ),
    'createAssessment',
  );

  // A workshop in the delegates' region: one nomination pending, one endorsed.
  const workshop = must(
    await t.gql(
      CREATE_WORKSHOP,
      {
        input: {
          moduleCodes: ['NIP'],
          title: 'Fuzz workshop',
          region: 'AFRICA',
          venue: 'Dakar',
          startsAt: inDays(20),
          endsAt: inDays(22),
          timeZone: 'Africa/Dakar',
          capacity: 3,
          plannedCostUsd: 1000,
        },
      },
      S,
    ),
    'createWorkshop',
  );
  must(await t.gql(ENROL, { s: workshop.id, d: null }, d1.token), 'enrol');
  const pending = must(await t.gql(ENROL, { s: workshop.id, d: null }, d3.token), 'enrol');
  must(await t.gql(ENDORSE, { id: pending.id, a: true }, S), 'endorseEnrolment');

  // Materials, a draft and a published one; a FAILED e-mail whose job is gone.
  const MATERIAL = `mutation M($input: MaterialInput!) { createMaterial(input: $input) { id } }`;
  const material = { moduleCode: 'NIP', title: 'NIP guidance', language: 'EN', url: 'https://example.org/nip.pdf' };
  const published = must(await t.gql(MATERIAL, { input: material }, S), 'createMaterial');
  must(
    await t.gql(`mutation P($id: ID!) { publishMaterial(id: $id) { id } }`, { id: published.id }, S),
    'publishMaterial',
  );
  must(await t.gql(MATERIAL, { input: { ...material, title: 'Draft' } }, S), 'createMaterial');
  await t.db.query(
    `INSERT INTO mail_delivery (key, queue, kind, recipient_id, recipient_email, message_id, subject, status, attempts, last_error)
     VALUES ('fuzz.failed.1', 'mail', 'ENROLMENT_CONFIRMED', $1, 'x@test.example.org', 'fuzz.failed.1@localhost', 'Subject', 'FAILED', 8, 'refused')`,
    [d1.user.id],
  );

  const ids = async (sql: string, params: unknown[] = []) =>
    ((await t.db.query(sql, params)) as { v: string }[]).map((r) => r.v);
  const actors = [sec.user.id, me.user.id];
  pools = {
    sessionIds: await ids(`SELECT id AS v FROM training_session`),
    enrolmentIds: await ids(`SELECT id AS v FROM enrolment`),
    // The fuzzing accounts stay out of the pools, so that disableUser cannot end the run early.
    userIds: await ids(`SELECT id AS v FROM app_user WHERE id <> ALL($1::uuid[])`, [actors]),
    delegateIds: await ids(`SELECT id AS v FROM app_user WHERE 'DELEGATE' = ANY(roles) AND id <> ALL($1::uuid[])`, [
      actors,
    ]),
    trainerIds: await ids(`SELECT id AS v FROM app_user WHERE 'TRAINER' = ANY(roles)`),
    assessmentIds: await ids(`SELECT id AS v FROM assessment`),
    questionIds: await ids(`SELECT id AS v FROM assessment_question WHERE assessment_id IN ($1, $2)`, [
      pre.id,
      postA.id,
    ]),
    materialIds: await ids(`SELECT id AS v FROM training_material`),
    certificateIds: await ids(`SELECT id AS v FROM certificate`),
    mailDeliveryIds: await ids(`SELECT id AS v FROM mail_delivery`),
    centreIds: await ids(`SELECT id AS v FROM regional_centre`),
    moduleCodes: await ids(`SELECT code AS v FROM thematic_module`),
    partyCodes: [...(await ids(`SELECT code AS v FROM party ORDER BY code LIMIT 12`)), 'SEN', 'PER'],
    components: await ids(`SELECT component AS v FROM budget_line`),
    emails: await ids(`SELECT email AS v FROM app_user WHERE id <> ALL($1::uuid[]) LIMIT 8`, [actors]),
  };
  if (!pools.certificateIds.length) throw new Error('the fixtures made no certificate');
}

/** The invariants of the data, read straight from the database: each query lists the rows that break one. */
const INVARIANTS: [string, string][] = [
  [
    'a session holds more seat-taking enrolments (CONFIRMED, ATTENDED, COMPLETED) than its capacity, or its seat counter disagrees',
    `SELECT s.id, s.capacity, s.seats_taken, count(e.id) AS holders
       FROM training_session s
       LEFT JOIN enrolment e ON e.session_id = s.id AND e.status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED')
      GROUP BY s.id HAVING count(e.id) > s.capacity OR count(e.id) <> s.seats_taken OR s.seats_taken > s.capacity`,
  ],
  [
    'a scheduled session that has not started has a free seat while delegates wait',
    `SELECT s.id FROM training_session s
      WHERE s.status = 'SCHEDULED' AND s.starts_at > now() AND s.seats_taken < s.capacity
        AND EXISTS (SELECT 1 FROM enrolment e WHERE e.session_id = s.id AND e.status = 'WAITLISTED')`,
  ],
  [
    'a waitlisted enrolment without a ticket, or two with one ticket',
    `SELECT session_id, waitlist_ticket FROM enrolment WHERE status = 'WAITLISTED'
      GROUP BY session_id, waitlist_ticket HAVING waitlist_ticket IS NULL OR count(*) > 1`,
  ],
  [
    'a delegate holds two active enrolments in one session',
    `SELECT session_id, delegate_id FROM enrolment WHERE status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED')
      GROUP BY session_id, delegate_id HAVING count(*) > 1`,
  ],
  [
    'two certificates for one delegate and session',
    `SELECT session_id, delegate_id FROM certificate GROUP BY session_id, delegate_id HAVING count(*) > 1`,
  ],
  [
    'a certificate that does not match a completed enrolment of its delegate and session',
    `SELECT c.id FROM certificate c LEFT JOIN enrolment e ON e.id = c.enrolment_id
      WHERE e.id IS NULL OR e.status <> 'COMPLETED' OR e.delegate_id <> c.delegate_id OR e.session_id <> c.session_id`,
  ],
  [
    'an enrolment without history, or whose last history row is not its status (half-written)',
    `SELECT e.id, e.status, last.to_status FROM enrolment e
       LEFT JOIN LATERAL (SELECT to_status::text FROM enrolment_change c WHERE c.enrolment_id = e.id ORDER BY c.id DESC LIMIT 1) last ON true
      WHERE last.to_status IS NULL OR last.to_status <> e.status::text`,
  ],
  [
    'a session without a module, or a workshop without its region, venue or planned cost (half-written)',
    `SELECT s.id FROM training_session s
      WHERE NOT EXISTS (SELECT 1 FROM session_module m WHERE m.session_id = s.id)
         OR (s.kind = 'WORKSHOP' AND (s.region IS NULL OR s.venue IS NULL OR s.planned_cost_cents IS NULL))`,
  ],
  [
    'an assessment without questions (half-written)',
    `SELECT a.id FROM assessment a WHERE NOT EXISTS (SELECT 1 FROM assessment_question q WHERE q.assessment_id = a.id)`,
  ],
  [
    'more than three post-course attempts, or two pre-course ones, by one delegate',
    `SELECT delegate_id, session_id, module_id, kind FROM assessment_attempt
      GROUP BY delegate_id, session_id, module_id, kind
     HAVING (kind = 'POST' AND count(*) > 3) OR (kind = 'PRE' AND count(*) > 1)`,
  ],
  [
    'a delegate or focal point without a Party',
    `SELECT id FROM app_user WHERE ('DELEGATE' = ANY(roles) OR 'FOCAL_POINT' = ANY(roles)) AND party_code IS NULL`,
  ],
  [
    "a workshop's actual cost that is not the sum of the expenditure recorded against it",
    `SELECT s.id FROM training_session s
      WHERE COALESCE(s.actual_cost_cents, 0) <> COALESCE((SELECT sum(x.amount_cents) FROM expenditure x WHERE x.session_id = s.id), 0)`,
  ],
];

async function brokenInvariants(): Promise<string[]> {
  const broken: string[] = [];
  for (const [what, sql] of INVARIANTS) {
    const rows = await t.db.query(sql);
    if (rows.length) broken.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}`);
  }
  return broken;
}

type Actor = 'secretariat' | 'delegate' | 'anonymous';

/** Fuzzes one mutation as one caller, exactly numRuns times; the failure report (counterexample, seed, path) or null. */
async function fuzz(field: GraphQLField<unknown, unknown>, actor: Actor, numRuns: number): Promise<string | null> {
  const property = fc.asyncProperty(caseArbitrary(field, pools), async (c: FuzzCase) => {
    const request = requestFor(field, c);
    const answer = await post(t.url, request.body, actor === 'anonymous' ? undefined : tokens[actor]);
    const problems = problemsOf(answer, request.echoes);
    if (STATS) tally(`${field.name} as ${actor}`, answer);
    if (problems.length) {
      throw new Error(
        `${field.name} as ${actor}: HTTP ${answer.status}\n  - ${problems.join('\n  - ')}\n` +
          `  request: ${request.body.slice(0, 1500)}${request.body.length > 1500 ? `… (${request.body.length} bytes)` : ''}\n` +
          `  answer: ${answer.text.slice(0, 1500)}`,
      );
    }
  });
  const details = await fc.check(property, { numRuns, seed: SEED, path: PATH });
  if (!details.failed && details.numRuns < numRuns) {
    // fast-check stops early only when it was told to (a time limit, a skip); a count reached silently short is a bug here.
    return `${field.name} as ${actor}: ran ${details.numRuns} of ${numRuns} cases`;
  }
  if (!details.failed) return null;
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? '');
  return `${field.name} as ${actor}: ${fc.defaultReportMessage(details as fc.RunDetails<unknown>)}\n${cause}`;
}

/** Every mutation of the running schema in turn, each for a fixed number of runs, all failures reported together. */
async function fuzzAll(actor: Actor, runs: number): Promise<void> {
  const failures: string[] = [];
  for (const field of mutations) {
    const failure = await fuzz(field, actor, field.args.length ? runs : 3);
    if (failure) failures.push(failure);
  }
  if (failures.length)
    throw new Error(`${failures.length} mutation(s) failed as ${actor}:\n\n${failures.join('\n\n')}`);
}

describe('Hostile input: property-based fuzzing of every mutation', () => {
  beforeAll(async () => {
    // Registrations all come from this one address: deep fuzzing of register needs more than its per-client budget.
    t = await TestApp.start({ REGISTRATIONS_PER_CLIENT: '100000' });
    mutations = mutationsOf(t.app.get(GraphQLSchemaHost).schema).filter((m) => !ONLY || ONLY.has(m.name));
    await buildFixtures();
    expect(await brokenInvariants()).toEqual([]);
  }, 90_000);
  afterAll(async () => {
    if (STATS) console.log([...stats].map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n'));
    await t?.close();
  });

  it('finds the mutations in the running schema, and its checks see what they look for', () => {
    if (!ONLY) {
      expect(mutations.map((m) => m.name)).toEqual(
        expect.arrayContaining([
          'enrol',
          'cancelEnrolment',
          'createWorkshop',
          'login',
          'register',
          'confirmEmail',
          'resendVerification',
        ]),
      );
    }
    const answer = (status: number, errors: unknown[]) => ({ status, text: '', body: { errors } });
    const ok = {
      message: 'unknown module code(s): NIP; SELECT 1 FROM X',
      extensions: { code: 'BAD_USER_INPUT', field: 'moduleCode' },
    };
    expect(problemsOf(answer(200, [ok]), ['NIP; select 1 from x'])).toEqual([]); // its own input echoed back is no leak
    expect(problemsOf(answer(200, [ok]), [])).toEqual([expect.stringMatching(/^SQL in an error/)]);
    expect(problemsOf(answer(500, [{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }]), [])).toEqual([
      'HTTP 500',
    ]);
    expect(
      problemsOf(
        answer(200, [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]),
        [],
      ),
    ).toHaveLength(1);
    for (const leak of [
      'TypeError: Cannot read properties of undefined (reading "id")\n    at SessionsService.find (/work/main/src/sessions/sessions.service.ts:41:7)',
      'duplicate key value violates unique constraint "UQ_enrolment_active"',
      'QueryFailedError: invalid byte sequence for encoding "UTF8": 0x00',
      'syntax error at or near "DROP"',
      'INSERT INTO enrolment (id) VALUES ($1)',
    ]) {
      expect(problemsOf(answer(200, [{ message: leak, extensions: { code: 'CONFLICT' } }]), []).length).toBeGreaterThan(
        0,
      );
    }
  });

  // The delegate first: the Secretariat's runs cancel sessions and disable accounts the delegate's would enrol in.
  it(
    'as a delegate: no 5xx, documented codes only, nothing leaked',
    () => fuzzAll('delegate', Math.ceil(RUNS / 3)),
    // The counts are fixed, so the limits allow a loaded machine (a full run took 6.5 min on 2 busy cores).
    360_000,
  );

  it('anonymously', () => fuzzAll('anonymous', 4), 120_000);

  it('as the Secretariat', () => fuzzAll('secretariat', RUNS), 360_000);

  it('answers what the fuzzing found as bad input: NUL, lone surrogates, more than 50 bad variables', async () => {
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      // NUL reached PostgreSQL ("invalid byte sequence for encoding UTF8: 0x00"): a 500.
      [
        `mutation L($e: String!) { login(email: $e, password: "correct horse battery") { accessToken } }`,
        { e: '\u0000' },
        'email',
      ],
      [
        `mutation P($d: String!) { recordPledge(donor: $d, amountUsd: 10) { cofundingPledgedUsd } }`,
        { d: 'Donor\u0000' },
        'donor',
      ],
      // A lone surrogate crashed class-validator's IsEmail (URIError): a 500.
      [
        `mutation R($i: RegisterInput!) { register(input: $i) { email } }`,
        {
          i: {
            email: '\ud800',
            password: 'correct horse battery',
            fullName: 'X',
            partyCode: 'SEN',
            language: 'EN',
            timeZone: 'UTC',
          },
        },
        'email',
      ],
      // graphql-js gives up after 50 variable errors with an error of its own that had no code: INTERNAL_SERVER_ERROR.
      [
        `mutation A($s: ID!, $d: [ID!]!) { recordAttendance(sessionId: $s, delegateIds: $d, attended: true) { id } }`,
        { s: 'x', d: Array(60).fill(null) },
        undefined,
      ],
    ];
    for (const [query, variables, field] of cases) {
      const answer = await post(t.url, JSON.stringify({ query, variables }), tokens.secretariat);
      expect(problemsOf(answer, [])).toEqual([]);
      expect(answer.body.errors.length).toBeGreaterThan(0);
      expect(answer.body.errors.every((e: any) => e.extensions.code === 'BAD_USER_INPUT')).toBe(true);
      if (field) expect(answer.body.errors[0].extensions.field).toBe(field);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM pledge WHERE donor LIKE 'Donor%'`);
    expect(n).toBe(0);
  });

  /** Every single-line field a mutation takes (issue #13), with a request that is valid but for that field. */
  function singleLineCases(): {
    field: string;
    query: string;
    variables: (text: string) => Record<string, unknown>;
  }[] {
    const webinar = webinarInput({ title: 'Single-line webinar' });
    const workshop = {
      moduleCodes: ['NIP'],
      title: 'Single-line workshop',
      region: 'AFRICA',
      venue: 'Dakar',
      startsAt: inDays(30),
      endsAt: inDays(31),
      timeZone: 'Africa/Dakar',
      capacity: 10,
      plannedCostUsd: 100,
    };
    const material = {
      moduleCode: 'NIP',
      title: 'Single-line material',
      language: 'EN',
      url: 'https://example.org/m.pdf',
    };
    const question = { prompt: 'Q?', options: ['a', 'b'], correct: [0], points: 1 };
    const assessment = { moduleCode: 'NIP', kind: 'PRE', title: 'Single-line test', questions: [question] };
    const user = {
      email: 'single.line@test.example.org',
      password: 'correct horse battery',
      fullName: 'X',
      roles: ['TRAINER'],
    };
    const CREATE_USER = `mutation M($i: CreateUserInput!) { createUser(input: $i) { id } }`;
    const WEBINAR = `mutation M($i: WebinarInput!) { scheduleWebinar(input: $i) { id } }`;
    const WORKSHOP = `mutation M($i: WorkshopInput!) { createWorkshop(input: $i) { id } }`;
    const MATERIAL = `mutation M($i: MaterialInput!) { createMaterial(input: $i) { id } }`;
    const ASSESSMENT = `mutation M($i: AssessmentInput!) { createAssessment(input: $i) { id } }`;
    return [
      { field: 'fullName', query: CREATE_USER, variables: (x) => ({ i: { ...user, fullName: x } }) },
      { field: 'title', query: WEBINAR, variables: (x) => ({ i: { ...webinar, title: x } }) },
      { field: 'title', query: WORKSHOP, variables: (x) => ({ i: { ...workshop, title: x } }) },
      { field: 'venue', query: WORKSHOP, variables: (x) => ({ i: { ...workshop, venue: x } }) },
      { field: 'title', query: MATERIAL, variables: (x) => ({ i: { ...material, title: x } }) },
      {
        field: 'title',
        query: `mutation M($id: ID!, $i: MaterialInput!) { updateMaterial(id: $id, input: $i) { id } }`,
        variables: (x) => ({ id: pools.materialIds[0], i: { ...material, title: x } }),
      },
      { field: 'title', query: ASSESSMENT, variables: (x) => ({ i: { ...assessment, title: x } }) },
      {
        field: 'questions.0.options',
        query: ASSESSMENT,
        variables: (x) => ({ i: { ...assessment, questions: [{ ...question, options: ['a', x] }] } }),
      },
      {
        field: 'reason',
        query: `mutation M($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id } }`,
        variables: (x) => ({ id: pools.sessionIds[0], r: x }),
      },
      {
        field: 'reason',
        query: `mutation M($id: ID!, $r: String!) { revokeCertificate(id: $id, reason: $r) { id } }`,
        variables: (x) => ({ id: pools.certificateIds[0], r: x }),
      },
      {
        field: 'donor',
        query: `mutation M($d: String!) { recordPledge(donor: $d, amountUsd: 10) { cofundingPledgedUsd } }`,
        variables: (x) => ({ d: x }),
      },
      {
        field: 'component',
        query: `mutation M($c: String!) { recordExpenditure(component: $c, amountUsd: 10) { spentUsd } }`,
        variables: (x) => ({ c: x }),
      },
    ];
  }

  it('refuses whitespace-only, bidi-control, zero-width and line-separator text in every single-line field, naming it', async () => {
    const counts = () =>
      t.db.query(
        `SELECT (SELECT count(*) FROM app_user) AS users, (SELECT count(*) FROM training_session) AS sessions,
                (SELECT count(*) FROM training_material) AS materials, (SELECT count(*) FROM assessment) AS assessments,
                (SELECT count(*) FROM pledge) AS pledges, (SELECT count(*) FROM expenditure) AS expenditures,
                (SELECT count(*) FROM certificate WHERE revoked_at IS NOT NULL) AS revoked,
                (SELECT count(*) FROM training_session WHERE status = 'CANCELLED') AS cancelled`,
      );
    const before = await counts();
    const wrong: string[] = [];
    for (const c of singleLineCases()) {
      for (const text of SINGLE_LINE_REFUSED) {
        const body = JSON.stringify({ query: c.query, variables: c.variables(text) });
        const answer = await post(t.url, body, tokens.secretariat);
        const problems = problemsOf(answer, [text]);
        const error = answer.body?.errors?.[0];
        if (problems.length || error?.extensions?.code !== 'BAD_USER_INPUT' || error?.extensions?.field !== c.field) {
          wrong.push(`${c.query.slice(9, 60)} ${c.field}=${JSON.stringify(text)}: ${answer.text.slice(0, 300)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('stores single-line text trimmed and NFC-normalised, inner spaces as typed', async () => {
    const account = { email: 'awa.ndiaye@test.example.org', password: 'correct horse battery', roles: ['TRAINER'] };
    const created = await post(
      t.url,
      JSON.stringify({
        query: `mutation M($i: CreateUserInput!) { createUser(input: $i) { id fullName } }`,
        variables: { i: { ...account, fullName: '  Awa  Ndiaye\u00a0' } },
      }),
      tokens.secretariat,
    );
    expect(created.body.data.createUser.fullName).toBe('Awa  Ndiaye');
    const pledged = await post(
      t.url,
      JSON.stringify({
        query: `mutation M($d: String!) { recordPledge(donor: $d, amountUsd: 1) { totalRequiredUsd } }`,
        variables: { d: ' Re\u0301publique\u3000' },
      }),
      tokens.secretariat,
    );
    expect(pledged.body.errors).toBeUndefined();
    const [{ donor }] = await t.db.query(`SELECT donor FROM pledge ORDER BY recorded_at DESC LIMIT 1`);
    expect(donor).toBe('R\u00e9publique');
  });

  it('answers crafted cursors on every paginated query with BAD_USER_INPUT on `after` or a page, never a 5xx', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const fields = Object.values(schema.getQueryType()!.getFields());
    const paginated = fields.filter((f) => f.args.some((a) => a.name === 'after'));
    expect(paginated.map((f) => f.name)).toEqual(expect.arrayContaining(['sessions', 'materials', 'myEnrolments']));
    const failures: string[] = [];
    for (const field of paginated) {
      const required = field.args.filter((a) => String(a.type).endsWith('!') && a.defaultValue === undefined);
      const given = Object.fromEntries(
        required.map((a) => [a.name, a.name === 'sessionId' ? pools.sessionIds[0] : 'x']),
      );
      const used = [...required, field.args.find((a) => a.name === 'after')!];
      const query =
        `query Q(${used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')}) ` +
        `{ ${field.name}(${used.map((a) => `${a.name}: $${a.name}`).join(', ')}) { totalCount } }`;
      const token = field.name === 'myEnrolments' ? tokens.delegate : tokens.secretariat;
      const details = await fc.check(
        fc.asyncProperty(craftedCursor(), async (after) => {
          const answer = await post(t.url, JSON.stringify({ query, variables: { ...given, after } }), token);
          const problems = problemsOf(answer, [after]);
          const error = answer.body?.errors?.[0];
          if (error && (error.extensions?.code !== 'BAD_USER_INPUT' || error.extensions?.field !== 'after')) {
            problems.push(`not BAD_USER_INPUT on after: ${JSON.stringify(error)}`);
          }
          if (problems.length)
            throw new Error(`${field.name}(after: ${JSON.stringify(after)}): ${problems.join('; ')}`);
        }),
        { numRuns: 40, seed: SEED },
      );
      if (details.failed) failures.push(fc.defaultReportMessage(details as fc.RunDetails<unknown>) ?? field.name);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a 1 MB body with a clear 4xx, and takes a string just under the 256 kB limit without a 5xx', async () => {
    const query = `mutation P($d: String!, $a: Float!) { recordPledge(donor: $d, amountUsd: $a) { cofundingPledgedUsd } }`;
    const body = (donor: string) => JSON.stringify({ query, variables: { d: donor, a: 10 } });
    const big = await post(t.url, body('x'.repeat(1 << 20)), tokens.secretariat);
    expect(big.status).toBe(413);
    expect(problemsOf(big, [])).toEqual([]);
    expect(big.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    for (const donor of ['a'.repeat(256 * 1024 - 400), 'é'.repeat(128 * 1024 - 400), '\u0000'.repeat(40_000)]) {
      const near = await post(t.url, body(donor), tokens.secretariat);
      expect(near.status).toBeLessThan(500);
      expect(problemsOf(near, [donor])).toEqual([]);
      expect(near.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('keeps the database invariants: seats, one certificate per delegate and session, one active enrolment, nothing half-written', async () => {
    expect(await brokenInvariants()).toEqual([]);
  });
});
