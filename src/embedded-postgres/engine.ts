import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

/**
 * The embedded Postgres engine (PGlite, WebAssembly) and the wire-protocol server in front of it, started in a
 * worker thread. Who may open a data folder: owner.ts. The app's pool over it: store/database.ts.
 */

/**
 * Put in a query's text to have the embedded engine plan it on every call instead of keeping a generic
 * plan (server.cjs): for queries whose best plan depends on the values.
 */
export const PLAN_EACH_CALL = (createRequire(import.meta.url)('./server.cjs') as { PLAN_EACH_CALL: string })
  .PLAN_EACH_CALL;

/**
 * The embedded engine allocates its shared buffers up front inside WASM memory: Postgres's 128 MB default
 * would be most of the app's footprint. 16 MB holds the working set of a municipality's portfolio many
 * times over, and the operating system's file cache backs the rest.
 */
const EMBEDDED_SETTINGS = ['shared_buffers = 16MB'];

/**
 * V8 compiles the engine's 9 MB of WebAssembly once with its baseline compiler (Liftoff) and then again,
 * function by function, with its optimising one as they get hot; the second copies cost about 70 MB of
 * resident memory. Baseline code only was about 10 % slower on the search benchmark (p99 64 -> 71 ms over
 * 302,000 documents); bot turns spend little time in the engine since it keeps its prepared statements
 * (server.cjs).
 * The flag is process-wide: Node's fetch parses HTTP with a small WebAssembly module too, which then also
 * stays on baseline code; the app fetches only the tenant's signing keys and Graph with it.
 */
const WASM_FLAGS = '--liftoff-only';
/** The engine's thread keeps little JavaScript: a small young generation is enough (V8's default is 16 MB per half). */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * PGlite and its wire-protocol server (server.cjs) live in a worker thread: the WASM engine then
 * never blocks the app's event loop (turns and sends keep their pace while a query runs), exactly as a
 * separate server would.
 */
export async function startEmbeddedServer(
  folder: string,
  socketPath: string,
  maxConnections: number,
  report: (err: Error) => void,
): Promise<{ close(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  setFlagsFromString(WASM_FLAGS);
  const worker = new Worker(fileURLToPath(new URL('./worker.cjs', import.meta.url)), {
    resourceLimits: WORKER_LIMITS,
    workerData: {
      folder,
      socketPath,
      maxConnections,
      postgresqlconf: EMBEDDED_SETTINGS,
      pglite: require.resolve('@electric-sql/pglite'),
    },
  });
  const pending: Array<(m: { ready?: boolean; error?: string; closed?: boolean }) => void> = [];
  worker.on('message', (m: { ready?: boolean; error?: string; closed?: boolean; log?: string }) => {
    if (m.log) report(new Error(m.log));
    else pending.shift()?.(m);
  });
  const next = () =>
    new Promise<{ ready?: boolean; error?: string; closed?: boolean }>((resolve, reject) => {
      pending.push(resolve);
      worker.once('error', reject);
    });
  const first = await next();
  if (first.error || !first.ready) {
    await worker.terminate();
    throw new Error(`the embedded database could not start: ${first.error ?? 'no answer'}`);
  }
  return {
    async close() {
      const closed = next();
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
