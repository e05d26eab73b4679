'use strict';
// The embedded database in a worker thread: PGlite and its wire server on a Unix socket.
const { parentPort, workerData } = require('node:worker_threads');
const { createWire, serveSocket } = require('./server.cjs');
(async () => {
  const { PGlite } = require(workerData.pglite);
  const db = await PGlite.create(workerData.folder, { postgresqlconf: workerData.postgresqlconf });
  const wire = createWire(db, {
    maxConnections: workerData.maxConnections,
    log: (message) => parentPort.postMessage({ log: message }),
  });
  const server = await serveSocket(wire, workerData.socketPath);
  parentPort.on('message', async (m) => {
    if (m !== 'close') return;
    await server.close();
    await db.close();
    parentPort.postMessage({ closed: true });
  });
  parentPort.postMessage({ ready: true });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
