import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildOnce, startChildApp, type ChildApp } from '../support/child-app.js';

/** `npm run dev` beside what already runs: it uses the running app, or refuses before touching anything. */
const freePort = async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
};
const listening = (p: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port: p }, () => (c.destroy(), resolve(true)));
    c.on('error', () => resolve(false));
  });
const mtime = (f: string) => {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return 0;
  }
};

function dev(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/dev.mjs'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

describe('npm run dev with an app already running', () => {
  let app: ChildApp;
  let dir: string;
  let appPort: number;

  beforeAll(async () => {
    await buildOnce();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mk-dev-'));
    app = await startChildApp({ DATA_DIR: dir });
    appPort = Number(new URL(app.url).port);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a port that another program holds, before writing anything', async () => {
    const other = http.createServer((_req, res) => res.end('not the app'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as net.AddressInfo).port;
    const before = mtime('.m365agentsplayground.yml');
    const empty = mkdtempSync(path.join(os.tmpdir(), 'mk-dev-empty-'));
    try {
      const d = dev({ PORT: String(port), DATA_DIR: empty, PLAYGROUND_PORT: String(await freePort()) });
      expect(await d.exited).toBe(1);
      expect(d.output()).toContain(
        `npm run dev: port ${port} is in use by another program. Stop it, or run with PORT=<a free port>.`,
      );
      expect(mtime('.m365agentsplayground.yml')).toBe(before);
    } finally {
      other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  }, 90_000);

  it("refuses when the data folder is held by an app on another port, and when the Playground's port is taken", async () => {
    const held = dev({ PORT: String(await freePort()), DATA_DIR: dir, PLAYGROUND_PORT: String(await freePort()) });
    expect(await held.exited).toBe(1);
    expect(held.output()).toMatch(/the app \(pid \d+\) holds .* but does not answer on port \d+\./);
    const taken = http.createServer((_req, res) => res.end('a playground'));
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const pgPort = (taken.address() as net.AddressInfo).port;
    try {
      const busy = dev({ PORT: String(appPort), DATA_DIR: dir, PLAYGROUND_PORT: String(pgPort) });
      expect(await busy.exited).toBe(1);
      expect(busy.output()).toContain(`port ${pgPort} is in use (an Agents Playground already running?)`);
    } finally {
      taken.close();
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 90_000);

  it('uses the running app, starts only the Playground, and leaves nothing behind when stopped', async () => {
    const pgPort = await freePort();
    const d = dev({ PORT: String(appPort), DATA_DIR: dir, PLAYGROUND_PORT: String(pgPort) });
    const started = Date.now();
    while (!(await listening(pgPort))) {
      if (d.child.exitCode !== null || Date.now() - started > 90_000)
        throw new Error(`the Playground did not start:\n${d.output()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(d.output()).toContain(
      `Using the app already running on port ${appPort} (pid ${app.process.pid}); it keeps running after this.`,
    );
    expect(d.output()).not.toMatch(/could not start|EADDRINUSE/);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    for (let i = 0; i < 50 && (await listening(pgPort)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listening(pgPort)).toBe(false); // the Playground is gone too
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200); // and the app still runs
  }, 120_000);
});
