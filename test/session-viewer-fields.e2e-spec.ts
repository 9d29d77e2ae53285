import { CountingQueryLogger } from '../src/database/query-counter';
import { EnrolmentQueriesService } from '../src/enrolments/enrolment-queries.service';
import { Language } from '../src/catalogue/catalogue.enums';
import { CANCEL_ENROLMENT, ENDORSE, ENROL } from './support/enrolment-fixtures';
import { aDelegate, aFocalPoint, anEnrolment, aWebinar, aWorkshop } from './support/factories';
import { mailsOf, SmtpSink, workersMailingTo, type ReceivedMail } from './support/smtp-sink';
import { codeOf, must, TestApp } from './support/test-app';

/**
 * The session fields the web application reads for its viewer (TrainingSession.myEnrolment, Workshop.travelFundable),
 * which the catalogue cache must never answer for someone else; and endorseEnrolment's reason, kept in the history
 * and written to the delegate. The e-mails point into the web application.
 */

const PUBLIC_URL = 'https://lms.example.org';
/** A catalogue page with the viewer's own fields. */
const MINE = `query M($first: Int!) {
  sessions(first: $first) { edges { node { id myEnrolment { id status } ... on Workshop { travelFundable } } } }
}`;
/** The same page with public fields only: the cache may answer it. */
const PUBLIC = `query P($first: Int!) { sessions(first: $first) { edges { node { id title seatsLeft } } } }`;
const ONE = `query S($id: ID!) { session(id: $id) { id myEnrolment { id status } ... on Workshop { travelFundable } } }`;
const DECLINE = `mutation D($id: ID!, $a: Boolean!, $r: String) {
  endorseEnrolment(id: $id, approve: $a, reason: $r) { id status }
}`;
const HISTORY = `query H($id: ID!) { enrolmentHistory(enrolmentId: $id) { from to reason comment by { id } } }`;

type Node = { id: string; myEnrolment: { id: string; status: string } | null; travelFundable?: boolean | null };
const nodeOf = (r: any, id: string): Node => r.data.sessions.edges.find((e: any) => e.node.id === id).node;

describe('session fields of the viewer, and the endorser’s reason', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;

  const counted = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const before = CountingQueryLogger.queries;
    const r = await t.gql(query, variables, token);
    return { r, queries: CountingQueryLogger.queries - before };
  };
  const mailOf = async (kind: string, address: string): Promise<ReceivedMail> =>
    mailsOf(
      await sink.waitFor((m) => mailsOf(m, kind, address).length > 0, 30_000, `${kind} to ${address}`),
      kind,
      address,
    )[0];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start(workersMailingTo(sink, PUBLIC_URL));
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('gives each viewer their own enrolment on the same page, never another’s, whatever the cache holds', async () => {
    const webinar = await aWebinar(t, admin, { capacity: 1 });
    const other = await aWebinar(t, admin);
    const ana = await aDelegate(t);
    const ben = await aDelegate(t);
    const cleo = await aDelegate(t);
    const anas = await anEnrolment(t, webinar.id, ana);
    const bens = await anEnrolment(t, webinar.id, ben); // full: waitlisted

    // The public page is cached first, by a viewer who is enrolled: nothing of theirs may come with it.
    const warm = must(await t.gql(PUBLIC, { first: 50 }, ana.token), 'sessions');
    expect(JSON.stringify(warm)).not.toContain(anas.id);
    for (let round = 0; round < 2; round++) {
      const [a, b, c, anonymous] = await Promise.all([
        t.gql(MINE, { first: 50 }, ana.token),
        t.gql(MINE, { first: 50 }, ben.token),
        t.gql(MINE, { first: 50 }, cleo.token),
        t.gql(MINE, { first: 50 }),
      ]);
      expect(nodeOf(a, webinar.id).myEnrolment).toEqual({ id: anas.id, status: 'CONFIRMED' });
      expect(nodeOf(b, webinar.id).myEnrolment).toEqual({ id: bens.id, status: 'WAITLISTED' });
      expect(nodeOf(c, webinar.id).myEnrolment).toBeNull();
      expect(nodeOf(anonymous, webinar.id).myEnrolment).toBeNull();
      expect(nodeOf(a, other.id).myEnrolment).toBeNull();
    }
    // The public page still holds nobody's enrolment, whoever asks; a page with the viewer's fields is executed for
    // each caller (never answered from memory).
    expect(must(await t.gql(PUBLIC, { first: 50 }, ben.token), 'sessions')).toEqual(warm);
    expect((await counted(MINE, { first: 50 }, ana.token)).queries).toBeGreaterThan(1);
    expect((await counted(MINE, { first: 50 }, ana.token)).queries).toBeGreaterThan(1);
  });

  it('is the most recent enrolment, whatever its status, and costs one statement for a whole page', async () => {
    const webinar = await aWebinar(t, admin);
    const dee = await aDelegate(t);
    const first = await anEnrolment(t, webinar.id, dee);
    must(await t.gql(CANCEL_ENROLMENT, { id: first.id }, dee.token), 'cancelEnrolment');
    expect(must(await t.gql(ONE, { id: webinar.id }, dee.token), 'session').myEnrolment).toEqual({
      id: first.id,
      status: 'CANCELLED',
    });
    const second = await anEnrolment(t, webinar.id, dee);
    expect(must(await t.gql(ONE, { id: webinar.id }, dee.token), 'session').myEnrolment).toEqual({
      id: second.id,
      status: 'CONFIRMED',
    });

    // Batched: a page of 40 sessions asks once, for all 40 (the workers share this process's SQL count, so the
    // batch itself is what is counted).
    for (let i = 0; i < 40; i++) await aWebinar(t, admin, { title: `Webinar ${i}` });
    const service = t.app.get(EnrolmentQueriesService);
    const latestIn = service.latestIn;
    const batches: Parameters<typeof latestIn>[] = [];
    service.latestIn = (...args) => {
      batches.push(args);
      return latestIn.apply(service, args);
    };
    try {
      const page = await t.gql(
        `query { sessions(first: 40) { edges { node { id myEnrolment { id } } } } }`,
        {},
        dee.token,
      );
      expect(page.data.sessions.edges).toHaveLength(40);
      expect(batches).toHaveLength(1);
      expect(batches[0][0]).toBe(dee.user.id);
      expect(batches[0][1]).toHaveLength(40);
      const mine = page.data.sessions.edges.filter((e: any) => e.node.myEnrolment);
      expect(mine.map((e: any) => e.node.myEnrolment.id)).toEqual([second.id]);
    } finally {
      service.latestIn = latestIn;
    }
  });

  it('says whether a seat of the viewer’s Party in a workshop would be funded', async () => {
    const workshop = await aWorkshop(t, admin, { fundedSeatsPerParty: 1, title: 'Funded seats workshop' });
    const none = await aWorkshop(t, admin, { fundedSeatsPerParty: 0, title: 'No funded seats' });
    const senA = await aDelegate(t, { partyCode: 'SEN' });
    const senB = await aDelegate(t, { partyCode: 'SEN' });
    const ken = await aDelegate(t, { partyCode: 'KEN' });
    const fra = await aDelegate(t, { partyCode: 'FRA' });
    const fundable = async (token?: string, id = workshop.id) =>
      must(await t.gql(ONE, { id }, token), 'session').travelFundable;

    expect(await fundable()).toBeNull();
    expect(await fundable(admin)).toBeNull(); // an account of no Party
    expect(await fundable(senA.token)).toBe(true);
    expect(await fundable(fra.token)).toBe(false); // a developed Party
    expect(await fundable(senA.token, none.id)).toBe(false);

    // SEN's one funded seat goes to B (nominated by the Secretariat: a seat at once).
    const bSeat = await anEnrolment(t, workshop.id, senB, { by: admin });
    expect(bSeat).toMatchObject({ status: 'CONFIRMED', funded: true });
    expect(await fundable(senA.token)).toBe(false);
    expect(await fundable(senB.token)).toBe(true); // the funded seat is theirs
    expect(await fundable(ken.token)).toBe(true); // another Party's allowance
    // Once B cancels, the allowance is free again.
    must(await t.gql(CANCEL_ENROLMENT, { id: bSeat.id }, senB.token), 'cancelEnrolment');
    expect(await fundable(senA.token)).toBe(true);
    // Webinars have no such field.
    expect(
      codeOf(await t.gql(`query { sessions(first: 1) { edges { node { ... on Webinar { travelFundable } } } } }`)),
    ).toBe('BAD_USER_INPUT');
  });

  it('keeps the endorser’s reason in the history and writes it to the delegate, in their language', async () => {
    const workshop = await aWorkshop(t, admin, { title: 'Atelier PNM' });
    const focal = await aFocalPoint(t, { partyCode: 'SEN' });
    const awa = await aDelegate(t, { partyCode: 'SEN', language: Language.FR, fullName: 'Awa Ndiaye' });
    const moussa = await aDelegate(t, { partyCode: 'SEN', language: Language.ES });
    const awas = must(await t.gql(ENROL, { s: workshop.id }, awa.token), 'enrol');
    expect(awas.status).toBe('PENDING_ENDORSEMENT');

    // The focal point is sent to their nominations page in the web application.
    const request = await mailOf('ENDORSEMENT_REQUESTED', focal.user.email);
    expect(request.text).toContain(`${PUBLIC_URL}/party/nominations`);
    expect(request.text).not.toContain('/graphql');

    // A reason that is not one line of at most 500 characters is refused, and nothing changes.
    for (const r of ['Line one\nline two', 'x'.repeat(501), '   ']) {
      const refused = await t.gql(DECLINE, { id: awas.id, a: false, r }, focal.token);
      expect([codeOf(refused), refused.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'reason']);
    }
    const reason = 'Le Sénégal envoie cette année l’équipe du PNM';
    const declined = must(
      await t.gql(DECLINE, { id: awas.id, a: false, r: `  ${reason} ` }, focal.token),
      'endorseEnrolment',
    );
    expect(declined.status).toBe('DECLINED');
    const history = must(await t.gql(HISTORY, { id: awas.id }, awa.token), 'enrolmentHistory');
    expect(history.at(-1)).toEqual({
      from: 'PENDING_ENDORSEMENT',
      to: 'DECLINED',
      reason: 'nomination declined',
      comment: reason,
      by: { id: focal.user.id },
    });
    expect(history[0].comment).toBeNull();
    const mail = await mailOf('ENROLMENT_DECLINED', awa.user.email);
    expect(mail.subject).toBe('Inscription non approuvée\u00a0: Atelier PNM');
    expect(mail.text).toContain(`Motif\u00a0: ${reason}`);

    // An approval may carry a reason too (kept in the history); the seat's e-mail links to the session's page.
    const moussas = must(await t.gql(ENROL, { s: workshop.id }, moussa.token), 'enrol');
    must(await t.gql(DECLINE, { id: moussas.id, a: true, r: 'Bienvenido' }, focal.token), 'endorseEnrolment');
    expect(must(await t.gql(HISTORY, { id: moussas.id }, moussa.token), 'enrolmentHistory').at(-1)).toMatchObject({
      to: 'CONFIRMED',
      comment: 'Bienvenido',
    });
    const seat = await mailOf('ENROLMENT_CONFIRMED', moussa.user.email);
    expect(seat.text).toContain(`Abrir la página de la sesión: ${PUBLIC_URL}/sessions/${workshop.id}`);
    // Without a reason, as before.
    must(await t.gql(ENDORSE, { id: moussas.id, a: false }, focal.token), 'endorseEnrolment');
    expect(must(await t.gql(HISTORY, { id: moussas.id }, moussa.token), 'enrolmentHistory').at(-1)).toMatchObject({
      to: 'DECLINED',
      comment: null,
    });
  });
});
