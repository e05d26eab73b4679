// jest globalTeardown: the run's database templates are removed (template-database.ts), then every Graph
// request the run sent is checked against Microsoft's types (graph-contract-check.mjs).
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { stopBuild } from './build-once.mjs';
import { teardown } from './graph-contract-check.mjs';

export default async function globalTeardown() {
  stopBuild();
  const runDir = process.env.MK_TEST_RUN_DIR;
  if (runDir) {
    rmSync(runDir, { recursive: true, force: true });
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) {
      // The same name as serverTemplateName() in template-database.ts.
      const name = `mk_tpl_${path
        .basename(runDir)
        .replace(/[^a-z0-9]/gi, '')
        .toLowerCase()}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect().then(
        () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end()),
        () => undefined,
      );
    }
  }
  teardown();
}
