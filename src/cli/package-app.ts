// npm run package [-- --env dev] : resolves the ${{...}} placeholders of appPackage/ from env/.env.<env> (and
// env/.env.<env>.user, then the process environment) and writes appPackage/build/appPackage.<env>.zip.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { processEnvironment } from '../config.js';

/** What goes into the package: the manifest, its localisation files and the two icons. */
export const PACKAGE_FILES = ['manifest.json', 'da-dk.json', 'color.png', 'outline.png'] as const;

/** Reads KEY=value lines (the toolkit's env format): comments and blank lines are skipped, quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Replaces every ${{NAME}}; names without a value are reported, never left in the package. */
export function resolvePlaceholders(
  text: string,
  values: Record<string, string | undefined>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const resolved = text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    const v = values[name];
    if (!v) {
      missing.add(name);
      return '';
    }
    return v;
  });
  return { text: resolved, missing: [...missing].sort() };
}

/** 1980-01-01 00:00 in MS-DOS time (the date in the high half). */
const DOS_EPOCH = 0x0021_0000;

/** A zip archive (deflate) of the given files, in the order given. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const packed = deflateRawSync(f.data);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(DOS_EPOCH, 10); // a fixed time (1980-01-01), so a package is the same bytes every time
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(DOS_EPOCH, 12);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(f.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The package's files with placeholders resolved from the environment's files and the process environment. */
export async function buildPackage(root: string, envName: string, processEnv: Record<string, string | undefined>) {
  const read = (f: string) => readFile(path.join(root, f), 'utf8').catch(() => '');
  const values = {
    ...parseEnvFile(await read(`env/.env.${envName}`)),
    ...parseEnvFile(await read(`env/.env.${envName}.user`)),
  };
  for (const [k, v] of Object.entries(processEnv)) if (v) values[k] = v;
  // The local profile's provision derives BOT_DOMAIN from the tunnel (scripts/local-env.mjs); so does packaging.
  if (!values.BOT_DOMAIN && values.BOT_ENDPOINT) {
    try {
      values.BOT_DOMAIN = new URL(values.BOT_ENDPOINT).host;
    } catch {
      /* not an address: BOT_DOMAIN is reported missing */
    }
  }
  const files: { name: string; data: Buffer }[] = [];
  const missing = new Set<string>();
  for (const name of PACKAGE_FILES) {
    const data = await readFile(path.join(root, 'appPackage', name));
    if (!name.endsWith('.json')) {
      files.push({ name, data });
      continue;
    }
    const r = resolvePlaceholders(data.toString('utf8'), values);
    r.missing.forEach((m) => missing.add(m));
    files.push({ name, data: Buffer.from(r.text, 'utf8') });
  }
  return { files, missing: [...missing].sort() };
}

async function main() {
  const envName =
    process.argv.find((a, i) => process.argv[i - 1] === '--env') ??
    process.argv.find((a) => a.startsWith('--env='))?.slice(6) ??
    'dev';
  const root = process.cwd();
  const { files, missing } = await buildPackage(root, envName, processEnvironment());
  if (missing.length) {
    process.stderr.write(
      `Cannot package for "${envName}": no value for ${missing.join(', ')}. Set them in env/.env.${envName} (or .user), or in the environment.\n`,
    );
    process.exit(1);
  }
  const out = path.join(root, 'appPackage', 'build', `appPackage.${envName}.zip`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, zip(files));
  process.stdout.write(`Wrote ${path.relative(root, out)} (${files.map((f) => f.name).join(', ')})\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('cli', 'package-app.js'))) await main();
