'use strict';
/*
 * The embedded database's front door: a small Postgres wire-protocol server in front of PGlite, so the app
 * talks to the embedded engine with the same driver (pg) and the same queries as to a Postgres server.
 * The engine and this server run in a worker thread (worker.cjs); the app connects over a Unix socket.
 *
 * Why not @electric-sql/pglite-socket: it hands PGlite one protocol message at a time and writes every
 * answer message on its own (five messages and five writes for one parameterised query), and with more
 * than one connection it interleaves the Parse/Bind/Execute of concurrent queries, which breaks them
 * ("portal does not exist"). Here a connection's messages go to the engine a *unit* at a time: everything
 * up to and including a Sync or a simple Query, in one call, answered in one piece. Units of different
 * connections never interleave, and while a connection has a transaction open only that connection's
 * units run, so each connection sees what a Postgres server would show it.
 */

const {
  SSL_REQUEST,
  GSSENC_REQUEST,
  CANCEL_REQUEST,
  TERMINATE,
  unitLength,
  lastMessage,
  queryMessage,
  errorResponse,
} = require('./protocol.cjs');
const { createStatementCache, PARSE_COMPLETE, STALE_PLAN, PLAN_EACH_CALL } = require('./statements.cjs');

/**
 * The protocol server for one engine. open(peer) starts a connection; peer.send(bytes) delivers the
 * engine's answers, peer.end() closes the connection from the server's side. The connection returned has
 * receive(chunk) for the client's bytes and close() for a client that went away.
 */
function createWire(db, { log = () => undefined, maxConnections = 8, statements = 500 } = {}) {
  const cache = createStatementCache(statements);
  let open = 0;
  /** Connections with a complete unit waiting, oldest first. */
  const waiting = [];
  /** The connection whose transaction is open: only its units may run until it ends. */
  let holder = null;
  let pumping = false;

  const run = (conn, bytes) => {
    const plan = conn.started ? cache.rewrite(bytes) : undefined;
    const raw = db.execProtocolRawSync(plan ? plan.bytes : bytes);
    const out = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (plan && !plan.reused && out[0] === PARSE_COMPLETE[0]) cache.remember(plan.key, plan.name);
    // "cached plan must not change result type": a table changed under the statement; prepare it anew next time.
    if (plan && plan.reused && out.includes(STALE_PLAN)) cache.forget(plan.key);
    // The engine answers into a buffer it reuses on its next call: the peer gets a copy.
    const answer = plan && plan.reused ? Buffer.concat([PARSE_COMPLETE, out]) : Buffer.from(out);
    if (answer.length > 0 && !conn.closed) conn.peer.send(answer);
    if (!plan) cache.noticeQuery(bytes);
  };

  const startUp = (conn, packet) => {
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      conn.peer.send(Buffer.from('N')); // no encryption inside the process or on a private socket
      return;
    }
    if (code === CANCEL_REQUEST) {
      conn.peer.end(); // statements run to the end here; there is nothing to cancel
      return;
    }
    run(conn, packet); // not started yet: the start-up packet is not a statement to keep
    conn.started = true;
  };

  const runUnit = (conn, unit) => {
    if (!conn.started) return startUp(conn, unit);
    // Terminate ends the connection here: the engine itself would shut down on it.
    const last = lastMessage(unit);
    const terminate = last.type === TERMINATE;
    const body = terminate ? unit.subarray(0, last.start) : unit;
    if (body.length > 0) run(conn, body);
    if (terminate) conn.peer.end();
  };

  const enqueue = (conn) => {
    if (conn.queued || conn.closed || unitLength(conn.buffer, conn.started) === 0) return;
    conn.queued = true;
    waiting.push(conn);
  };

  /** Runs the units that may run now, one connection's unit at a time. */
  const pump = () => {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        let conn;
        if (holder) {
          const at = waiting.indexOf(holder);
          if (at < 0) break; // the others wait until the holder commits or rolls back
          conn = waiting.splice(at, 1)[0];
        } else {
          conn = waiting.shift();
          if (!conn) break;
        }
        conn.queued = false;
        const length = unitLength(conn.buffer, conn.started);
        if (length === 0) continue;
        const unit = conn.buffer.subarray(0, length);
        conn.buffer = conn.buffer.subarray(length);
        try {
          runUnit(conn, unit);
        } catch (err) {
          log(`the embedded database failed on a connection: ${(err && err.message) || err}`);
          conn.peer.end();
        }
        holder = db.isInTransaction() ? conn : null;
        if (!holder) {
          try {
            cache.tidy(db);
          } catch (err) {
            log(`the embedded database could not drop cached statements: ${(err && err.message) || err}`);
          }
        }
        enqueue(conn);
      }
    } finally {
      pumping = false;
    }
  };

  return {
    open(peer) {
      const conn = { peer, buffer: Buffer.alloc(0), started: false, queued: false, closed: false };
      if (open >= maxConnections) {
        conn.closed = true;
        peer.send(errorResponse('53300', 'too many connections for the embedded database'));
        peer.end();
        return { receive() {}, close() {} };
      }
      open++;
      return {
        receive(chunk) {
          if (conn.closed) return;
          conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
          enqueue(conn);
          pump();
        },
        close() {
          if (conn.closed) return;
          conn.closed = true;
          open--;
          const at = waiting.indexOf(conn);
          if (at >= 0) waiting.splice(at, 1);
          if (holder === conn) {
            // A client that goes away inside a transaction leaves nothing half done, as on a server.
            holder = null;
            if (db.isInTransaction()) {
              try {
                db.execProtocolRawSync(queryMessage('ROLLBACK'));
              } catch (err) {
                log(
                  `the embedded database could not roll back a closed connection's transaction: ${(err && err.message) || err}`,
                );
              }
            }
          }
          pump();
        },
      };
    },
  };
}

/** Serves a wire on a Unix socket at path (used when the engine runs in a worker thread). Returns { close() }. */
function serveSocket(wire, path) {
  const net = require('node:net');
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const conn = wire.open({ send: (bytes) => socket.write(bytes), end: () => socket.end() });
    socket.on('data', (chunk) => conn.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      conn.close();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { createWire, serveSocket, PLAN_EACH_CALL };
