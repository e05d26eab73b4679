// jest globalSetup: the folder for this run's Graph requests (graph-contract-check.mjs), the run's folder for
// the database template every suite copies (template-database.ts), and a build of dist/ if it is out of date
// (build-once.mjs). Workers inherit the folders through the env.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { distIsCurrent, startBuild } from './build-once.mjs';
import { setup } from './graph-contract-check.mjs';

export default function globalSetup() {
  setup();
  process.env.MK_TEST_RUN_DIR = mkdtempSync(path.join(tmpdir(), 'mk-run-'));
  // The suites that run the app as its own process need dist/: built beside the first suites (build-once.mjs).
  if (!distIsCurrent(process.cwd())) startBuild(process.cwd(), process.env.MK_TEST_RUN_DIR);
}
