import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import { UsersService } from '../../src/auth/users.service';
import { Language } from '../../src/catalogue/catalogue.enums';
import { ENROL, SCHEDULE_WEBINAR, webinarInput } from '../support/enrolment-fixtures';
import { LogCapture } from '../support/log-capture';
import { codeOf, must, TestApp } from '../support/test-app';

/**
 * Issue #13, point 8: an unexpected database error is logged with its code, the names PostgreSQL gives and the
 * statement's shape, never with the statement's parameters or PostgreSQL's detail (e-mail addresses, names, whole
 * outbox payloads). The failures are forced with constraints a test adds (CHECK (false) NOT VALID: every new row
 * fails, and PostgreSQL's detail then repeats the whole row) and read back from the process's JSON log.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/;

describe('the log of a database failure', () => {
  const log = new LogCapture();
  let t: TestApp;

  beforeAll(async () => {
    // trace: every level is read, the statements' text at debug included.
    t = await TestApp.start({ SEED_DEMO: 'false', LOG_LEVEL: 'trace' }, { logTo: log });
  });
  afterAll(() => t.close());

  it('names the constraint and the statement but no address, name or payload', async () => {
    const admin = await t.adminToken();
    const delegate = await t.user([Role.DELEGATE], { fullName: 'Zebulon Quillfeather' });
    const webinar = must(await t.gql(SCHEDULE_WEBINAR, { input: webinarInput() }, admin), 'scheduleWebinar').id;
    await t.db.query(`ALTER TABLE app_user ADD CONSTRAINT test_no_new_accounts CHECK (false) NOT VALID`);
    await t.db.query(`ALTER TABLE outbox_event ADD CONSTRAINT test_no_events CHECK (false) NOT VALID`);
    const mark = log.mark();

    // 1. Over GraphQL: the Secretariat creates an account; the INSERT fails (detail: "Failing row contains (…)").
    const created = await t.gql(
      `mutation C($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          email: 'hortensia.vandermeer@ministry.example.net',
          fullName: 'Hortensia Vandermeer',
          password: 'a long enough password',
          roles: ['TRAINER'],
        },
      },
      admin,
    );
    expect(codeOf(created)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(created.body)).not.toMatch(/Hortensia|test_no_new_accounts|INSERT/i);

    // 2. Over GraphQL: an enrolment whose outbox event (the delegate's snapshot: e-mail, name) cannot be written.
    const enrol = await t.gql(ENROL, { s: webinar }, delegate.token);
    expect(codeOf(enrol)).toBe('INTERNAL_SERVER_ERROR');

    // 3. Through a service, outside any request.
    await expect(
      t.app.get(UsersService).create({
        email: 'ottilie.brandvold@ministry.example.net',
        password: 'a long enough password',
        fullName: 'Ottilie Brandvold',
        roles: [Role.TRAINER],
        partyCode: null,
        regionalCentreId: null,
        gender: null,
        language: Language.EN,
        timeZone: 'Africa/Dakar',
      }),
    ).rejects.toThrow(/test_no_new_accounts/);
    await t.db.query(`ALTER TABLE app_user DROP CONSTRAINT test_no_new_accounts`);
    await t.db.query(`ALTER TABLE outbox_event DROP CONSTRAINT test_no_events`);

    // 4. A unique violation, PostgreSQL's detail naming the address: "Key (email)=(…) already exists".
    await expect(
      t.db.getRepository(User).insert({ ...delegate.user, id: undefined, fullName: 'Zebulon Quillfeather the Second' }),
    ).rejects.toThrow(/duplicate key/);

    const lines = log.since(mark);
    const entries = log.entries(mark);
    // What was logged says what failed …
    const failedQueries = entries.filter((e) => e.context === 'SQL' && /^query failed/.test(e.msg));
    expect(failedQueries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: '23514',
          constraint: 'test_no_new_accounts',
          table: 'app_user',
          query: expect.stringMatching(/^INSERT INTO "app_user"/),
        }),
        expect.objectContaining({
          code: '23514',
          constraint: 'test_no_events',
          table: 'outbox_event',
          // The enrolment's outbox row is written by enrol_in_session, in the statement that decides (issue #17).
          query: expect.stringMatching(/^WITH decision AS \( SELECT \* FROM enrol_in_session\(/),
        }),
        expect.objectContaining({
          code: '23505',
          table: 'app_user',
          query: expect.stringMatching(/^INSERT INTO "app_user"/),
        }),
      ]),
    );
    const unexpected = entries.filter((e) => e.level === 50 && e.err);
    expect(unexpected.map((e) => [e.err.code, e.err.constraint])).toEqual(
      expect.arrayContaining([
        ['23514', 'test_no_new_accounts'],
        ['23514', 'test_no_events'],
      ]),
    );
    for (const e of unexpected) {
      expect(Object.keys(e.err).sort()).toEqual(
        expect.not.arrayContaining(['parameters', 'detail', 'driverError', 'where']),
      );
      expect(e.err.stack).toMatch(
        /^QueryFailedError: new row for relation "(app_user|outbox_event)" violates check constraint/,
      );
    }
    // … and nothing of the people it concerned.
    expect(lines.filter((l) => EMAIL.test(l))).toEqual([]);
    expect(
      lines.filter((l) => /Hortensia|Vandermeer|Zebulon|Quillfeather|Ottilie|Brandvold|Failing row|Key \(/i.test(l)),
    ).toEqual([]);
    expect(lines.filter((l) => /"parameters"|"detail"/.test(l))).toEqual([]);
  });
});
