import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testFolder } from '../support/template-database.js';
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, stat, writeFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/store/database.js';
import { USERS } from '../support/activities.js';
import { buildOnce, startChildApp, type ChildApp } from '../support/child-app.js';

const run = promisify(execFile);
const ROLE_GROUPS = '{"demo-dus-admins":"admin"}';
const { anne, peter } = USERS;

/** Runs one of the command-line tools as an admin would (`npm run import:org -- …` runs the same file). */
async function cli(dataDir: string, file: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [`dist/src/cli/${file}`, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ROLE_GROUPS, LOG_LEVEL: 'silent' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** What the tab shows a person about themselves (the developer sign-in of local mode): their roles, or a refusal. */
async function me(app: ChildApp, personId: string): Promise<{ status: number; roles?: string[] }> {
  const res = await fetch(`${app.url}/api/tab/me`, { headers: { authorization: `Developer ${personId}` } });
  const body = (await res.json()) as { roles?: string[] };
  return { status: res.status, roles: body.roles };
}

async function until<T>(what: string, probe: () => Promise<T | false>, ms = 8_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function demoOrgWith(change: (org: any) => void): Promise<string> {
  const org = JSON.parse(await readFile('config/demo-org.json', 'utf8'));
  change(org);
  const file = path.join(await testFolder('mk-org-'), 'org.json');
  await writeFile(file, JSON.stringify(org));
  return file;
}

describe('one process owns the embedded database; the tools work through the running app', () => {
  let dataDir: string;
  let app: ChildApp | undefined;
  const start = async () => (app = await startChildApp({ DATA_DIR: dataDir, ROLE_GROUPS }));

  beforeAll(async () => {
    await buildOnce();
    dataDir = path.join(await testFolder('mk-owner-'), 'data');
    await start();
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('imports the organisation through the running app, which sees the change and keeps it after a restart', async () => {
    const first = await cli(dataDir, 'import-org.js', ['config/demo-org.json']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('the import goes through it');
    expect((await me(app!, anne.aadObjectId)).roles).toEqual(['employee']);
    const promoted = await demoOrgWith(
      (org) => (org.people.find((p: any) => p.name === 'Anne Sørensen').roles = ['admin']),
    );
    expect((await cli(dataDir, 'import-org.js', [promoted])).code).toBe(0);
    // The app keeps a person for up to five seconds between turns.
    await until(
      'Anne to be an admin in the app',
      async () => (await me(app!, anne.aadObjectId)).roles?.includes('admin') ?? false,
    );
    await app!.stop();
    await start();
    expect((await me(app!, anne.aadObjectId)).roles).toEqual(['admin', 'employee']);
  }, 120_000);

  it('erases a person through the running app, completely', async () => {
    const erase = await cli(dataDir, 'privacy.js', [
      'erase',
      'anne.soerensen@kommune.example',
      '--by',
      peter.aadObjectId,
      '--case',
      'SAG-1',
      '--confirm',
    ]);
    expect(erase.out).toContain('this goes through it');
    expect(erase.code).toBe(0);
    await app!.stop();
    app = undefined;
    const db = await openDatabase({ kind: 'embedded', dataDir });
    try {
      const left = await db.pool.query(`SELECT id FROM persons WHERE name ILIKE '%Anne%' OR email ILIKE '%anne%'`);
      expect(left.rows).toEqual([]);
      const audit = await db.pool.query(`SELECT details FROM audit_log WHERE action = 'person.erased'`);
      expect(audit.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
    await start();
  }, 120_000);

  it('refuses a second app on the same folder, with a message that says what to do, and the first goes on', async () => {
    const second = startChildApp({ DATA_DIR: dataDir, ROLE_GROUPS });
    await expect(second).rejects.toThrow(
      /in use by another process \(app, pid \d+\).*stop that one first, or run the app with DATABASE_URL/s,
    );
    expect((await me(app!, peter.aadObjectId)).roles).toContain('admin');
  }, 120_000);

  it('after SIGKILL a new start takes the folder over and removes the dead one’s socket folder', async () => {
    const owner = JSON.parse(await readFile(path.join(dataDir, 'owner.json'), 'utf8'));
    expect(owner.pid).toBe(app!.process.pid);
    await app!.kill();
    expect((await stat(owner.socketDir)).isDirectory()).toBe(true); // left behind by the killed process
    await start();
    await expect(stat(owner.socketDir)).rejects.toThrow(/ENOENT/);
    expect((await me(app!, peter.aadObjectId)).roles).toContain('admin');
  }, 120_000);

  it('keeps the data folder and every file in it private to the app’s user', async () => {
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const open: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if ((await stat(p)).mode & 0o077) open.push(p);
        if (e.isDirectory()) await walk(p);
      }
    };
    await walk(dataDir);
    expect(open).toEqual([]);
  });
});

describe('a data folder an earlier version left open to others', () => {
  it('is made private, files and all, when the app opens it', async () => {
    const dataDir = path.join(await testFolder('mk-open-'), 'data');
    await mkdir(path.join(dataDir, 'extra'), { recursive: true });
    await writeFile(path.join(dataDir, 'extra', 'notes.txt'), 'dialogue notes');
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'extra'), 0o755);
    await chmod(path.join(dataDir, 'extra', 'notes.txt'), 0o666);
    const db = await openDatabase({ kind: 'embedded', dataDir });
    try {
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dataDir, 'extra'))).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dataDir, 'extra', 'notes.txt'))).mode & 0o777).toBe(0o600);
    } finally {
      await db.close();
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, 120_000);
});
