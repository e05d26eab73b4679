import { describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';
import { DB_TARGETS, scratchDatabase } from '../support/test-app.js';

const SNAPSHOT = path.resolve('test/fixtures/schema.snapshot.json');

/** The app's schema as the catalogue describes it: tables and columns, constraints, indexes, functions, triggers. */
async function schemaOf(db: Database): Promise<Record<string, string[]>> {
  const q = async (sql: string) => (await db.pool.query<{ line: string }>(sql)).rows.map((r) => r.line);
  return {
    columns: await q(`SELECT table_name || '.' || column_name || ' '
                        || CASE WHEN data_type = 'ARRAY' THEN ltrim(udt_name, '_') || '[]' ELSE data_type END
                        || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                        || coalesce(' default ' || column_default, '') AS line
                      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`),
    // Not-null constraints are in the columns (Postgres 18 also lists them here, 15 does not).
    constraints: await q(`SELECT c.conrelid::regclass || ' ' || c.conname || ': ' || pg_get_constraintdef(c.oid) AS line
                          FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                          WHERE n.nspname = 'public' AND c.contype <> 'n' ORDER BY 1`),
    indexes: await q(
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`,
    ),
    functions: await q(`SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || md5(p.prosrc) AS line
                        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`),
    triggers: await q(`SELECT pg_get_triggerdef(t.oid) AS line FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`),
    migrations: await q(`SELECT id || ' ' || name AS line FROM schema_migrations ORDER BY id`),
  };
}

describe.each(DB_TARGETS)('the migrations, applied in order, on %s', (target) => {
  it('build exactly the committed schema (a migration that changes history fails here)', async () => {
    const scratch = await scratchDatabase(target);
    const db = await openDatabase(
      scratch.env.DATABASE_URL
        ? { kind: 'server', url: scratch.env.DATABASE_URL }
        : { kind: 'embedded', dataDir: scratch.env.DATA_DIR },
    );
    try {
      expect(await migrate(db.pool)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await migrate(db.pool)).toEqual([]); // a second run applies nothing
      const schema = await schemaOf(db);
      // Adding a migration: UPDATE_SCHEMA_SNAPSHOT=1 npm test -- test/integration/migrations.test.ts, and commit the
      // file.
      if (process.env.UPDATE_SCHEMA_SNAPSHOT && target === 'pglite')
        await writeFile(SNAPSHOT, `${JSON.stringify(schema, null, 2)}\n`);
      expect(schema).toEqual(JSON.parse(await readFile(SNAPSHOT, 'utf8')));
    } finally {
      await db.close();
      await scratch.dispose();
    }
  }, 120_000);
});
