/**
 * The app's own login on Azure Database for PostgreSQL (src/cli/database-role.ts runs this as the server's
 * Microsoft Entra administrator): created by object id with pgaadauth_create_principal_with_oid in the
 * `postgres` database, then given only what the app needs in its own database.
 */
import type pg from 'pg';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface RoleResult {
  created: boolean;
  attributes: { superuser: boolean; createRole: boolean; createDb: boolean; memberOf: string[] };
}

/** Creates the role if it is missing and grants what the app needs; `connect` opens a client to a database. */
export async function grantAppRole(
  connect: (database: string) => Promise<pg.Client>,
  role: string,
  objectId: string,
  database: string,
): Promise<RoleResult> {
  const admin = await connect('postgres');
  let created = false;
  try {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) {
      await admin.query(`SELECT * FROM pgaadauth_create_principal_with_oid($1, $2, 'service', false, false)`, [
        role,
        objectId,
      ]);
      created = true;
    }
  } finally {
    await admin.end();
  }
  const app = await connect(database);
  try {
    await app.query('BEGIN');
    await app.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
    await app.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${ident(database)} TO ${ident(role)}`);
    await app.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${ident(role)}`);
    await app.query('COMMIT');
    const attributes = await app.query<{
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
      member_of: string[];
    }>(
      `SELECT rolsuper, rolcreaterole, rolcreatedb,
              ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid ORDER BY 1)::text[] AS member_of
         FROM pg_roles r WHERE rolname = $1`,
      [role],
    );
    const a = attributes.rows[0];
    return {
      created,
      attributes: {
        superuser: a.rolsuper,
        createRole: a.rolcreaterole,
        createDb: a.rolcreatedb,
        memberOf: a.member_of,
      },
    };
  } catch (err) {
    await app.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await app.end();
  }
}
