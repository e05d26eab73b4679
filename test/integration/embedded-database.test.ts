import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, withTransaction, type Database } from '../../src/store/database.js';

describe('the embedded database after a failed query', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mk-embedded-'));
    db = await openDatabase({ kind: 'embedded', dataDir: dir });
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the next query every time (the pool reopens its one connection without losing a query)', async () => {
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

  it('is reachable only through a socket file that only the app user may open, and leaves nothing behind', async () => {
    // The engine asks for no password: a loopback TCP port would let any local process in.
    const folder = decodeURIComponent(new URL(db.connectionString).hostname);
    expect(folder.startsWith(os.tmpdir())).toBe(true);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(folder, '.s.PGSQL.5432'))).isSocket()).toBe(true);
    const other = await openDatabase({ kind: 'embedded', dataDir: await mkdtemp(path.join(os.tmpdir(), 'mk-embedded-')) });
    const otherFolder = decodeURIComponent(new URL(other.connectionString).hostname);
    await other.close();
    await expect(stat(otherFolder)).rejects.toThrow('ENOENT');
  });
});
