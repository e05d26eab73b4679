import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { erasePerson, exportPerson, findPersonByKey } from '../services/privacy.service.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrations.js';
import { findPerson } from '../store/people.repository.js';
import { rowsAbout } from '../store/privacy.repository.js';

const USAGE = `Usage (an admin of the organisation import runs these; with the app running on the embedded database
they go through it):
  npm run privacy -- export <object id | email> --by <your object id | email> [--out <folder>]
      Everything the app holds about the person (GDPR Art. 15): a JSON file and a readable summary.
  npm run privacy -- erase <object id | email> --by <your object id | email> [--case <reference>] [--confirm]
      Erases the person (Art. 17): a pseudonym "Tidligere medarbejder" takes their place everywhere.
      Without --confirm it only shows what would change. Remove the person from the organisation import first.`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const [command, key] = process.argv.slice(2);
  const by = option('by');
  if (!['export', 'erase'].includes(command ?? '') || !key || !by) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config.database, { poolSize: 2, role: 'privacy', joinRunningApp: true });
  try {
    if (db.joined)
      process.stdout.write(`The app (pid ${db.joined.pid}) holds the embedded database: this goes through it.\n`);
    await migrate(db.pool);
    const admin = await findPersonByKey(db.pool, by);
    const roles = admin ? ((await findPerson(db.pool, admin.id))?.roles ?? []) : [];
    if (!admin || !roles.includes('admin')) {
      process.stderr.write(
        `--by ${by}: not an admin in the organisation import (roles come from the import and ROLE_GROUPS).\n`,
      );
      return 3;
    }
    const person = await findPersonByKey(db.pool, key);
    if (!person) {
      process.stderr.write(`No person with id or email "${key}" (an erased person cannot be found again).\n`);
      return 4;
    }
    if (command === 'export') {
      const result = (await exportPerson(db.pool, key, admin.id))!;
      const folder = path.resolve(option('out') ?? 'privacy-exports');
      await mkdir(folder, { recursive: true });
      const base = path.join(folder, `persondata-${person.id}-${result.generatedAt.toISOString().slice(0, 10)}`);
      await writeFile(
        `${base}.json`,
        JSON.stringify({ person: result.person, generatedAt: result.generatedAt, records: result.records }, null, 2),
      );
      await writeFile(`${base}.md`, result.summary);
      process.stdout.write(
        `Wrote ${base}.json and ${base}.md (${Object.values(result.records).reduce((n, r) => n + r.length, 0)} records).\n`,
      );
      return 0;
    }
    if (!process.argv.includes('--confirm')) {
      const rows = await rowsAbout(db.pool, person.id);
      process.stdout.write(
        `Would erase ${person.name}: ${Object.entries(rows)
          .map(([t, r]) => `${t} ${r.length}`)
          .join(', ')}. Add --confirm to erase.\n`,
      );
      return 0;
    }
    const erased = (await erasePerson(db.pool, key, { by: admin.id, caseRef: option('case') }))!;
    process.stdout.write(
      `Erased. The person is now "${erased.pseudonymId}" ("Tidligere medarbejder"); rows changed: ${JSON.stringify(erased.changed)}.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
