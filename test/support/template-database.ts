import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { ScratchDatabase } from './test-app.js';
import { serverTemplateName } from './template-name.mjs';

/**
 * One started database per test run, copied for every app a suite starts (test-app.ts's startedDatabase).
 * The jest workers share it: the first to need it makes it under a lock, the others wait for it. The run's
 * folder comes from jest's global setup (MK_TEST_RUN_DIR, removed with the Postgres templates in its
 * teardown); a process started without it (a benchmark) keeps its own, removed when it exits.
 */
export function runFolder(): string {
  const given = process.env.MK_TEST_RUN_DIR;
  if (given) return given;
  const own = path.join(os.tmpdir(), `mk-run-${process.pid}`);
  if (!existsSync(own)) {
    mkdirSync(own, { recursive: true, mode: 0o700 });
    process.once('exit', () => rmSync(own, { recursive: true, force: true }));
  }
  process.env.MK_TEST_RUN_DIR = own;
  return own;
}

/** A new folder for a test's files inside the run's folder, so nothing a suite leaves behind outlives the run. */
export function testFolder(prefix: string): Promise<string> {
  return mkdtemp(path.join(runFolder(), prefix));
}

const execFileAsync = promisify(execFile);

/** `cp -a`: a PGlite folder is about 1,200 small files, which Node's fs.cp copies ten times slower. */
export async function copyFolder(from: string, to: string): Promise<void> {
  await execFileAsync('cp', ['-a', `${from}/.`, to]);
}

let embedded: Promise<string> | undefined;

/** The embedded template's folder, made by `make` if no worker has made it yet. */
export function embeddedTemplate(make: () => Promise<ScratchDatabase>): Promise<string> {
  embedded ??= (async () => {
    const dir = runFolder();
    const ready = path.join(dir, 'pglite-template');
    const failed = path.join(dir, 'pglite-template.failed');
    try {
      await mkdir(path.join(dir, 'pglite-template.lock'));
    } catch {
      // Another worker makes it: wait for the folder (or its failure), however busy the machine is.
      for (;;) {
        if (existsSync(ready)) return ready;
        if (existsSync(failed)) throw new Error(`the test database template failed: ${await readFile(failed, 'utf8')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    try {
      const made = await make();
      await rename(made.env.DATA_DIR, ready);
      return ready;
    } catch (err) {
      await writeFile(failed, String((err as Error)?.stack ?? err));
      throw err;
    }
  })();
  return embedded;
}

const servers = new Map<string, Promise<string>>();

/** The Postgres template database's name on the server adminUrl names, made by `make` if needed. */
export function serverTemplate(adminUrl: string, make: () => Promise<ScratchDatabase>): Promise<string> {
  let made = servers.get(adminUrl);
  if (!made) {
    made = (async () => {
      const name = serverTemplateName(runFolder());
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        // The advisory lock is the server's own: a second worker waits here until the first has made it.
        await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!exists.rowCount) {
          const db = await make();
          const source = new URL(db.env.DATABASE_URL).pathname.slice(1);
          await admin.query(`ALTER DATABASE ${source} RENAME TO ${name}`);
        }
        return name;
      } finally {
        await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
        await admin.end();
      }
    })();
    servers.set(adminUrl, made);
  }
  return made;
}

/** CREATE DATABASE, from a template if given (copied by the server, a matter of milliseconds). */
export async function createServerDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
        return;
      } catch (err) {
        // 55006: another session is copying the same template at this moment; it takes a moment.
        if ((err as { code?: string }).code !== '55006' || attempt >= 100) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    await admin.end();
  }
}
