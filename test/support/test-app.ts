import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { copyFolder, createServerDatabase, embeddedTemplate, serverTemplate, testFolder } from './template-database.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { importOrganisation, readOrganisation } from '../../src/services/org-import.service.js';

export type DbTarget = 'pglite' | 'postgres';

/**
 * The engines the suites that run on both run on: PGlite always, Postgres too when TEST_DATABASE_URL names a
 * server; TEST_DB_TARGETS=postgres (or pglite) narrows that to one (CI runs the embedded engine on one Node and
 * the server on the other, .ci/run).
 */
export const DB_TARGETS: DbTarget[] = dbTargets(process.env.TEST_DATABASE_URL, process.env.TEST_DB_TARGETS);

function dbTargets(url: string | undefined, only: string | undefined): DbTarget[] {
  const all: DbTarget[] = url ? ['pglite', 'postgres'] : ['pglite'];
  if (!only) return all;
  const chosen = only.split(',').map((t) => t.trim());
  const unknown = chosen.filter((t) => t !== 'pglite' && t !== 'postgres');
  if (unknown.length) throw new Error(`TEST_DB_TARGETS: ${unknown.join(', ')} is not pglite or postgres`);
  if (chosen.includes('postgres') && !url) throw new Error('TEST_DB_TARGETS=postgres needs TEST_DATABASE_URL');
  return all.filter((t) => chosen.includes(t));
}

export interface ScratchDatabase {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A fresh, empty database: a PGlite folder, or a new database on the server `adminUrl` names. */
export async function scratchDatabase(
  target: DbTarget,
  adminUrl = process.env.TEST_DATABASE_URL,
): Promise<ScratchDatabase> {
  if (target === 'pglite') {
    const dir = await testFolder('mk-test-');
    return { env: { DATA_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  return serverDatabase(requireAdminUrl(adminUrl));
}

/**
 * A database as the app leaves it after its first start with the demo organisation imported: a copy of one
 * made once per run (template-database.ts), instead of creating the engine's files and migrating again for
 * every app a suite starts (about 4 s of the embedded engine's start on a fresh folder, 1 s from a copy).
 */
export async function startedDatabase(
  target: DbTarget,
  adminUrl = process.env.TEST_DATABASE_URL,
): Promise<ScratchDatabase> {
  if (target === 'pglite') {
    const dir = await testFolder('mk-test-');
    await copyFolder(await embeddedTemplate(() => firstStart('pglite')), dir);
    return { env: { DATA_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const url = requireAdminUrl(adminUrl);
  return serverDatabase(url, await serverTemplate(url, () => firstStart('postgres')));
}

function requireAdminUrl(adminUrl: string | undefined): string {
  if (!adminUrl) throw new Error('a Postgres scratch database needs TEST_DATABASE_URL');
  return adminUrl;
}

async function serverDatabase(adminUrl: string, template?: string): Promise<ScratchDatabase> {
  const name = `mk_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await createServerDatabase(adminUrl, name, template);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts the app once on a new database and stops it: what every later copy begins from. */
async function firstStart(target: DbTarget): Promise<ScratchDatabase> {
  const started = await startTestApp(target, {}, await scratchDatabase(target));
  await started.stopKeepingData();
  return started.db;
}

export interface TestApp {
  app: RunningApp;
  url: string;
  db: ScratchDatabase;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
  /** Stops the app but keeps its database, to start again on it. */
  stopKeepingData(): Promise<void>;
}

/** Starts the real app on a scratch database (or an earlier one), with the demo organisation imported. */
export async function startTestApp(
  target: DbTarget,
  extraEnv: Record<string, string> = {},
  reuse?: ScratchDatabase,
): Promise<TestApp> {
  const db = reuse ?? (await startedDatabase(target));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOB_POLL_SECONDS: '0.5',
    ...db.env,
    ...extraEnv,
  });
  const app = await startApp(config, createLogger(config.logLevel));
  const org = await readOrganisation(path.resolve('config/demo-org.json'));
  await importOrganisation(app.database.pool, org, { 'demo-dus-admins': ['admin'] });
  return {
    app,
    url: app.url,
    db,
    post: (activity, headers) => postJson(`${app.url}/api/messages`, activity, headers),
    async stop() {
      await app.stop();
      await db.dispose();
    },
    stopKeepingData: () => app.stop(),
  };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

/** All visible text of a card, flattened, for assertions about what a user reads. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string') out.push(n.title);
    if (typeof n.label === 'string') out.push(n.label);
    if (typeof n.value === 'string' && typeof n.title === 'string' && !n.type) out.push(n.value);
    for (const [k, v] of Object.entries(n)) if (k !== 'data' && typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n').replace(/\\([\\`*_[\].])/g, '$1');
}

/** Finds an action (Action.Execute, or Action.OpenUrl for links) by its title anywhere in a card. */
export function findAction(card: any, title: string): any {
  let found: any;
  const walk = (n: any) => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if ((n.type === 'Action.Execute' || n.type === 'Action.OpenUrl') && n.title === title) found = n;
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  if (!found) throw new Error(`no action "${title}" in card:\n${cardText(card)}`);
  return found;
}
