import { ConfigError, loadConfig } from '../config.js';
import { describePlan, importOrganisation, readOrganisation } from '../services/org-import.service.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrations.js';

const USAGE = `Usage: npm run import:org -- <people.json|people.csv> [units.csv] [--dry-run]
  JSON: {"units": [...], "people": [...]}; CSV: people (id,name,email,unit,roles,groups) and optionally units
  (id,name,kind,parent,leader,departmentHead,director). Lists in a cell are separated by ";".
  Roles from Entra groups come from ROLE_GROUPS, e.g. ROLE_GROUPS='{"<group id>":"admin"}'.
  The file is the whole truth: people imported before and missing now lose their roles (their records stay).
  --dry-run prints what would change and changes nothing. With the app running on the embedded database,
  the import goes through it (no need to stop it).`;

/** Imports the organisation into the configured database; all or nothing. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const [file, unitsFile] = args.filter((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const org = await readOrganisation(file, unitsFile);
  const db = await openDatabase(config.database, { poolSize: 2, role: 'import:org', joinRunningApp: true });
  try {
    if (db.joined)
      process.stdout.write(`The app (pid ${db.joined.pid}) holds the embedded database: the import goes through it.\n`);
    await migrate(db.pool);
    const summary = await importOrganisation(db.pool, org, config.roleGroups, { dryRun });
    process.stdout.write(`${describePlan(summary.plan)}\n`);
    process.stdout.write(
      dryRun ? 'Dry run: nothing was changed.\n' : `Imported ${summary.units} units and ${summary.people} people.\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
