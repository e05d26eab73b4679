// jest globalSetup: the folder for this run's Graph requests (graph-contract-check.mjs) and the run's folder
// for the database template every suite copies (template-database.ts). Workers inherit both through the env.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setup } from './graph-contract-check.mjs';

export default function globalSetup() {
  setup();
  process.env.MK_TEST_RUN_DIR = mkdtempSync(path.join(tmpdir(), 'mk-run-'));
}
