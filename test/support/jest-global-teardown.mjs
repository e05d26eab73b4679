// jest globalTeardown: the run's database templates are removed (template-database.ts), then every Graph
// request the run sent is checked against Microsoft's types (graph-contract-check.mjs).
import { rmSync } from 'node:fs';
import pg from 'pg';
import { stopBuild } from './build-once.mjs';
import { teardown } from './graph-contract-check.mjs';
import { serverTemplateName } from './template-name.mjs';

export default async function globalTeardown() {
  stopBuild();
  const runDir = process.env.MK_TEST_RUN_DIR;
  if (runDir) {
    rmSync(runDir, { recursive: true, force: true });
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) {
      const name = serverTemplateName(runDir);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect().then(
        () => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end()),
        () => undefined,
      );
    }
  }
  teardown();
}
