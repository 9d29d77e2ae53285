import { TestApp } from './support/test-app';

describe('migrations', () => {
  it('bring a new database exactly to what the entities describe (nothing left to generate)', async () => {
    const t = await TestApp.start({ SEED_DEMO: 'false' });
    try {
      const pending = await t.db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const applied = await t.db.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.length).toBe(t.db.migrations.length);
    } finally {
      await t.close();
    }
  });
});
