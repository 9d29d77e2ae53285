import { TestApp } from './support/test-app';

/**
 * The demo programme goes through the services, one transaction per step, so its loading is resumable: a start that
 * stopped half-way leaves no `demo` seed record, and the next start completes what is missing without doubling
 * what is there.
 */
describe('the demo programme', () => {
  const count = async (t: TestApp, sql: string) => Number((await t.db.query(sql))[0].n);
  const demoSessions = (t: TestApp) => count(t, `SELECT count(*) AS n FROM training_session`);
  const distinctTitles = (t: TestApp) => count(t, `SELECT count(DISTINCT title) AS n FROM training_session`);
  const assessments = (t: TestApp) => count(t, `SELECT count(*) AS n FROM assessment`);
  const recorded = (t: TestApp) => count(t, `SELECT count(*) AS n FROM seed_record WHERE part = 'demo'`);

  it('is loaded whole once, and a start after an interrupted one completes it', async () => {
    const first = await TestApp.start();
    try {
      expect([await demoSessions(first), await assessments(first), await recorded(first)]).toEqual([18, 8, 1]);
      const hashBefore = (
        await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
      )[0].password_hash;

      // As if the first start had stopped after the webinars: three workshops, one assessment and the record missing.
      await first.db.query(
        `DELETE FROM training_session WHERE id IN
           (SELECT id FROM training_session WHERE kind = 'WORKSHOP' ORDER BY starts_at DESC LIMIT 3)`,
      );
      await first.db.query(
        `DELETE FROM assessment WHERE id = (SELECT id FROM assessment ORDER BY created_at DESC LIMIT 1)`,
      );
      await first.db.query(`DELETE FROM seed_record`);
      expect([await demoSessions(first), await assessments(first)]).toEqual([15, 7]);

      const second = await TestApp.start({}, { sameDatabaseAs: first });
      try {
        expect([await demoSessions(first), await distinctTitles(first), await assessments(first)]).toEqual([18, 18, 8]);
        expect(await recorded(first)).toBe(1);
        // The demo enrolments were not doubled.
        expect(await count(first, `SELECT count(*) AS n FROM enrolment`)).toBe(2);
        // The interrupted start's password was never printed: the accounts get the one printed now.
        const hashAfter = (
          await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
        )[0].password_hash;
        expect(hashAfter).not.toBe(hashBefore);
      } finally {
        await second.close();
      }
      // A start after a complete load changes nothing.
      const third = await TestApp.start({}, { sameDatabaseAs: first });
      try {
        const hashNow = (
          await first.db.query(`SELECT password_hash FROM app_user WHERE email = 'trainer.nip@demo.pops-lms.org'`)
        )[0].password_hash;
        expect([await demoSessions(first), await assessments(first)]).toEqual([18, 8]);
        expect(hashNow).not.toBe(hashBefore);
        expect(await count(first, `SELECT count(*) AS n FROM app_user WHERE email LIKE '%@demo.pops-lms.org'`)).toBe(6);
      } finally {
        await third.close();
      }
    } finally {
      await first.close();
    }
  });

  it('is not added to a database that has sessions of its own', async () => {
    const t = await TestApp.start({ SEED_DEMO: 'false' });
    try {
      const admin = await t.adminToken();
      const made = await t.gql(
        `mutation { scheduleWebinar(input: { moduleCode: "NIP", title: "Our own webinar", startsAt: "2031-01-10T10:00:00Z",
            endsAt: "2031-01-10T12:00:00Z", timeZone: "UTC", capacity: 20, joinUrl: "https://w.example.org/own" }) { id } }`,
        {},
        admin,
      );
      expect(made.errors).toBeUndefined();
      const again = await TestApp.start({ SEED_DEMO: 'true' }, { sameDatabaseAs: t });
      try {
        expect(await demoSessions(t)).toBe(1);
        expect(await count(t, `SELECT count(*) AS n FROM app_user WHERE email LIKE '%@demo.pops-lms.org'`)).toBe(0);
        expect(await recorded(t)).toBe(0);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});
