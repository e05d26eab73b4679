import { chmod, link, mkdir, readFile, readdir, rm, stat, unlink, writeFile, rename } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * One process owns an embedded database folder. PGlite itself lets a second process open the same folder;
 * both then write their own copy of the engine's state and one of them loses (an import's change that the
 * running app never saw and that was gone after its shutdown; an erasure left half applied). The owner
 * writes `owner.json` in the data folder (its pid and the private socket it serves the database on); a
 * second opener either joins the owner through that socket (the command-line tools: their work goes
 * through the running app's engine, so the app sees it at once) or is refused with a message.
 */
export interface OwnerRecord {
  pid: number;
  /** The private folder holding the owner's Unix socket. */
  socketDir: string;
  /** What holds the database: `app`, `import:org`, `privacy`, … (for the messages). */
  role: string;
  startedAt: string;
}

export type Ownership =
  | { kind: 'owned'; release(): Promise<void>; publish(socketDir: string): Promise<void> }
  | { kind: 'joined'; owner: OwnerRecord };

export class DatabaseInUseError extends Error {
  readonly code = 'DATABASE_IN_USE';
}

/** The data folders open in this process: a second open here is refused too. */
const openHere = new Set<string>();

const OWNER_FILE = 'owner.json';

/** The port in the socket's name: Postgres's own naming (`<dir>/.s.PGSQL.<port>`), so pg finds it in a folder. */
export const SOCKET_PORT = 5432;
export const socketFile = (socketDir: string): string => path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);

/**
 * The folder for the embedded database's data: created private (0700). A folder an earlier version made
 * open to others (0755 with 0666 files) is made private once, files and all.
 */
export async function privateDataFolder(dataDir: string): Promise<void> {
  const existing = await stat(dataDir).catch(() => undefined);
  if (!existing) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700); // mkdir's mode passes through the umask
    return;
  }
  if ((existing.mode & 0o077) === 0) return;
  await chmod(dataDir, 0o700);
  await closeToOthers(dataDir);
}

/** Takes the group's and others' access away from everything under dir. */
export async function closeToOthers(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.isSymbolicLink()) return;
      const p = path.join(dir, entry.name);
      const info = await stat(p);
      if (info.mode & 0o077) await chmod(p, info.mode & 0o7700);
      if (entry.isDirectory()) await closeToOthers(p);
    }),
  );
}

/**
 * Takes the data folder for this process, or finds the process that holds it.
 * `join`: a command-line tool, which may use a running owner's database; the app itself may not.
 */
export async function claimDataFolder(
  dataDir: string,
  role: string,
  join: boolean,
  waitMs = 15_000,
): Promise<Ownership> {
  const file = path.join(dataDir, OWNER_FILE);
  const folder = path.resolve(dataDir);
  if (openHere.has(folder))
    throw new DatabaseInUseError(
      inUseMessage(folder, { pid: process.pid, role: 'this process', socketDir: '', startedAt: '' }),
    );
  const deadline = Date.now() + waitMs;
  for (;;) {
    const mine: OwnerRecord = { pid: process.pid, socketDir: '', role, startedAt: new Date().toISOString() };
    if (await createExclusive(file, mine)) {
      openHere.add(folder);
      let record = mine;
      return {
        kind: 'owned',
        async publish(socketDir) {
          record = { ...record, socketDir };
          await replaceFile(file, record);
        },
        async release() {
          openHere.delete(folder);
          const current = await readOwner(file);
          if (current && current.pid === record.pid && current.startedAt === record.startedAt)
            await unlink(file).catch(() => undefined);
        },
      };
    }
    const owner = await readOwner(file);
    if (owner && isAlive(owner.pid)) {
      if (owner.socketDir && (await accepts(owner.socketDir))) {
        if (join) return { kind: 'joined', owner };
        throw new DatabaseInUseError(inUseMessage(folder, owner));
      }
      // The owner is starting (no socket yet) or stopping: wait a little, then say who holds it.
      if (Date.now() > deadline) throw new DatabaseInUseError(inUseMessage(folder, owner));
      await sleep(200);
      continue;
    }
    if (!owner) {
      // Just being replaced, or unreadable: look once more; still unreadable, it is stale.
      await sleep(100);
      if ((await readOwner(file)) !== undefined) continue;
    }
    // A process that ended without releasing it (SIGKILL, a power cut): its socket folder goes too.
    if (owner?.socketDir && isOurSocketDir(owner.socketDir))
      await rm(owner.socketDir, { recursive: true, force: true });
    await unlink(file).catch(() => undefined);
  }
}

/** The connection string for a running owner's database (its private socket). */
export function ownerConnection(owner: OwnerRecord): { host: string; port: number } {
  return { host: owner.socketDir, port: SOCKET_PORT };
}

function inUseMessage(folder: string, owner: OwnerRecord): string {
  const who = owner.role === 'this process' ? 'this process' : `another process (${owner.role}, pid ${owner.pid})`;
  return (
    `The embedded database in ${folder} is in use by ${who}. ` +
    'Only one process may open it: stop that one first, or run the app with DATABASE_URL (a Postgres server) ' +
    'to have several. The command-line tools (npm run import:org, npm run privacy) work through a running app.'
  );
}

/** Writes the record to a new file and links it into place: the owner file is never seen half written. */
async function createExclusive(file: string, record: OwnerRecord): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function replaceFile(file: string, record: OwnerRecord): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
  await rename(temp, file);
}

async function readOwner(file: string): Promise<OwnerRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<OwnerRecord>;
    if (typeof parsed.pid !== 'number' || typeof parsed.socketDir !== 'string') return undefined;
    return {
      pid: parsed.pid,
      socketDir: parsed.socketDir,
      role: String(parsed.role ?? 'app'),
      startedAt: String(parsed.startedAt ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs. Our own id counts as gone: an owner file with it is from an earlier life. */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    // A killed process nobody has reaped yet (a zombie) still answers kill(0) but holds nothing.
    const state = /\)\s+(\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    if (state === 'Z' || state === 'X') return false;
  } catch {
    // No /proc (macOS), or the process is gone: kill(0) tells.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(socketDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketFile(socketDir));
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(2_000, () => done(false));
  });
}

const SOCKET_DIR_PREFIX = 'mk-db-';

/** A private socket folder of the app's, named with its owner's pid so that a stale one can be recognised. */
export function socketDirPrefix(): string {
  return path.join(os.tmpdir(), `${SOCKET_DIR_PREFIX}${process.pid}-`);
}

function isOurSocketDir(dir: string): boolean {
  return path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith(SOCKET_DIR_PREFIX);
}

/**
 * Removes the socket folders that processes killed without cleaning up left in the temporary folder (one per
 * SIGKILL). A folder is removed only when it is this user's and the pid in its name no longer runs; folders
 * from before pids were in the names are removed once they are a day old and hold no live socket.
 */
export async function removeStaleSocketDirs(): Promise<number> {
  const tmp = os.tmpdir();
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(tmp);
  } catch {
    return 0;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.startsWith(SOCKET_DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const info = await stat(dir);
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
      const pid = /^mk-db-(\d+)-/.exec(name)?.[1];
      const stale = pid
        ? !isAlive(Number(pid)) && Number(pid) !== process.pid
        : Date.now() - info.mtimeMs > 86_400_000 && !(await accepts(dir));
      if (!stale) continue;
      await rm(dir, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone already, or not ours to look at.
    }
  }
  return removed;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
