import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Database {
  readonly kind: 'embedded' | 'server';
  readonly pool: pg.Pool;
  /** Where the server listens; embedded mode accepts a single connection, the pool's. */
  readonly connectionString: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string };

// Return timestamps as Date and bigint counts as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the configured database: embedded PGlite served on loopback, or a Postgres server.
 * Embedded mode uses exactly one connection: pglite-socket 0.2.17 interleaves the extended-protocol
 * messages (Parse/Bind/Execute) of concurrent connections, which breaks parameterised queries
 * ("portal does not exist"). PGlite runs one statement at a time anyway, so nothing is lost.
 */
export async function openDatabase(target: DatabaseTarget, poolSize = 10): Promise<Database> {
  if (target.kind === 'server') {
    const pool = new pg.Pool({ connectionString: target.url, max: poolSize });
    return { kind: 'server', pool, connectionString: target.url, close: () => pool.end() };
  }
  const folder = path.join(target.dataDir, 'pglite');
  await mkdir(folder, { recursive: true });
  const pglite = await PGlite.create(folder);
  // The socket server runs one statement at a time and holds other connections back while a
  // transaction is open, so every connection sees committed data only, as on a real server.
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pool = new pg.Pool({ connectionString, max: 1, idleTimeoutMillis: 0 });
  return {
    kind: 'embedded',
    pool,
    connectionString,
    async close() {
      await pool.end();
      await server.stop();
      await pglite.close();
    },
  };
}

/** Runs fn inside one transaction on one connection. Nothing inside may use another connection. */
export async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
