import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DOCUMENTED_NOT_GENERATED, GRAPH_OPERATIONS } from '../../src/graph/graph-operations.js';

/**
 * Microsoft's Graph v1.0 operations, read from the installed @microsoft/teams.graph-endpoints (generated from
 * Graph's OpenAPI description) at test time, never from a copied list: `METHOD /path/{id}` per operation.
 */
let generated: Map<string, string[][]> | undefined;

function generatedEndpoints(): Map<string, string[][]> {
  if (generated) return generated;
  const dist = path.dirname(createRequire(import.meta.url).resolve('@microsoft/teams.graph-endpoints'));
  const byMethod = new Map<string, string[][]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name === 'index.d.ts')
        for (const m of readFileSync(file, 'utf8').matchAll(/^ {4}'(GET|POST|PATCH|PUT|DELETE) (\/[^']*)':/gm))
          add(byMethod, m[1], m[2]);
    }
  };
  walk(dist);
  generated = byMethod;
  return byMethod;
}

function add(byMethod: Map<string, string[][]>, method: string, template: string) {
  byMethod.set(method, [...(byMethod.get(method) ?? []), template.split('/').slice(1)]);
}

/** Whether the installed package holds this `METHOD /path/{id}` (the unit test keeps DOCUMENTED_NOT_GENERATED true). */
export function isGenerated(endpoint: string): boolean {
  const [method, template] = endpoint.split(' ');
  return (generatedEndpoints().get(method) ?? []).some((t) => t.join('/') === template.slice(1));
}

/**
 * The operation a request is, as `METHOD /path/{id}`: the generated endpoint (or one documented on a page but not
 * generated yet, DOCUMENTED_NOT_GENERATED) whose template matches the path, preferring literal segments over
 * parameters. Undefined when Microsoft describes no such operation.
 */
export function matchEndpoint(method: string, rawPath: string): string | undefined {
  const segments = rawPath
    .replace(/^\/v1\.0/, '')
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s));
  const documented = Object.keys(DOCUMENTED_NOT_GENERATED)
    .filter((e) => e.startsWith(`${method} `))
    .map((e) =>
      e
        .slice(method.length + 1)
        .split('/')
        .slice(1),
    );
  let best: { template: string[]; literals: number } | undefined;
  for (const template of [...(generatedEndpoints().get(method) ?? []), ...documented]) {
    if (template.length !== segments.length) continue;
    let literals = 0;
    const fits = template.every((t, i) => {
      if (/^\{[^}]+\}$/.test(t)) return segments[i] !== '';
      literals++;
      return t === segments[i];
    });
    if (fits && (!best || literals > best.literals)) best = { template, literals };
  }
  return best ? `${method} /${best.template.join('/')}` : undefined;
}

const APP_ENDPOINTS = new Set<string>(Object.values(GRAPH_OPERATIONS).map((o) => o.endpoint));

/**
 * The operation a request is, and what is wrong with it: no operation of Microsoft's (no endpoint), or one the
 * app does not declare in GRAPH_OPERATIONS (so no permission is asked for it).
 */
export function checkRequest(method: string, rawPath: string): { endpoint?: string; problem?: string } {
  const endpoint = matchEndpoint(method, rawPath);
  if (!endpoint) return { problem: `${method} ${rawPath} is not an operation of Microsoft Graph v1.0` };
  if (!APP_ENDPOINTS.has(endpoint))
    return { endpoint, problem: `${endpoint} is not in GRAPH_OPERATIONS, so no permission is asked for it` };
  return { endpoint };
}

/** Request shapes already written by this process (values that vary, like names and ids, collapsed). */
const written = new Set<string>();
const shape = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(shape)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
      : typeof v === 'string' && !/^[A-Za-z#.]{1,40}$/.test(v)
        ? 's'
        : v;

/**
 * Writes a request to the run's contract log (GRAPH_CONTRACT_LOG, a folder jest's global setup makes), once per
 * shape; the global teardown checks every body against Microsoft's type for its operation.
 */
export function recordRequest(entry: {
  method: string;
  path: string;
  endpoint?: string;
  problem?: string;
  body?: unknown;
}) {
  const dir = process.env.GRAPH_CONTRACT_LOG;
  if (!dir) return;
  const key = JSON.stringify([entry.endpoint ?? entry.path, entry.problem, shape(entry.body)]);
  if (written.has(key)) return;
  written.add(key);
  appendFileSync(path.join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}
