// The Postgres template database's name for a test run: made by template-database.ts, dropped by the global
// teardown (jest-global-teardown.mjs). One function, so the two cannot drift apart.
import path from 'node:path';

/** @param {string} runDir the run's folder (MK_TEST_RUN_DIR) */
export function serverTemplateName(runDir) {
  return `mk_tpl_${path
    .basename(runDir)
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()}`;
}
