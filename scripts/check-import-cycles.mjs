// Fails when modules in src/ import each other in a circle, directly or through others (type imports count:
// a circle of types is still two rooms that cannot be understood, moved or tested apart). Part of npm run lint.
// Prints each circle as the chain of files that closes it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Relative imports and re-exports, static or dynamic. Comments are removed first. */
const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

export function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
    const deps = new Set();
    for (const m of text.matchAll(SPEC)) {
      const abs = path.resolve(path.dirname(file), m[2]);
      const hit = [abs.replace(/\.js$/, '.ts'), abs.replace(/\.js$/, '.tsx'), abs].find(
        (c) => files.includes(c) || (c === abs && existsSync(c) && files.includes(c)),
      );
      if (hit) deps.add(hit);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Tarjan's strongly connected components; every component of more than one file (or a self-import) is a circle. */
export function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) found.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found.map((comp) => chain(graph, new Set(comp)));
}

/** One closed path through a component, for the message: a -> b -> … -> a. */
function chain(graph, comp) {
  const start = [...comp].sort()[0];
  const seen = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        for (let p = seen.get(v); p; p = seen.get(p)) pathBack.push(p);
        return [...pathBack.reverse(), start];
      }
      if (!seen.has(w)) {
        seen.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = circles(importGraph(walk(SRC)));
  if (found.length) {
    process.stderr.write(`Import circles in src/ (break each: move what both sides need into a module of its own):\n`);
    for (const c of found) process.stderr.write(`  ${c.map((f) => path.relative(ROOT, f)).join(' -> ')}\n`);
    process.exit(1);
  }
  process.stdout.write('No import circles in src/.\n');
}
