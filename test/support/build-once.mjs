// Whether dist/ holds a build of the current sources, and a build started in the background: jest's global
// setup starts one when it does not (the suites that run the app as its own process wait for it in
// child-app.ts's buildOnce), so the compiler's half minute overlaps the first suites instead of coming first,
// and two workers never build at once.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time of the files under `dir` (0 when there are none). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/** dist/ is newer than every source it is built from. */
export function distIsCurrent(root) {
  let built = 0;
  try {
    built = statSync(path.join(root, 'dist/src/index.js')).mtimeMs;
  } catch {
    return false;
  }
  return built > Math.max(...['src', 'bench', 'test/support'].map((d) => newest(path.join(root, d))));
}

export const tscArgs = (root) => [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'];

let running;

/** Starts the build; `<runDir>/build.status` gets its exit code when it ends, `build.log` its output. */
export function startBuild(root, runDir) {
  writeFileSync(path.join(runDir, 'build.started'), '');
  const log = openSync(path.join(runDir, 'build.log'), 'w');
  const child = spawn(process.execPath, tscArgs(root), { cwd: root, stdio: ['ignore', log, log] });
  running = child;
  const finish = (status) => {
    running = undefined;
    closeSync(log);
    if (existsSync(runDir)) writeFileSync(path.join(runDir, 'build.status'), status);
  };
  child.on('exit', (code) => finish(String(code ?? 1)));
  child.on('error', (err) => finish(`1 ${err.message}`));
}

/** jest's global teardown: a build no suite waited for (a run of a few suites) is not left running. */
export function stopBuild() {
  running?.kill();
  running = undefined;
}
