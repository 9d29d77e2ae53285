import { startNow } from './support/enrolment-fixtures';
import { aDelegate, aTrainer, aWebinar } from './support/factories';
import { codeOf, TestApp } from './support/test-app';

const WEBINAR = `mutation W($input: WebinarInput!) { scheduleWebinar(input: $input) { id kind title startsAt endsAt timeZone capacity seatsLeft status modules { code } trainers { id } joinUrl } }`;
const WORKSHOP = `mutation W($input: WorkshopInput!) { createWorkshop(input: $input) { id kind region venue capacity fundedSeatsPerParty plannedCostUsd hostCentre { city } modules { code } prerequisiteModules { code } trainers { id } } }`;
const RESCHEDULE = `mutation R($id: ID!, $s: DateTime!, $e: DateTime!) { rescheduleSession(id: $id, startsAt: $s, endsAt: $e) { id startsAt endsAt } }`;
const CAPACITY = `mutation C($id: ID!, $c: Int!) { setCapacity(id: $id, capacity: $c) { id capacity seatsLeft } }`;
const CANCEL = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status ... on Webinar { title } } }`;

const day = 24 * 3600 * 1000;
const inDays = (n: number, hours = 0) => new Date(Date.now() + n * day + hours * 3600 * 1000).toISOString();

describe('scheduling webinars and workshops', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { user: any; token: string };
  let otherTrainer: { user: any; token: string };
  let delegate: { user: any; token: string };
  let pretoria: string;
  let brno: string;
  const webinar = (change: Record<string, unknown> = {}) => ({
    moduleCode: 'NIP',
    title: 'NIP webinar',
    startsAt: inDays(10),
    endsAt: inDays(10, 2),
    timeZone: 'Europe/Zurich',
    capacity: 100,
    joinUrl: 'https://webinars.example.org/nip',
    ...change,
  });
  const workshop = (change: Record<string, unknown> = {}) => ({
    moduleCodes: ['NIP', 'REPORTING'],
    title: 'Africa workshop',
    region: 'AFRICA',
    hostCentreId: pretoria,
    venue: 'Pretoria',
    startsAt: inDays(60),
    endsAt: inDays(62),
    timeZone: 'Africa/Johannesburg',
    capacity: 30,
    prerequisiteModuleCodes: ['NIP'],
    fundedSeatsPerParty: 2,
    plannedCostUsd: 93000.5,
    ...change,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    // The trainer teaches NIP; the other trainer teaches nothing yet.
    trainer = await aTrainer(t, { modules: ['NIP'] });
    otherTrainer = await aTrainer(t);
    delegate = await aDelegate(t);
    const centres = await t.db.query(`SELECT id, city FROM regional_centre`);
    pretoria = centres.find((c: any) => c.city === 'Pretoria').id;
    brno = centres.find((c: any) => c.city === 'Brno').id;
  });
  afterAll(() => t.close());

  it('lets the Secretariat schedule a webinar with trainers', async () => {
    const r = await t.gql(
      WEBINAR,
      { input: webinar({ trainerIds: [trainer.user.id], timeZone: 'europe/zurich' }) },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.scheduleWebinar).toMatchObject({
      kind: 'WEBINAR',
      capacity: 100,
      seatsLeft: 100,
      status: 'SCHEDULED',
      timeZone: 'Europe/Zurich',
      modules: [{ code: 'NIP' }],
      trainers: [{ id: trainer.user.id }],
      joinUrl: 'https://webinars.example.org/nip',
    });
  });

  it('lets a trainer schedule their own webinar, and see its join link', async () => {
    const r = await t.gql(WEBINAR, { input: webinar({ title: 'Own webinar' }) }, trainer.token);
    expect(r.data.scheduleWebinar.trainers).toEqual([{ id: trainer.user.id }]);
    expect(r.data.scheduleWebinar.joinUrl).toBe('https://webinars.example.org/nip');
    const asOther = await t.gql(
      `query($id: ID!) { session(id: $id) { ... on Webinar { joinUrl } } }`,
      { id: r.data.scheduleWebinar.id },
      delegate.token,
    );
    expect(asOther.data.session.joinUrl).toBeNull();
  });

  it('lets the Secretariat create a workshop with a host centre of its region', async () => {
    const r = await t.gql(WORKSHOP, { input: workshop({ trainerIds: [trainer.user.id] }) }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.createWorkshop).toMatchObject({
      kind: 'WORKSHOP',
      region: 'AFRICA',
      fundedSeatsPerParty: 2,
      plannedCostUsd: 93000.5,
      hostCentre: { city: 'Pretoria' },
      modules: [{ code: 'NIP' }, { code: 'REPORTING' }],
      prerequisiteModules: [{ code: 'NIP' }],
    });
    const [row] = await t.db.query(`SELECT planned_cost_cents FROM training_session WHERE id = $1`, [
      r.data.createWorkshop.id,
    ]);
    expect(row.planned_cost_cents).toBe('9300050');
  });

  it.each([
    ['endsAt', () => ({ endsAt: inDays(9) })],
    ['startsAt', () => ({ startsAt: inDays(-1), endsAt: inDays(1) })],
    ['startsAt', () => ({ startsAt: '2999-01-01T00:00:00Z', endsAt: '2999-01-02T00:00:00Z' })],
    ['timeZone', () => ({ timeZone: 'Europe/Atlantis' })],
    ['timeZone', () => ({ timeZone: '+02:00' })],
    ['capacity', () => ({ capacity: 0 })],
    ['capacity', () => ({ capacity: -5 })],
    ['moduleCode', () => ({ moduleCode: 'UNKNOWN' })],
    ['joinUrl', () => ({ joinUrl: 'javascript:alert(1)' })],
    ['trainerIds', () => ({ trainerIds: ['00000000-0000-4000-8000-000000000000'] })],
  ])('refuses a webinar with a bad %s', async (field, change) => {
    const before = await t.db.query('SELECT count(*)::int n FROM training_session');
    const r = await t.gql(WEBINAR, { input: webinar(change()) }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe(field);
    const after = await t.db.query('SELECT count(*)::int n FROM training_session');
    expect(after[0].n).toBe(before[0].n);
  });

  it.each([
    ['moduleCodes', () => ({ moduleCodes: ['NIP', 'NOPE'] })],
    ['moduleCodes', () => ({ moduleCodes: [] })],
    ['prerequisiteModuleCodes', () => ({ prerequisiteModuleCodes: ['NOPE'] })],
    ['hostCentreId', () => ({ hostCentreId: brno })],
    ['hostCentreId', () => ({ hostCentreId: '00000000-0000-4000-8000-000000000000' })],
    ['plannedCostUsd', () => ({ plannedCostUsd: 10.123 })],
    ['plannedCostUsd', () => ({ plannedCostUsd: -1 })],
    // Exponent notation made class-validator throw: INTERNAL_SERVER_ERROR (found by the fuzz suite).
    ['plannedCostUsd', () => ({ plannedCostUsd: -3e-323 })],
    ['plannedCostUsd', () => ({ plannedCostUsd: 1e-7 })],
    ['region', () => ({ region: 'MARS' })],
  ])('refuses a workshop with a bad %s', async (field, change) => {
    const r = await t.gql(WORKSHOP, { input: workshop(change()) }, admin);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    if (field !== 'region') expect(r.errors![0].extensions!.field).toBe(field);
  });

  it('keeps scheduling to the Secretariat and trainers', async () => {
    expect(codeOf(await t.gql(WEBINAR, { input: webinar() }, delegate.token))).toBe('FORBIDDEN');
    // A trainer schedules webinars of the modules the Secretariat assigned them, and shares them with their co-trainers.
    expect(codeOf(await t.gql(WEBINAR, { input: webinar() }, otherTrainer.token))).toBe('FORBIDDEN');
    const shared = await t.gql(WEBINAR, { input: webinar({ trainerIds: [otherTrainer.user.id] }) }, trainer.token);
    expect(shared.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trainerIds' });
    expect(codeOf(await t.gql(WEBINAR, { input: webinar() }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(WORKSHOP, { input: workshop() }, trainer.token))).toBe('FORBIDDEN');
  });

  it('reschedules, changes capacity and cancels; a trainer only their own webinars', async () => {
    const own = (await aWebinar(t, trainer.token, { title: 'Trainer-run' })).id;
    // The times sent are the times compared (computing them again later failed when a minute turned in between).
    const [newStart, newEnd] = [inDays(20), inDays(20, 3)];
    const moved = await t.gql(RESCHEDULE, { id: own, s: newStart, e: newEnd }, trainer.token);
    expect(moved.data.rescheduleSession.startsAt).toBe(newStart);
    const [seq] = await t.db.query('SELECT sequence FROM training_session WHERE id = $1', [own]);
    expect(seq.sequence).toBe(1);
    expect(codeOf(await t.gql(RESCHEDULE, { id: own, s: inDays(20), e: inDays(19) }, trainer.token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await t.gql(RESCHEDULE, { id: own, s: inDays(21), e: inDays(21, 1) }, otherTrainer.token))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await t.gql(CAPACITY, { id: own, c: 5 }, otherTrainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CANCEL, { id: own, r: 'no' }, delegate.token))).toBe('FORBIDDEN');

    expect((await t.gql(CAPACITY, { id: own, c: 40 }, trainer.token)).data.setCapacity).toMatchObject({
      capacity: 40,
      seatsLeft: 40,
    });
    await t.db.query('UPDATE training_session SET seats_taken = 12 WHERE id = $1', [own]);
    const below = await t.gql(CAPACITY, { id: own, c: 11 }, admin);
    expect(codeOf(below)).toBe('CONFLICT');
    expect(below.errors![0].extensions!.reason).toBe('CAPACITY_BELOW_SEATS_TAKEN');
    expect((await t.gql(CAPACITY, { id: own, c: 12 }, admin)).data.setCapacity.seatsLeft).toBe(0);
    expect(codeOf(await t.gql(CAPACITY, { id: own, c: 0 }, admin))).toBe('BAD_USER_INPUT');

    const cancelled = await t.gql(CANCEL, { id: own, r: 'Trainer unavailable' }, trainer.token);
    expect(cancelled.data.cancelSession.status).toBe('CANCELLED');
    const again = await t.gql(CANCEL, { id: own, r: 'again' }, admin);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_CANCELLED' });
    const late = await t.gql(RESCHEDULE, { id: own, s: inDays(30), e: inDays(30, 1) }, admin);
    expect(late.errors![0].extensions!.reason).toBe('SESSION_CANCELLED');
  });

  it('refuses to change a session that has started', async () => {
    const id = (await aWebinar(t, admin, { title: 'Soon' })).id;
    await startNow(t.db, id);
    const r = await t.gql(CAPACITY, { id, c: 10 }, admin);
    expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SESSION_STARTED' });
  });

  it('answers NOT_FOUND for an unknown session', async () => {
    const r = await t.gql(CAPACITY, { id: '00000000-0000-4000-8000-000000000000', c: 10 }, admin);
    expect(codeOf(r)).toBe('NOT_FOUND');
  });

  it('never lets the database hold more seats than capacity', async () => {
    const id = (await aWebinar(t, admin, { title: 'Tight', capacity: 2 })).id;
    await expect(t.db.query('UPDATE training_session SET seats_taken = 3 WHERE id = $1', [id])).rejects.toThrow(
      /CHK_session_seats/,
    );
  });
});
