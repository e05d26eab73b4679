// npm run bench [-- --quick]: prints one line per benchmark, `BENCH <name> key=value ...`.
// Ratios compare against a baseline measured in the same run, on the same machine.
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { NODE_FLAGS } from '../src/runtime.js';
import { importOrganisation, readOrganisation } from '../src/services/org-import.service.js';
import { ConnectorStandIn } from '../test/support/connector-standin.js';
import { USERS, execute, message } from '../test/support/activities.js';
import { benchFanout } from './fanout.js';
import { benchDigest, FOLLOWERS } from './digest.js';
import { benchSearch, FULL_CORPUS } from './search.js';

const quick = process.argv.includes('--quick');
const MISSIONS = 10_000;
const REQUESTS = quick ? 600 : 3000;
const CONCURRENCY = 8;
/** Turns (or baseline requests) sent before measuring, so both servers are measured warm: the same for both. */
const WARMUP = 300;
/** A busy hour for a municipality of 6,000 staff is a few turns a second; 50 a second is far beyond it. */
const PACED_RPS = 50;
/** How long the app is left alone before its idle memory is read. */
const IDLE_SECONDS = 15;

type Make = () => unknown;

/** The server's own time for a request, from its Server-Timing header. */
const serverMs = (res: Response) => Number(/app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);

async function drive(
  url: string,
  makers: Make[],
  total: number,
): Promise<{ latencies: number[]; server: number[]; seconds: number; byKind: number[][]; serverByKind: number[][] }> {
  const latencies: number[] = [];
  const server: number[] = [];
  const byKind: number[][] = makers.map(() => []);
  const serverByKind: number[][] = makers.map(() => []);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const kind = next++ % makers.length;
      const body = JSON.stringify(makers[kind]());
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 300) throw new Error(`turn answered ${res.status}: ${body.slice(0, 300)}`);
      latencies.push(performance.now() - t0);
      server.push(serverMs(res));
      byKind[kind].push(performance.now() - t0);
      serverByKind[kind].push(serverMs(res));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, server, seconds: (performance.now() - started) / 1000, byKind, serverByKind };
}

/**
 * Open loop: sends at a fixed rate whatever the answers do (no coordinated omission), as users arrive.
 * Shows the latency a user sees at that load, where `drive` shows the latency at saturation.
 */
async function paced(url: string, makers: Make[], rate: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify(makers[i % makers.length]());
    sends.push(
      (async () => {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 300) throw new Error(`turn answered ${res.status}`);
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(sends);
  return latencies;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Starts a server in its own process (as in production) and waits until /healthz answers. */
async function spawnServer(args: string[], env: NodeJS.ProcessEnv, port: number) {
  const t0 = performance.now();
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited during start-up`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, seconds: (performance.now() - t0) / 1000 };
}

const stopChild = (child: ReturnType<typeof spawn>) =>
  new Promise((r) => (child.kill('SIGTERM'), child.once('exit', r)));
/** A port the operating system has just handed out (and freed), so no other server on the machine holds it. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function baselineRps(makers: Make[]): Promise<number> {
  const port = await freePort();
  const { child } = await spawnServer(['dist/bench/baseline-server.js', String(port)], process.env, port);
  const url = `http://127.0.0.1:${port}/api/messages`;
  await drive(url, makers, WARMUP);
  // Five times the turns: at about six times the app's rate, the baseline then runs about as long as the
  // app's measurement does, instead of a noisy half second.
  const { latencies, seconds } = await drive(url, makers, REQUESTS * 5);
  await stopChild(child);
  return latencies.length / seconds;
}

async function seed(pool: import('pg').Pool): Promise<void> {
  await pool.query(
    `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status, created_at)
     SELECT 'seed-' || g, 'Mission ' || g || ' om trivsel og fritidsjob', 'Ambition for mission ' || g, 'Det står i vejen',
            (ARRAY['citizens','businesses','society'])[1 + g % 3], (ARRAY['welfare','workplace'])[1 + g % 2],
            ARRAY[(ARRAY['climate','demography','labour','inequality','expectations','specialised-social','wellbeing'])[1 + g % 7]],
            (ARRAY[${Object.values(USERS)
              .map((u) => `'${u.aadObjectId}'`)
              .join(',')}])[1 + g % 6],
            (ARRAY['proposed','concretising','active','active','concluded'])[1 + g % 5],
            now() - (g || ' minutes')::interval
     FROM generate_series(1, $1) g`,
    [MISSIONS],
  );
}

async function benchTurns(): Promise<string> {
  const connector = await new ConnectorStandIn().start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mk-bench-'));
  try {
    const seeding = await startApp(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dir }),
      createLogger('silent'),
    );
    await importOrganisation(seeding.database.pool, await readOrganisation('config/demo-org.json'), {});
    await seed(seeding.database.pool);
    await seeding.stop();
    const port = await freePort();
    const env = { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    const { child } = await spawnServer([...NODE_FLAGS, 'dist/src/index.js'], env, port);
    const u = USERS.anne;
    const makers: Make[] = [
      () => message(u, 'hjælp', connector.url, 'da-DK'),
      () => message(u, 'mine missioner', connector.url, 'da-DK'),
      () =>
        execute(
          u,
          'propose.submit',
          {
            formId: randomUUID(),
            title: 'Bench-mission om fritidsjob',
            ambition: 'Flere unge får et fritidsjob og et netværk.',
            obstacles: 'Virksomhederne kender ikke de unge.',
            focus: 'citizens',
            track: 'welfare',
            problems: 'labour,wellbeing',
          },
          connector.url,
          'da-DK',
        ),
    ];
    const url = `http://127.0.0.1:${port}/api/messages`;
    await drive(url, makers, WARMUP);
    const { latencies, server, seconds, byKind, serverByKind } = await drive(url, makers, REQUESTS);
    if (server.some((x) => Number.isNaN(x))) throw new Error('a turn came back without its Server-Timing');
    if (process.env.BENCH_DEBUG) {
      const names = ['hjælp', 'mine missioner', 'propose.submit'];
      const show = (xs: number[]) =>
        `p50 ${r1(pct(xs, 50))} p90 ${r1(pct(xs, 90))} p99 ${r1(pct(xs, 99))} max ${r1(Math.max(...xs))}`;
      for (const [i, xs] of byKind.entries())
        process.stderr.write(`${names[i]}: client ${show(xs)} ms; server ${show(serverByKind[i])} ms\n`);
    }
    const atPace = await paced(url, makers, PACED_RPS, quick ? 6 : 20);
    await stopChild(child);
    const rps = latencies.length / seconds;
    const baseline = await baselineRps(makers);
    return `BENCH turn missions=${MISSIONS} requests=${latencies.length} concurrency=${CONCURRENCY} p50_ms=${r1(pct(server, 50))} p99_ms=${r1(pct(server, 99))} client_p50_ms=${r1(pct(latencies, 50))} client_p99_ms=${r1(pct(latencies, 99))} rps=${r1(rps)} baseline_rps=${r1(baseline)} ratio=${(rps / baseline).toFixed(3)} paced_rps=${PACED_RPS} paced_p50_ms=${r1(pct(atPace, 50))} paced_p99_ms=${r1(pct(atPace, 99))}`;
  } finally {
    await connector.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Start-up on an existing data folder, then resident memory after one turn of each kind. */
async function benchStartupAndMemory(): Promise<string[]> {
  const connector = await new ConnectorStandIn().start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mk-bench-start-'));
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const launch = () => spawnServer([...NODE_FLAGS, 'dist/src/index.js'], env, port);
  const stop = stopChild;
  try {
    const first = await launch(); // creates and migrates the data folder
    await stop(first.child);
    const { child, seconds } = await launch();
    const url = `http://127.0.0.1:${port}/api/messages`;
    const u = USERS.henrik;
    const formId = randomUUID();
    for (const a of [
      message(u, 'hjælp', connector.url),
      message(u, 'mine missioner', connector.url),
      message(u, 'alle missioner', connector.url),
      execute(
        u,
        'propose.submit',
        {
          formId,
          title: 'Hukommelsestest',
          ambition: 'En ambition der er lang nok.',
          obstacles: 'Forhindringer her',
          focus: 'society',
          track: 'workplace',
          problems: 'climate',
        },
        connector.url,
      ),
    ]) {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) });
    }
    const rssMb = async () =>
      Math.round(Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
    await new Promise((r) => setTimeout(r, 500));
    const busy = await rssMb();
    // Idle: nothing asked of the app for a while. V8 gives back the heap left over from start-up and the
    // turns once the process has been quiet for some seconds; a bot spends most of its life like this.
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle = await rssMb();
    await stop(child);
    // A second `npm start` with nothing changed: the build only checks its inputs (scripts/build.mjs).
    const checkStarted = performance.now();
    const check = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    const buildCheck = (performance.now() - checkStarted) / 1000;
    const upToDate = check.status === 0 && check.stdout.includes('up to date');
    return [
      `BENCH startup ready_s=${seconds.toFixed(2)} first_start_s=${first.seconds.toFixed(2)} build_check_s=${buildCheck.toFixed(2)} build_up_to_date=${upToDate} second_npm_start_s=${(buildCheck + seconds).toFixed(2)}`,
      `BENCH memory idle_rss_mb=${idle} idle_after_s=${IDLE_SECONDS} rss_after_turns_mb=${busy}`,
    ];
  } finally {
    await connector.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const lines: string[] = [];
/** Runs one benchmark and says on stderr how long it took (what it costs CI, .ci/run). */
async function timed(name: string, run: () => Promise<string | string[]>): Promise<void> {
  const t0 = performance.now();
  const out = await run();
  lines.push(...(Array.isArray(out) ? out : [out]));
  process.stderr.write(`bench: ${name} took ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
// --quick (CI): fewer requests, fanout runs, digest followers and search documents; the same limits and faults.
const followers = quick ? FOLLOWERS / 5 : FOLLOWERS;
const corpus = quick
  ? { missions: FULL_CORPUS.missions / 5, clusters: FULL_CORPUS.clusters / 5, initiatives: FULL_CORPUS.initiatives / 5 }
  : FULL_CORPUS;
const fanoutRuns = Number(process.env.BENCH_FANOUT_RUNS ?? (quick ? 3 : 5));
if (!only || only === 'turn') await timed('turn', benchTurns);
if (!only || only === 'startup') await timed('startup and memory', benchStartupAndMemory);
if (!only || only === 'fanout') {
  await timed('fanout (pglite)', () => benchFanout(freePort, undefined, fanoutRuns));
  // The production shape: a Postgres server (DATABASE_URL), when one is reachable.
  const server = process.env.BENCH_DATABASE_URL;
  if (server) await timed('fanout (postgres)', () => benchFanout(freePort, server, fanoutRuns));
}
if (!only || only === 'digest') {
  await timed('digest (pglite)', () => benchDigest(undefined, followers));
  const server = process.env.BENCH_DATABASE_URL;
  if (server) await timed('digest (postgres)', () => benchDigest(server, followers));
}
if (!only || only === 'search')
  await timed('search', () => benchSearch(freePort, spawnServer, stopChild, quick ? 600 : 3000, corpus));
// Which Node ran it: CI measures on the machine's Node and on Node 22, the App Service runtime.
for (const l of lines) process.stdout.write(`${l} node=${process.versions.node}\n`);
process.exit(0);
