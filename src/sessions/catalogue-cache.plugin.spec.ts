import { mayChangeCatalogue } from './catalogue-cache.plugin';

describe('what empties the catalogue cache (mayChangeCatalogue)', () => {
  it('keeps it through reads and through writes only to tables no page shows', () => {
    for (const sql of [
      'SELECT * FROM training_session',
      'START TRANSACTION',
      'COMMIT',
      `UPDATE "mail_delivery" SET "status" = $1 WHERE "key" = $2`,
      `INSERT INTO "outbox_event"("id", "type") VALUES ($1, $2)`,
      'DELETE FROM stats_enrolment_cell WHERE false',
      // MailDeliveryService.writeBatch: the SENT marks and the next batch's SENDING rows in one statement.
      `WITH sent AS (UPDATE mail_delivery SET status = 'SENT', sent_at = $2 WHERE key = ANY($1) RETURNING 1)
       INSERT INTO mail_delivery (key, queue, kind, status, attempts) SELECT * FROM unnest($3::text[])
       ON CONFLICT (key) DO UPDATE SET status = 'SENDING', attempts = mail_delivery.attempts + 1
       RETURNING key`,
    ]) {
      expect([sql, mayChangeCatalogue(sql)]).toEqual([sql, false]);
    }
  });

  it('empties it for anything that may write what a page shows, or whose writes it cannot see', () => {
    for (const sql of [
      'UPDATE training_session SET capacity = capacity + 1',
      `INSERT INTO "session_trainer"("session_id", "user_id") VALUES ($1, $2)`,
      'UPDATE mail_delivery_archive SET x = 1',
      // enrol_in_session writes the session's seats inside a function: the statement names no write.
      'WITH decision AS (SELECT * FROM enrol_in_session($1, $2)) SELECT * FROM decision',
      'SELECT enrol_in_session($1, $2)'.replace('SELECT', 'CALL'),
      // A CTE writing a shown table beside an unseen one.
      `WITH s AS (UPDATE training_session SET capacity = 3 RETURNING id) INSERT INTO outbox_event SELECT * FROM s`,
      'TRUNCATE training_session',
    ]) {
      expect([sql, mayChangeCatalogue(sql)]).toEqual([sql, true]);
    }
  });
});
