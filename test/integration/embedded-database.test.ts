import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testFolder } from '../support/template-database.js';
import { openDatabase, withTransaction, type Database } from '../../src/store/database.js';

describe('the embedded database after a failed query', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = await testFolder('mk-embedded-');
    db = await openDatabase({ kind: 'embedded', dataDir: dir });
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the next query every time (the pool reopens a failed connection without losing a query)', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 15; i++) {
      await expect(db.pool.query('SELECT * FROM no_such_table WHERE id = $1', [i])).rejects.toThrow('does not exist');
      answers.push((await db.pool.query('SELECT $1::int AS n', [i])).rows[0].n);
    }
    expect(answers).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('rolls back a failed transaction and runs the next one', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY)');
    await expect(
      withTransaction(db.pool, async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (1)');
        await tx.query('INSERT INTO t (id) VALUES (1)');
      }),
    ).rejects.toThrow('duplicate key');
    await withTransaction(db.pool, async (tx) => tx.query('INSERT INTO t (id) VALUES (2)'));
    expect((await db.pool.query('SELECT id FROM t ORDER BY id')).rows).toEqual([{ id: 2 }]);
  });

  it('keeps concurrent parameterised queries on several connections apart', async () => {
    // Many queries in flight at once on the pool's connections: each gets its own answer.
    const asked = Array.from({ length: 200 }, (_, i) => i);
    const answers = await Promise.all(
      asked.map((i) =>
        db.pool.query(
          i % 2 ? 'SELECT $1::int * 2 AS n, $2::text AS tag' : 'SELECT $1::int * 2 AS n, upper($2::text) AS tag',
          [i, `q${i}`],
        ),
      ),
    );
    expect(answers.map((a) => a.rows[0])).toEqual(asked.map((i) => ({ n: i * 2, tag: i % 2 ? `q${i}` : `Q${i}` })));
  });

  it("lets no other connection in while one has a transaction open, as a server's isolation would show", async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS iso (id int PRIMARY KEY)');
    const tx = await db.pool.connect();
    await tx.query('BEGIN');
    await tx.query('INSERT INTO iso (id) VALUES ($1)', [1]);
    const seen: string[] = [];
    const other = db.pool.query('SELECT count(*)::int AS n FROM iso').then((r) => (seen.push('other'), r.rows[0].n));
    await new Promise((r) => setTimeout(r, 100));
    await tx.query('INSERT INTO iso (id) VALUES ($1)', [2]);
    seen.push('commit');
    await tx.query('COMMIT');
    tx.release();
    // The other connection's query ran after the commit, and saw both rows, never half the transaction.
    expect(await other).toBe(2);
    expect(seen).toEqual(['commit', 'other']);
  });

  it('rolls back the transaction of a connection that goes away in the middle of it', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS gone (id int PRIMARY KEY)');
    const tx = await db.pool.connect();
    await tx.query('BEGIN');
    await tx.query('INSERT INTO gone (id) VALUES ($1)', [1]);
    tx.release(new Error('the client went away')); // pg destroys the connection
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM gone');
    expect(rows[0].n).toBe(0);
    await db.pool.query('INSERT INTO gone (id) VALUES ($1)', [1]); // nothing of the old transaction holds a lock
  });

  it('answers repeated queries from kept statements, and follows a table whose columns change', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS kept (id int PRIMARY KEY, name text)');
    await db.pool.query("INSERT INTO kept VALUES (1, 'en'), (2, 'to')");
    const byId = (id: number) => db.pool.query('SELECT * FROM kept WHERE id = $1', [id]).then((r) => r.rows);
    for (let i = 0; i < 10; i++)
      expect(await byId(1 + (i % 2))).toEqual([{ id: 1 + (i % 2), name: i % 2 ? 'to' : 'en' }]);
    await db.pool.query("ALTER TABLE kept ADD COLUMN note text DEFAULT 'ny'");
    expect(await byId(2)).toEqual([{ id: 2, name: 'to', note: 'ny' }]);
    // A query that fails the first time is not kept; the same text works once the table is there.
    await expect(db.pool.query('SELECT * FROM later WHERE id = $1', [1])).rejects.toThrow('does not exist');
    await db.pool.query('CREATE TABLE later (id int)');
    await db.pool.query('INSERT INTO later VALUES ($1)', [7]);
    expect((await db.pool.query('SELECT * FROM later WHERE id = $1', [7])).rows).toEqual([{ id: 7 }]);
    // An error raised while a kept statement runs is the caller's, and the next call is fine.
    const divide = (d: number) => db.pool.query('SELECT 10 / $1::int AS q', [d]).then((r) => r.rows[0].q);
    expect(await divide(5)).toBe(2);
    await expect(divide(0)).rejects.toThrow('division by zero');
    expect(await divide(2)).toBe(5);
    // The client's own named statements are left alone.
    expect((await db.pool.query({ name: 'own', text: 'SELECT $1::int + 1 AS n', values: [1] })).rows[0].n).toBe(2);
  });

  it('keeps answering right after more distinct queries than it keeps statements for', async () => {
    const texts = Array.from({ length: 520 }, (_, i) => `SELECT $1::int + ${i} AS n`);
    for (const [i, text] of texts.entries()) expect((await db.pool.query(text, [1])).rows[0].n).toBe(1 + i);
    expect((await db.pool.query(texts[0], [5])).rows[0].n).toBe(5);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
    expect(rows[0].n).toBeLessThanOrEqual(501);
  });

  it('is reachable only through a socket file that only the app user may open, and leaves nothing behind', async () => {
    // The engine asks for no password: a loopback TCP port would let any local process in.
    const folder = decodeURIComponent(new URL(db.connectionString).hostname);
    expect(folder.startsWith(os.tmpdir())).toBe(true);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(folder, '.s.PGSQL.5432'))).isSocket()).toBe(true);
    const other = await openDatabase({
      kind: 'embedded',
      dataDir: await testFolder('mk-embedded-'),
    });
    const otherFolder = decodeURIComponent(new URL(other.connectionString).hostname);
    await other.close();
    await expect(stat(otherFolder)).rejects.toThrow('ENOENT');
  });
});
