// npm run dev [-- --as mette|lars|anne|peter|sofie]: builds, imports the demo organisation, starts the app on
// the embedded database and the Microsoft 365 Agents Playground pointed at it (http://127.0.0.1:56150).
// --as lets you be another mock user (the Playground always acts as its "currentUser").
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const asIndex = process.argv.indexOf('--as');
const as = asIndex > 0 ? process.argv[asIndex + 1] : undefined;
const base = readFileSync('test/fixtures/playground/playground.config.yml', 'utf8');
writeFileSync('.m365agentsplayground.yml', as ? swapCurrentUser(base, as) : base);

const env = { ...process.env, ROLE_GROUPS: process.env.ROLE_GROUPS ?? '{"demo-dus-admins":"admin"}' };
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
run('node', ['dist/src/cli/import-org.js', 'config/demo-org.json']);
const app = spawn('node', ['--max-semi-space-size=2', 'dist/src/index.js'], { stdio: 'inherit', env });
const playground = spawn('npx', ['agentsplayground', 'start', '-e', `http://127.0.0.1:${env.PORT ?? 3978}/api/messages`, '-c', 'msteams', '--dt'], {
  stdio: 'inherit',
  env: { ...env, TEAMSAPPTESTER_BROWSER: 'none' },
});
console.log('\nAgents Playground: http://127.0.0.1:56150  (Ctrl+C stops both)\n');
const stop = () => {
  app.kill('SIGTERM');
  playground.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
  playground.kill('SIGTERM');
  process.exit(code ?? 0);
});

/** Makes one of the five mock users the sender of every UI action, and puts Henrik among the others. */
function swapCurrentUser(yml, slug) {
  const blocks = yml.split(/\n(?=  - id: |currentUser:|users:|personalChat:)/);
  const current = blocks.find((b) => b.startsWith('currentUser:'));
  const target = blocks.find((b) => b.startsWith(`  - id: 29:1${slug}`));
  if (!current || !target) throw new Error(`unknown user "${slug}"; use mette, lars, anne, peter or sofie`);
  const asUser = (b) => b.split('\n').slice(1).map((l, i) => (i === 0 ? `  - ${l.trim()}` : `    ${l.trim()}`)).join('\n');
  const asCurrent = (b) => ['currentUser:', ...b.split('\n').map((l) => `  ${l.replace(/^\s*-?\s*/, '')}`)].join('\n');
  return blocks.map((b) => (b === current ? asCurrent(target) : b === target ? asUser(current) : b)).join('\n');
}
