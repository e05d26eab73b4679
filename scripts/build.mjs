// npm run build: compiles the server (dist/), type-checks the tab pages and bundles them (dist/tab), unless
// nothing they are built from changed since the last build (a second `npm start` is then up in a second
// or two instead of half a minute). `npm run build -- --force` always builds. What counts as "changed":
// any file under the sources added, removed, resized or touched (sourcesStamp), and the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sourcesStamp } from './build-stamp.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const STAMP = path.join(ROOT, 'dist/.build-stamp');
const stamp = sourcesStamp(ROOT);
const force = process.argv.includes('--force');

if (
  !force &&
  existsSync(STAMP) &&
  readFileSync(STAMP, 'utf8') === stamp &&
  existsSync(path.join(ROOT, 'dist/src/index.js')) &&
  existsSync(path.join(ROOT, 'dist/tab/tab.js'))
) {
  console.log('build: up to date (nothing changed since the last build; --force builds anyway)');
  process.exit(0);
}
const steps = [
  [process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']],
  [process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'src/web/tab-ui/tsconfig.json']],
  [process.execPath, [path.join(ROOT, 'scripts/build-tab.mjs')]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
writeFileSync(STAMP, stamp);
