// npm run dev [-- --as mette|lars|anne|peter|sofie]: builds, imports the demo organisation, starts the app on
// the embedded database and the Microsoft 365 Agents Playground pointed at it (http://127.0.0.1:56150).
// --as lets you be another mock user (the Playground always acts as its "currentUser").
//
// An app already running on PORT (e.g. from `npm start`) is used as it is: the demo import goes through it
// (the embedded database has one owner) and only the Playground is started. Anything else in the way (a
// program on PORT that is not the app, the data folder held by an app on another port, a Playground
// already on its port) stops this before it touches anything, with what to do. Whatever this starts, it
// stops again: on Ctrl+C, when either process ends, or when this script ends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const asIndex = process.argv.indexOf('--as');
const as = asIndex > 0 ? process.argv[asIndex + 1] : undefined;
const env = { ...process.env, ROLE_GROUPS: process.env.ROLE_GROUPS ?? '{"demo-dus-admins":"admin"}' };
const port = Number(env.PORT ?? 3978);
const playgroundPort = Number(env.PLAYGROUND_PORT ?? 56150);
const dataDir = path.resolve(env.DATA_DIR ?? '.data');

const refuse = (message) => {
  console.error(`npm run dev: ${message}`);
  process.exit(1);
};

/** Whether something listens on the port, and if it is this app (its /healthz says so). */
async function whoIsOn(p) {
  const taken = await new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: p }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
  if (!taken) return 'free';
  try {
    const res = await fetch(`http://127.0.0.1:${p}/healthz`, { signal: AbortSignal.timeout(3000) });
    const body = await res.json();
    return body?.app === 'missionsklynger' ? 'app' : 'other';
  } catch {
    return 'other';
  }
}

/** The process holding the embedded database, if one is alive (src/embedded-postgres/owner.ts writes owner.json). */
function dataOwner() {
  try {
    const owner = JSON.parse(readFileSync(path.join(dataDir, 'owner.json'), 'utf8'));
    process.kill(owner.pid, 0);
    return owner;
  } catch {
    return undefined;
  }
}

// Look first, touch nothing until everything is clear.
const onPort = await whoIsOn(port);
if (onPort === 'other') refuse(`port ${port} is in use by another program. Stop it, or run with PORT=<a free port>.`);
const owner = dataOwner();
if (onPort === 'free' && owner) {
  refuse(
    `the app (pid ${owner.pid}) holds ${dataDir} but does not answer on port ${port}. Stop it (kill ${owner.pid}), or run npm run dev with the PORT it uses.`,
  );
}
if ((await whoIsOn(playgroundPort)) !== 'free') {
  refuse(
    `port ${playgroundPort} is in use (an Agents Playground already running?). Use it at http://127.0.0.1:${playgroundPort}, stop it, or run with PLAYGROUND_PORT=<a free port>.`,
  );
}
const useRunning = onPort === 'app';

const base = readFileSync('test/fixtures/playground/playground.config.yml', 'utf8');
writeFileSync('.m365agentsplayground.yml', as ? swapCurrentUser(base, as) : base);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!useRunning) run(process.execPath, ['scripts/build.mjs']);
else if (!existsSync('dist/src/cli/import-org.js')) run(process.execPath, ['scripts/build.mjs']);
// With an app running this goes through it (one owner of the embedded database); then it opens the folder itself.
run(process.execPath, ['dist/src/cli/import-org.js', 'config/demo-org.json']);

// Each child leads its own process group, so stopping it stops what it started too (npx starts node).
const children = new Set();
const start = (cmd, args, extraEnv = {}) => {
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv }, detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
};
const stopAll = (signal = 'SIGTERM') => {
  for (const child of children) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  }
};
process.on('exit', () => stopAll('SIGKILL'));
let ending = false;
const end = (code) => {
  if (ending) return;
  ending = true;
  stopAll();
  const deadline = setTimeout(() => process.exit(code), 5000);
  const check = setInterval(() => {
    if (children.size === 0) {
      clearTimeout(deadline);
      clearInterval(check);
      process.exit(code);
    }
  }, 50);
};
process.on('SIGINT', () => end(0));
process.on('SIGTERM', () => end(0));

if (useRunning) {
  console.log(
    `\nUsing the app already running on port ${port}${owner ? ` (pid ${owner.pid})` : ''}; it keeps running after this.`,
  );
} else {
  const app = start(process.execPath, ['--max-semi-space-size=2', 'dist/src/index.js']);
  app.on('exit', (code) => end(code ?? 1));
  for (let i = 0; (await whoIsOn(port)) !== 'app'; i++) {
    if (ending || app.exitCode !== null) break;
    if (i > 300) refuse(`the app did not answer on port ${port} within a minute.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
if (!ending) {
  const playground = start(
    'npx',
    [
      'agentsplayground',
      'start',
      '-e',
      `http://127.0.0.1:${port}/api/messages`,
      '-c',
      'msteams',
      '--dt',
      '-p',
      String(playgroundPort),
    ],
    {
      TEAMSAPPTESTER_BROWSER: 'none',
    },
  );
  playground.on('exit', (code) => end(code ?? 0));
  console.log(
    `\nAgents Playground: http://127.0.0.1:${playgroundPort}  (Ctrl+C stops ${useRunning ? 'it' : 'both'})\n`,
  );
}

/** Makes one of the five mock users the sender of every UI action, and puts Henrik among the others. */
function swapCurrentUser(yml, slug) {
  const blocks = yml.split(/\n(?= {2}- id: |currentUser:|users:|personalChat:)/);
  const current = blocks.find((b) => b.startsWith('currentUser:'));
  const target = blocks.find((b) => b.startsWith(`  - id: 29:1${slug}`));
  if (!current || !target) throw new Error(`unknown user "${slug}"; use mette, lars, anne, peter or sofie`);
  const asUser = (b) =>
    b
      .split('\n')
      .slice(1)
      .map((l, i) => (i === 0 ? `  - ${l.trim()}` : `    ${l.trim()}`))
      .join('\n');
  const asCurrent = (b) => ['currentUser:', ...b.split('\n').map((l) => `  ${l.replace(/^\s*-?\s*/, '')}`)].join('\n');
  return blocks.map((b) => (b === current ? asCurrent(target) : b === target ? asUser(current) : b)).join('\n');
}
