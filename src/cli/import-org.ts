import { ConfigError, loadConfig } from '../config.js';
import { importOrganisation, readOrganisation } from '../services/org-import.service.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrations.js';

const USAGE = `Usage: npm run import:org -- <people.json|people.csv> [units.csv]
  JSON: {"units": [...], "people": [...]}; CSV: people (id,name,email,unit,roles,groups) and optionally units
  (id,name,kind,parent,leader,departmentHead,director). Lists in a cell are separated by ";".
  Roles from Entra groups come from ROLE_GROUPS, e.g. ROLE_GROUPS='{"<group id>":"admin"}'.`;

/** Imports the organisation into the configured database; all or nothing. */
async function main(): Promise<void> {
  const [file, unitsFile] = process.argv.slice(2);
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const org = await readOrganisation(file, unitsFile);
  const db = await openDatabase(config.database, 2);
  try {
    await migrate(db.pool);
    const summary = await importOrganisation(db.pool, org, config.roleGroups);
    process.stdout.write(`Imported ${summary.units} units and ${summary.people} people.\n`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
