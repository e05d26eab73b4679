// Moves source files and rewrites every relative import that points at them (or out of them), across src/,
// test/, bench/ and scripts/. Usage: node scripts/move-modules.mjs old=new [old=new …] (paths from the root;
// a folder moves with everything in it). Uses git mv, so history follows the files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCAN = ['src', 'test', 'bench', 'scripts'];
const EXT = /\.(ts|tsx|mjs|cjs|js)$/;

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (EXT.test(e.name)) out.push(p);
  }
  return out;
}

const pairs = process.argv.slice(2).map((a) => a.split('=').map((p) => path.resolve(ROOT, p)));
if (!pairs.length) throw new Error('usage: move-modules.mjs old=new …');
/** Where a file ends up. */
const moved = (file) => {
  for (const [from, to] of pairs) {
    if (file === from) return to;
    if (file.startsWith(from + path.sep)) return path.join(to, path.relative(from, file));
  }
  return file;
};

const files = SCAN.flatMap((d) => walk(path.join(ROOT, d)));
/** The file a relative specifier names (.js written for .ts sources). */
function target(fromFile, spec) {
  const abs = path.resolve(path.dirname(fromFile), spec);
  for (const c of [abs, abs.replace(/\.js$/, '.ts'), abs.replace(/\.js$/, '.tsx'), `${abs}.ts`])
    if (existsSync(c) && statSync(c).isFile()) return { file: c, written: abs };
  return undefined;
}
const SPEC = /(from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;
const rewrites = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(SPEC, (all, lead, q, spec) => {
    const t = target(file, spec);
    if (!t) return all;
    const newFrom = moved(file);
    const newTarget = moved(t.file);
    if (newFrom === file && newTarget === t.file) return all;
    // Keep the extension as written (.js for a .ts file).
    const writtenExt = path.extname(t.written);
    const targetPath = writtenExt === path.extname(t.file) ? newTarget : newTarget.replace(/\.tsx?$/, writtenExt);
    let rel = path.relative(path.dirname(newFrom), targetPath).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${q}${rel}${q}`;
  });
  if (next !== text) rewrites.set(file, next);
}
for (const [file, text] of rewrites) writeFileSync(file, text);
for (const [from, to] of pairs) {
  execFileSync('mkdir', ['-p', path.dirname(to)]);
  execFileSync('git', ['mv', from, to], { cwd: ROOT, stdio: 'inherit' });
}
process.stdout.write(`moved ${pairs.length}, rewrote imports in ${rewrites.size} files\n`);
