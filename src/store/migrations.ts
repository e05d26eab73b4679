import type pg from 'pg';
import type { Migration } from './migrations/migration.js';
import { migration as m0001 } from './migrations/0001-organisation-missions-audit-outbox.js';
import { migration as m0002 } from './migrations/0002-clusters-and-channels.js';
import { migration as m0003 } from './migrations/0003-portfolios.js';
import { migration as m0004 } from './migrations/0004-dialogues.js';
import { migration as m0005 } from './migrations/0005-search.js';
import { migration as m0006 } from './migrations/0006-erased-people.js';
import { migration as m0007 } from './migrations/0007-removed-from-import.js';
import { migration as m0008 } from './migrations/0008-real-tenant-channels.js';
import { migration as m0009 } from './migrations/0009-learning-origin.js';
import { migration as m0010 } from './migrations/0010-following-and-answer-clock.js';
import { migration as m0011 } from './migrations/0011-event-transaction.js';

/** Applied in this order. Append-only: a released migration is never edited; a change is a new file
 * (test/integration/migrations.test.ts compares the result with a snapshot). */
const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011];

const LOCK_ID = 727_274_001;

/** Applies pending migrations under an advisory lock, so several instances can start at once. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((x) => !done.has(x.id))) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        await client.query('COMMIT');
        applied.push(m.id);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
}
