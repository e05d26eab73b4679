import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { vacuumDatabase } from '../../src/store/database.js';
import { DB_TARGETS, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_TARGETS)('database maintenance, on %s', (target) => {
  let t: TestApp;
  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;

  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.stop();
  });

  if (target === 'pglite') {
    it('is scheduled every night at 03:45 Copenhagen time, after retention (the embedded engine has no autovacuum)', async () => {
      expect(await q(`SELECT name, cron, timezone FROM pgboss.schedule WHERE name = 'database-maintenance'`)).toEqual([
        { name: 'database-maintenance', cron: '45 3 * * *', timezone: 'Europe/Copenhagen' },
      ]);
    });

    it('vacuums and analyses every table of the app and of the job queue', async () => {
      // What a busy day leaves behind: sends logged and pruned.
      await q(`INSERT INTO send_log (conversation_id) SELECT 'a:' || g FROM generate_series(1, 5000) g`);
      await q(`DELETE FROM send_log WHERE conversation_id LIKE 'a:%'`);
      const report = await vacuumDatabase(t.app.database.pool);
      expect(report.sizeAfterMb).toBeGreaterThan(0);
      // Partitioned parents hold no rows of their own; their partitions are what gets vacuumed.
      expect(
        await q(`SELECT s.schemaname, s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                 WHERE c.relkind = 'r' AND (s.last_vacuum IS NULL OR s.last_analyze IS NULL)`),
      ).toEqual([]);
      expect(
        await q(`SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE schemaname IN ('public', 'pgboss')`),
      ).not.toEqual([{ n: 0 }]);
      // The planner now knows the imported organisation.
      expect((await q(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'persons'`))[0].n).toBeGreaterThan(0);
    });
  } else {
    it('is left to the server (autovacuum): nothing is scheduled', async () => {
      expect(await q(`SELECT name FROM pgboss.schedule WHERE name = 'database-maintenance'`)).toEqual([]);
      expect(await q(`SELECT name FROM pgboss.schedule WHERE name = 'privacy-retention'`)).toEqual([
        { name: 'privacy-retention' },
      ]);
    });
  }
});
