// The second half of the Graph contract check (the first is graph-contract.ts, in the stand-in): every request
// body the suites sent through the Graph stand-in, type-checked against Microsoft's generated type for its
// operation (GraphBody in src/graph/graph-operations.ts, over @microsoft/teams.graph-endpoints) by the
// TypeScript compiler, so an unknown property or a value outside an enum fails the run.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @typedef {{ method: string; path: string; endpoint?: string; problem?: string; body?: unknown }} GraphRecord
 */

/**
 * What is wrong with the recorded requests, one line each (empty when every one keeps Microsoft's contract).
 * @param {GraphRecord[]} records
 * @returns {string[]}
 */
export function contractProblems(records) {
  const problems = records.filter((r) => r.problem).map((r) => String(r.problem));
  const typed = records.filter((r) => !r.problem && r.endpoint && r.body !== undefined);
  if (!typed.length) return [...new Set(problems)];
  const file = path.join(ROOT, 'test/support/__graph_contract__.ts');
  const lines = ["import type { GraphBody } from '../../src/graph/graph-operations.js';"];
  const lineOf = [];
  typed.forEach((r, i) => {
    lineOf.push(lines.length);
    lines.push(`export const r${i}: GraphBody<${JSON.stringify(r.endpoint)}> = ${JSON.stringify(r.body)};`);
  });
  const source = lines.join('\n');
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  const options = { ...config.options, noEmit: true, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    path.resolve(name) === file ? ts.createSourceFile(name, source, version) : read(name, version, ...rest);
  host.fileExists = (
    (exists) => (name) =>
      path.resolve(name) === file || exists(name)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file);
  for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
    const line = d.start === undefined ? -1 : sf.getLineAndCharacterOfPosition(d.start).line;
    const r = typed[lineOf.indexOf(line)];
    const what = r ? `${r.endpoint} with ${JSON.stringify(r.body).slice(0, 200)}` : 'the check itself';
    problems.push(`${what}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 400)}`);
  }
  return [...new Set(problems)];
}

/** jest globalSetup: a folder for this run's Graph requests (the stand-ins write to it). */
export function setup() {
  process.env.GRAPH_CONTRACT_LOG = mkdtempSync(path.join(tmpdir(), 'graph-contract-'));
}

/** jest globalTeardown: every request the run sent through a Graph stand-in keeps Microsoft's contract. */
export function teardown() {
  const dir = process.env.GRAPH_CONTRACT_LOG;
  if (!dir) return;
  /** @type {GraphRecord[]} */
  const records = [];
  for (const f of readdirSync(dir))
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n'))
      if (line.trim()) records.push(JSON.parse(line));
  rmSync(dir, { recursive: true, force: true });
  const problems = contractProblems(records);
  if (problems.length)
    throw new Error(
      `Graph requests the suites sent that Microsoft's description of Graph does not allow:\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  process.stdout.write(`Graph contract: ${records.length} request shapes checked against Microsoft's types.\n`);
}
