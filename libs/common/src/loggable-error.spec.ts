import { QueryFailedError } from 'typeorm';
import { isDatabaseError, loggableError, loggableErrorMessage, queryShape } from './loggable-error';

/** An error as pg makes it (DatabaseError: an Error with PostgreSQL's fields). */
function pgError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...fields });
}

describe('loggableError', () => {
  it("keeps a unique violation's code, constraint and statement shape, and drops its parameters and detail", () => {
    const driver = pgError('duplicate key value violates unique constraint "UQ_user_email"', {
      code: '23505',
      detail: 'Key (email)=(amina.diallo@example.sn) already exists.',
      constraint: 'UQ_user_email',
      table: 'app_user',
    });
    const err = new QueryFailedError(
      'INSERT INTO "app_user" ("email", "full_name") VALUES ($1, $2)',
      ['amina.diallo@example.sn', 'Amina Diallo'],
      driver,
    );
    expect(isDatabaseError(err)).toBe(true);
    const logged = loggableError(err);
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      constraint: 'UQ_user_email',
      table: 'app_user',
      message: 'duplicate key value violates unique constraint "UQ_user_email"',
      query: 'INSERT INTO "app_user" ("email", "full_name") VALUES ($1, $2)',
    });
    const text = JSON.stringify(logged);
    expect(text).not.toMatch(/amina|Diallo|Key \(email\)/i);
    expect(logged.stack).toMatch(/^QueryFailedError: duplicate key value/);
  });

  it('masks values quoted in a data error, keeps the names PostgreSQL reports and masks literals in the statement', () => {
    const driver = pgError('invalid input syntax for type uuid: "amina@example.sn"', { code: '22P02' });
    const err = new QueryFailedError(
      `SELECT * FROM app_user WHERE id = $1 AND email <> 'x@y.org'`,
      ['amina@example.sn'],
      driver,
    );
    expect(loggableErrorMessage(err)).toBe('invalid input syntax for type uuid: "…"');
    expect(loggableError(err).query).toBe(`SELECT * FROM app_user WHERE id = $1 AND email <> '…'`);
    expect(JSON.stringify(loggableError(err))).not.toContain('@');
    const check = pgError('new row for relation "app_user" violates check constraint "CHK_name"', {
      code: '23514',
      table: 'app_user',
      constraint: 'CHK_name',
      detail: 'Failing row contains (1, amina@example.sn, Amina).',
    });
    expect(loggableErrorMessage(check)).toBe('new row for relation "app_user" violates check constraint "CHK_name"');
    expect(JSON.stringify(loggableError(check))).not.toContain('amina');
    // Errors in the SQL text quote the statement, not data.
    expect(loggableErrorMessage(pgError('column "emali" does not exist', { code: '42703' }))).toBe(
      'column "emali" does not exist',
    );
  });

  it('writes other errors as pino would, with a database error in their cause masked', () => {
    const driver = pgError('invalid input value for enum role: "amina@example.sn"', { code: '22P02' });
    const wrapped = new Error('enrolment failed', {
      cause: new QueryFailedError('SELECT 1', ['amina@example.sn'], driver),
    });
    const logged = loggableError(wrapped);
    expect(logged).toMatchObject({
      type: 'Error',
      message: 'enrolment failed',
      cause: { code: '22P02', message: 'invalid input value for enum role: "…"' },
    });
    expect(JSON.stringify(logged)).not.toContain('amina');
    expect(isDatabaseError(new Error('plain'))).toBe(false);
    expect(queryShape('SELECT  1\n  FROM x')).toBe('SELECT 1 FROM x');
  });
});
