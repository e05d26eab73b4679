import path from 'node:path';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { managedIdentity, POSTGRES_SCOPE, tokenSupplier } from '../lib/managed-identity.js';
import {
  claimDataFolder,
  closeToOthers,
  ownerConnection,
  privateDataFolder,
  removeStaleSocketDirs,
  socketDirPrefix,
  socketFile,
  SOCKET_PORT,
  type OwnerRecord,
} from '../embedded-postgres/owner.js';
import { startEmbeddedServer } from '../embedded-postgres/engine.js';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface Database {
  readonly kind: 'embedded' | 'server';
  readonly pool: pg.Pool;
  /** Where the server listens (embedded mode: a private socket that only the pool's connections use). */
  readonly connectionString: string;
  /** How another pool (the job queue's) reaches the same database with the same sign-in. */
  readonly connection: pg.PoolConfig;
  /** Embedded: the running app whose engine this process uses (a command-line tool beside the app). */
  readonly joined?: OwnerRecord;
  close(): Promise<void>;
}

export { PLAN_EACH_CALL } from '../embedded-postgres/engine.js';

/**
 * The embedded engine in a data folder, or a Postgres server. `entra`: the server takes Microsoft Entra tokens
 * of this managed identity as passwords (Azure Database for PostgreSQL), fetched for each new connection.
 */
export type DatabaseTarget =
  { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string; entra?: { managedIdentityClientId: string } };

// Return timestamps as Date and bigint counts as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** The app's database: ten connections to a server, or the embedded engine; a lost idle connection is logged. */
export function openAppDatabase(
  target: DatabaseTarget,
  logger: { warn(obj: object, msg: string): void },
): Promise<Database> {
  return openDatabase(target, { onIdleError: (err) => logger.warn({ err }, 'an idle database connection was closed') });
}

export interface OpenOptions {
  poolSize?: number;
  onIdleError?: (err: Error) => void;
  /**
   * Who opens an embedded database (`app`, `import:org`, …). A command-line tool joins the process that
   * already holds the data folder, through its private socket; anyone else is refused (embedded-postgres/owner.ts).
   */
  role?: string;
  joinRunningApp?: boolean;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const { poolSize = 10, onIdleError = () => undefined, role = 'app', joinRunningApp = false } = options;
  if (target.kind === 'server') {
    const connection = serverConnection(target);
    const pool = new pg.Pool({ ...connection, max: poolSize });
    // An idle connection the server closes (restart, failover, an administrator) is replaced on the next
    // query; without a listener the pool's 'error' event would end the process.
    pool.on('error', onIdleError);
    return { kind: 'server', pool, connectionString: target.url, connection, close: () => pool.end() };
  }
  await privateDataFolder(target.dataDir);
  const ownership = await claimDataFolder(target.dataDir, role, joinRunningApp);
  if (ownership.kind === 'joined') {
    // The running app's engine serves this process too: its writes are the app's, seen at once.
    const { host, port } = ownerConnection(ownership.owner);
    const pool = retryingConnects(
      new pg.Pool({
        host,
        port,
        user: 'postgres',
        database: 'postgres',
        max: Math.min(poolSize, JOINED_CONNECTIONS),
        idleTimeoutMillis: 0,
      }),
    );
    pool.on('error', onIdleError);
    const connectionString = `postgres://postgres@${encodeURIComponent(host)}:${port}/postgres`;
    return {
      kind: 'embedded',
      pool,
      connectionString,
      connection: { connectionString },
      joined: ownership.owner,
      close: () => pool.end(),
    };
  }
  let socketDir: string | undefined;
  try {
    await removeStaleSocketDirs();
    const folder = path.join(target.dataDir, 'pglite');
    // The engine's files: readable by this user only (the engine asks for no password either).
    process.umask(0o077);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // The engine asks for no password: on a loopback TCP port any local user or process could have read and
    // changed the data. A Unix socket in a private temporary folder (0700) admits only the app's own user,
    // and there is no port to collide with.
    socketDir = await mkdtemp(socketDirPrefix());
    const connections = Math.min(poolSize, EMBEDDED_CONNECTIONS);
    const embedded = await startEmbeddedServer(
      folder,
      socketFile(socketDir),
      connections + JOINED_CONNECTIONS,
      onIdleError,
    );
    // The engine writes some files open to all (0666) whatever the umask (its first files, and the relation
    // caches it rewrites at each start). The folder is 0700 already, so this is a second lock and need not
    // hold up the start: the files are made owner-only meanwhile (finished before close).
    const closing = closeToOthers(folder).catch((err: Error) => onIdleError(err));
    await ownership.publish(socketDir);
    const connectionString = `postgres://postgres@${encodeURIComponent(socketDir)}:${SOCKET_PORT}/postgres`;
    const pool = retryingConnects(
      new pg.Pool({
        host: socketDir,
        port: SOCKET_PORT,
        user: 'postgres',
        database: 'postgres',
        max: connections,
        idleTimeoutMillis: 0,
      }),
    );
    pool.on('error', onIdleError);
    const dir = socketDir;
    return {
      kind: 'embedded',
      pool,
      connectionString,
      connection: { connectionString },
      async close() {
        await closing;
        await pool.end();
        await embedded.close();
        await rm(dir, { recursive: true, force: true });
        await ownership.release();
      },
    };
  } catch (err) {
    if (socketDir) await rm(socketDir, { recursive: true, force: true }).catch(() => undefined);
    await ownership.release();
    throw err;
  }
}

/**
 * A server's connection settings. With Microsoft Entra authentication the URL's fields are taken apart so
 * that the password can be a function: each new connection asks the managed identity for a current token
 * (tokens last about an hour; a connection, once open, stays signed in).
 */
function serverConnection(target: Extract<DatabaseTarget, { kind: 'server' }>): pg.PoolConfig {
  if (!target.entra) return { connectionString: target.url };
  const { password: _none, ...fields } = parseConnectionString(target.url);
  const { managedIdentityClientId } = target.entra;
  return {
    ...(fields as pg.PoolConfig),
    password: tokenSupplier(managedIdentity(managedIdentityClientId), POSTGRES_SCOPE, managedIdentityClientId),
  };
}

/** Connections a command-line tool gets to a running app's engine (the server admits that many beyond the app's own).
 * */
const JOINED_CONNECTIONS = 2;

/**
 * The engine runs one statement at a time whatever the number of connections (embedded-postgres/server.cjs); a
 * few let the app's next queries wait at the engine instead of in the pool, so the engine's thread is not
 * left idle while the app's event loop is busy with a turn.
 */
const EMBEDDED_CONNECTIONS = 4;

const CONNECT_FAILURE = /Connection terminated unexpectedly|ECONNRESET|ECONNREFUSED|EPIPE|too many connections/i;

/**
 * After a query fails the pool drops its connection and opens a new one; the embedded server, which takes
 * as many connections as the pool holds, may still be closing the old one and turns the new one away.
 * Nothing was sent on a connection that failed to open, so opening it again a moment later is always safe.
 */
function retryingConnects(pool: pg.Pool): pg.Pool {
  const connectOnce = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const connect = async (): Promise<pg.PoolClient> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await connectOnce();
      } catch (err) {
        if (attempt >= 40 || !CONNECT_FAILURE.test(String((err as Error)?.message))) throw err;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  };
  // pg-pool's own query() calls this.connect(callback); both forms go through the retry.
  pool.connect = ((
    cb?: (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void,
  ) => {
    if (!cb) return connect();
    connect().then(
      (client) => cb(undefined, client, (release?: unknown) => client.release(release as Error | boolean | undefined)),
      (err: Error) => cb(err),
    );
    return undefined;
  }) as typeof pool.connect;
  return pool;
}

/** Answers when the database does (the health check). */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

/** Inside a transaction: foreign keys are checked at commit, so rows that refer to each other can be written in any
 * order. */
export async function deferConstraints(tx: Queryable): Promise<void> {
  await tx.query('SET CONSTRAINTS ALL DEFERRED');
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

/**
 * Reclaims the space of deleted and updated rows and refreshes the planner's statistics. A Postgres server
 * does this by itself (autovacuum); the embedded engine runs no background workers, so without it the job
 * tables, the outbox and the send log grow with every message, and plans drift as the data changes.
 */
export async function vacuumDatabase(
  pool: pg.Pool,
): Promise<{ seconds: number; sizeBeforeMb: number; sizeAfterMb: number }> {
  const size = async () =>
    Number((await pool.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 1048576;
  const sizeBeforeMb = await size();
  const t0 = performance.now();
  await pool.query('VACUUM (ANALYZE)');
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds: Math.round(seconds * 100) / 100,
    sizeBeforeMb: Math.round(sizeBeforeMb * 10) / 10,
    sizeAfterMb: Math.round((await size()) * 10) / 10,
  };
}
