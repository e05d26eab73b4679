import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/runtime.js';
import { distIsCurrent, tscArgs } from './build-once.mjs';

const ROOT = path.resolve(process.cwd());

/**
 * Compiles the app to dist/, so tests can run it as its own process, as in production. Under jest the global
 * setup has started the build already when dist/ was out of date (build-once.mjs): this waits for it. Run
 * otherwise, it builds here unless dist/ is current.
 */
export async function buildOnce(): Promise<void> {
  const run = process.env.MK_TEST_RUN_DIR;
  if (run && existsSync(path.join(run, 'build.started'))) {
    const status = path.join(run, 'build.status');
    while (!existsSync(status)) await new Promise((r) => setTimeout(r, 100));
    const code = readFileSync(status, 'utf8');
    if (code !== '0')
      throw new Error(
        `the build for the suites failed (${code}):\n${readFileSync(path.join(run, 'build.log'), 'utf8')}`,
      );
    return;
  }
  if (distIsCurrent(ROOT)) return;
  const [tsc, ...args] = tscArgs(ROOT);
  execFileSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'inherit' });
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
