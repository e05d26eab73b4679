import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/runtime.js';

const ROOT = path.resolve(process.cwd());

/** The newest modification time of the files under `dir` (0 when there are none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/**
 * Compiles the app to dist/, so tests can run it as its own process, as in production; skipped when dist/
 * is newer than every source it is built from (the compiler takes both cores for a while, which slows the
 * suites running beside it).
 */
export function buildOnce(): void {
  const built = (() => {
    try {
      return statSync(path.join(ROOT, 'dist/src/index.js')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(...['src', 'bench', 'test/support'].map((d) => newest(path.join(ROOT, d))));
  if (built > sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export function importDemoOrganisation(env: Record<string, string>): void {
  execFileSync(process.execPath, ['dist/src/cli/import-org.js', 'config/demo-org.json'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
}

export interface ChildApp {
  url: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (its log lines). */
  output(): string;
  /** Ends the process the hard way (SIGKILL): no draining, no cleanup. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `node dist/src/index.js` and resolves once it says where it listens. */
export function startChildApp(env: Record<string, string>): Promise<ChildApp> {
  const child = spawn(process.execPath, [...NODE_FLAGS, 'dist/src/index.js'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*Missionsklynger is listening/.exec(out);
      if (m)
        resolve({
          url: m[1],
          process: child,
          output: () => out + err,
          kill: () => end('SIGKILL'),
          stop: () => end('SIGTERM'),
        });
    });
    child.once('exit', (code) =>
      reject(new Error(`app exited with ${code} before listening:\n${err}\n${out.slice(-2000)}`)),
    );
  });
}
