import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A Postgres server of the test's own that, unlike the machine's (trust), asks for passwords (scram), in a
 * temporary folder on a free port. Holds, in its `postgres` database, the stand-in of Azure Database for
 * PostgreSQL's pgaadauth_create_principal_with_oid (Manage Microsoft Entra roles): an Entra role is a
 * LOGIN role mapped to an object id; it signs in with a current token of that object, which `acceptToken`
 * makes its password. Absent when the server binaries are not installed (the suite says so and skips);
 * a server that is installed but does not start is an error, with initdb's and the server's own words.
 */
export interface PrivatePostgres {
  host: string;
  port: number;
  admin: { user: string; password: string };
  adminClient(database?: string): Promise<pg.Client>;
  /** The role mapped to `objectId` accepts this token (and no older one) from now on. */
  acceptToken(objectId: string, token: string): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    /* no pg_config */
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  for (const v of readdirSync(root).sort().reverse())
    if (existsSync(path.join(root, v, 'bin/initdb'))) return path.join(root, v, 'bin');
  return undefined;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres | undefined> {
  const bin = binDir();
  if (!bin) return undefined;
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: the server runs as the postgres account then.
  const as = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-pg-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const admin = { user: 'admin', password: `pw-${Math.random().toString(36).slice(2)}` };
  writeFileSync(path.join(dir, 'pw'), admin.password);
  // Readable by the postgres account whatever the umask (the embedded database sets 077 in this process).
  chmodSync(path.join(dir, 'pw'), 0o644);
  const port = await freePort();
  const data = path.join(dir, 'data');
  try {
    as('initdb', [
      '-D',
      data,
      '-U',
      admin.user,
      '--auth=scram-sha-256',
      `--pwfile=${path.join(dir, 'pw')}`,
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    as('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
  } catch (err) {
    const log = existsSync(path.join(dir, 'log')) ? readFileSync(path.join(dir, 'log'), 'utf8').slice(-1500) : '';
    rmSync(dir, { recursive: true, force: true });
    throw Object.assign(err as Error, {
      message: `${(err as Error).message}\n${String((err as { stderr?: Buffer }).stderr ?? '')}\n${log}`,
    });
  }
  const host = '127.0.0.1';
  const adminClient = async (database = 'postgres') => {
    const c = new pg.Client({ host, port, database, ...admin });
    await c.connect();
    return c;
  };
  const c = await adminClient();
  try {
    await c.query(`
      CREATE ROLE azure_pg_admin NOLOGIN;
      CREATE TABLE aad_principals (rolname text PRIMARY KEY, objectid text NOT NULL, objecttype text NOT NULL);
      CREATE FUNCTION pgaadauth_create_principal_with_oid(rolename text, objectid text, objecttype text, isadmin boolean, ismfa boolean)
        RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $fn$
      BEGIN
        IF objecttype NOT IN ('user', 'group', 'service') THEN RAISE EXCEPTION 'objecttype must be user, group or service'; END IF;
        EXECUTE format('CREATE ROLE %I LOGIN', rolename);
        IF isadmin THEN EXECUTE format('GRANT azure_pg_admin TO %I', rolename); END IF;
        INSERT INTO aad_principals VALUES (rolename, objectid, objecttype);
        RETURN format('Created role for "%s"', rolename);
      END $fn$;
      REVOKE ALL ON FUNCTION pgaadauth_create_principal_with_oid(text, text, text, boolean, boolean) FROM PUBLIC;`);
    await c.query('CREATE DATABASE missionsklynger'); // as infra/azure.bicep creates it
  } catch (err) {
    as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await c.end();
  }
  return {
    host,
    port,
    admin,
    adminClient,
    async acceptToken(objectId, token) {
      const a = await adminClient();
      try {
        const { rows } = await a.query('SELECT rolname FROM aad_principals WHERE objectid = $1', [objectId]);
        for (const r of rows)
          await a.query(
            `ALTER ROLE "${String(r.rolname).replace(/"/g, '""')}" PASSWORD '${token.replace(/'/g, "''")}'`,
          );
      } finally {
        await a.end();
      }
    },
    async stop() {
      try {
        as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
