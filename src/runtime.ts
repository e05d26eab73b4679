/**
 * The Node.js options the app is started with, wherever it is started: `npm start`, `npm run dev`, the
 * App Service command line (infra/azure.bicep), and the benchmarks and tests that start it as a process.
 * A test checks that those places agree.
 *
 * --max-semi-space-size=2: V8 lets the young generation grow to 16 MB per half, which an idle bot keeps
 * resident; 2 MB cut idle memory by about 15 MB and made no measurable difference to turn throughput.
 */
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** How the app's entry point is started. */
export const START_COMMAND = `node ${NODE_FLAGS.join(' ')} dist/src/index.js`;
