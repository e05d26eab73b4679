/**
 * Gives the app's managed identity its own login on Azure Database for PostgreSQL, with only what the app
 * needs: it connects to its one database, creates its own tables there (migrations) and the job queue's
 * schema. It is not an administrator, cannot create roles or databases, and other databases stay closed to
 * it. The server's Microsoft Entra administrator runs this once after the first provision (README, "Give the
 * app its database login"); running it again changes nothing.
 *
 * Microsoft's rules (Azure Database for PostgreSQL flexible server, "Manage Microsoft Entra roles" and
 * "Connect with managed identity"): an Entra role is created by an Entra administrator in the `postgres`
 * database with pgaadauth_create_principal_with_oid(role, object id, 'service', isAdmin, isMfa) (by object id,
 * because display names are not unique); the administrator signs in with a token for
 * https://ossrdbms-aad.database.windows.net as the password.
 */
import pg from 'pg';
import { processEnvironment } from '../config.js';
import { grantAppRole } from '../store/database-role.js';

const USAGE = `Usage (the server's Microsoft Entra administrator, from a machine in the app's virtual network, e.g.
the App Service's SSH console):
  PGHOST=<server>.postgres.database.azure.com PGUSER=<your Entra name> PGSSLMODE=require \\
  PGPASSWORD="$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)" \\
  node dist/src/cli/database-role.js --role <identity name> --object-id <identity principal id> [--database missionsklynger]

  --role       the managed identity's name (provision writes it to env/.env.<env> as MANAGED_IDENTITY_NAME)
  --object-id  its principal (object) id (MANAGED_IDENTITY_PRINCIPAL_ID)
  --database   the app's database (default missionsklynger)`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
async function main(): Promise<number> {
  const role = option('role');
  const objectId = option('object-id');
  const database = option('database') ?? 'missionsklynger';
  if (!role || !objectId) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!GUID.test(objectId)) {
    process.stderr.write(
      `--object-id ${objectId}: not an object id (a GUID such as 6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b).\n`,
    );
    return 2;
  }
  // The pg client reads the same PG* variables itself (libpq's convention).
  const env = processEnvironment();
  if (!env.PGHOST || !env.PGUSER || !env.PGPASSWORD) {
    process.stderr.write(`Set PGHOST, PGUSER and PGPASSWORD (your Entra token) first.\n\n${USAGE}\n`);
    return 2;
  }
  const connect = async (db: string) => {
    const client = new pg.Client({ database: db });
    await client.connect();
    return client;
  };
  try {
    const result = await grantAppRole(connect, role, objectId, database);
    const a = result.attributes;
    process.stdout.write(
      `${result.created ? 'Created' : 'Kept'} the login ${role} (object id ${objectId}); it may connect to ${database} and create its tables there.\n` +
        `Administrator: ${a.superuser ? 'YES' : 'no'}, may create roles: ${a.createRole ? 'YES' : 'no'}, may create databases: ${a.createDb ? 'YES' : 'no'}` +
        `${a.memberOf.length ? `, member of ${a.memberOf.join(', ')}` : ''}.\n` +
        `Loginen ${role} er klar: appen kan forbinde til ${database} og intet andet.\n`,
    );
    return a.superuser || a.createRole || a.createDb ? 5 : 0;
  } catch (err) {
    const message = (err as Error).message;
    const hint = /pgaadauth_create_principal_with_oid/.test(message)
      ? ' (the function exists only on Azure Database for PostgreSQL with Microsoft Entra authentication, for an Entra administrator)'
      : /password authentication failed|no pg_hba/i.test(message)
        ? ' (is PGPASSWORD a fresh token from "az account get-access-token --resource-type oss-rdbms", and PGUSER your Entra name as the server lists it?)'
        : /permission denied|must be owner/i.test(message)
          ? " (run this as the server's Microsoft Entra administrator)"
          : '';
    process.stderr.write(`Could not set up the login: ${message}${hint}\n`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
