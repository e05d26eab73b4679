'use strict';
/*
 * The embedded database's front door: a small Postgres wire-protocol server in front of PGlite, so the app
 * talks to the embedded engine with the same driver (pg) and the same queries as to a Postgres server.
 * Its connections are in-process streams (database.ts) or, for a worker thread, a Unix socket (serveSocket).
 *
 * Why not @electric-sql/pglite-socket: it hands PGlite one protocol message at a time and writes every
 * answer message on its own (five messages and five writes for one parameterised query), and with more
 * than one connection it interleaves the Parse/Bind/Execute of concurrent queries, which breaks them
 * ("portal does not exist"). Here a connection's messages go to the engine a *unit* at a time: everything
 * up to and including a Sync or a simple Query, in one call, answered in one piece. Units of different
 * connections never interleave, and while a connection has a transaction open only that connection's
 * units run, so each connection sees what a Postgres server would show it.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/**
 * Messages after which the client waits for an answer: Sync, Query, Flush, FunctionCall, CopyDone,
 * CopyFail and Terminate. A unit ends with one of them.
 */
const UNIT_END = new Set(['S', 'Q', 'H', 'F', 'c', 'f', 'X'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);

/**
 * How many bytes at the head of buf form complete units (0 when none does yet). Before the start-up
 * packet has been read (started = false) the first packet is untyped: a length, then a code.
 */
function unitLength(buf, started) {
  if (!started) {
    if (buf.length < 8) return 0;
    const length = buf.readInt32BE(0);
    return buf.length >= length ? length : 0;
  }
  let at = 0;
  let end = 0;
  while (buf.length - at >= 5) {
    const length = 1 + buf.readInt32BE(at + 1);
    if (buf.length - at < length) break;
    const type = buf[at];
    at += length;
    if (UNIT_END.has(type)) end = at;
  }
  return end;
}

/** Length of the last message in a unit (a unit is whole messages). */
function lastMessageLength(unit) {
  let at = 0;
  let last = 0;
  while (at < unit.length) {
    last = 1 + unit.readInt32BE(at + 1);
    at += last;
  }
  return last;
}

const PARSE = 'P'.charCodeAt(0);
const BIND = 'B'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const PARSE_COMPLETE = Buffer.from([0x31, 0, 0, 0, 4]);
const STALE_PLAN = Buffer.from('C0A000\0', 'latin1');
/**
 * A query whose text holds this comment is planned on every call: Postgres would otherwise settle on a
 * generic plan after five calls, and for some queries the right plan depends on the values (a full-text
 * search on a rare word or a common one).
 */
const PLAN_EACH_CALL = '/* plan each call */';
const PLAN_EACH_CALL_BYTES = Buffer.from(PLAN_EACH_CALL, 'utf8');
/** Statements that may change a table's columns: cached plans are dropped after them. */
const DDL = /\b(create|alter|drop|truncate|comment)\s/i;

/** One message of a unit: its type, and where it starts and ends. */
function* messages(unit) {
  for (let at = 0; at < unit.length; ) {
    const end = at + 1 + unit.readInt32BE(at + 1);
    yield { type: unit[at], start: at, end };
    at = end;
  }
}

/** A message of the given type with the body given. */
function message(type, body) {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** A simple-protocol Query message. */
function queryMessage(sql) {
  return message(QUERY, Buffer.from(`${sql}\0`, 'utf8'));
}

/**
 * Prepared statements for the engine, kept across queries. The app (through pg) sends every query as an
 * unnamed Parse, then Bind, Describe, Execute and Sync, so the engine would parse, analyse and plan the
 * same text again on every call: for a list query that is more than half its cost, and the engine is
 * WebAssembly on one thread. The first time a text is seen its Parse is renamed to a statement of our
 * own; after that the Parse is left out, the Bind points at the statement, and the client gets the
 * ParseComplete it expects. Postgres itself replans a statement when the tables under it change; after
 * anything that may change a table's columns every statement is dropped all the same.
 * Shared by all connections: they are one engine session.
 */
function createStatementCache(limit) {
  /** Parse body after the (empty) name: the query text and parameter types -> statement name. */
  const names = new Map();
  /** Statements to deallocate once no transaction is open. */
  const retired = [];
  let counter = 0;
  let flushAll = false;
  return {
    /**
     * Rewrites a unit that starts Parse(unnamed), Bind(unnamed statement). Returns undefined when the unit
     * has another shape; else { bytes, reused, key, name }.
     */
    rewrite(unit) {
      const list = [...messages(unit)];
      const [parse, bind] = list;
      if (!parse || !bind || parse.type !== PARSE || bind.type !== BIND) return undefined;
      if (list.some((m, i) => i > 0 && m.type === PARSE)) return undefined;
      if (unit[parse.start + 5] !== 0) return undefined; // a named statement of the client's own
      const portalEnd = unit.indexOf(0, bind.start + 5);
      if (portalEnd < 0 || unit[portalEnd + 1] !== 0) return undefined; // binds a named statement
      if (unit.subarray(parse.start, parse.end).includes(PLAN_EACH_CALL_BYTES)) return undefined;
      const key = unit.toString('latin1', parse.start + 6, parse.end);
      const known = names.get(key);
      const name = known ?? `mk_${++counter}`;
      const nameBytes = Buffer.from(`${name}\0`, 'latin1');
      const bindBody = Buffer.concat([unit.subarray(bind.start + 5, portalEnd + 1), nameBytes, unit.subarray(portalEnd + 2, bind.end)]);
      const parts = [];
      if (!known) parts.push(message(PARSE, Buffer.concat([nameBytes, unit.subarray(parse.start + 6, parse.end)])));
      parts.push(message(BIND, bindBody), unit.subarray(bind.end));
      if (known) {
        names.delete(key); // most recently used last
        names.set(key, name);
      }
      return { bytes: Buffer.concat(parts), reused: Boolean(known), key, name };
    },
    /** Drops one statement (deallocated on the next tidy). */
    forget(key) {
      const name = names.get(key);
      if (name === undefined) return;
      names.delete(key);
      retired.push(name);
    },
    /** Remembers a statement the engine has just prepared. */
    remember(key, name) {
      names.set(key, name);
      if (names.size > limit) {
        const [oldest, oldName] = names.entries().next().value;
        names.delete(oldest);
        retired.push(oldName);
      }
    },
    /** After a simple query: drops every statement if it may have changed a table. */
    noticeQuery(unit) {
      for (const m of messages(unit)) {
        if (m.type === QUERY && DDL.test(unit.toString('utf8', m.start + 5, m.end))) flushAll = true;
      }
    },
    /** Deallocates what should go; only outside a transaction, where a failure could harm no one's work. */
    tidy(db) {
      if (db.isInTransaction()) return;
      if (flushAll) {
        flushAll = false;
        names.clear();
        retired.length = 0;
        db.execProtocolRawSync(queryMessage('DEALLOCATE ALL'));
      }
      if (retired.length > 0) db.execProtocolRawSync(queryMessage(retired.splice(0).map((n) => `DEALLOCATE ${n}`).join(';')));
    },
  };
}

/** An ErrorResponse message. */
function errorResponse(code, message) {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head[0] = 'E'.charCodeAt(0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/**
 * The protocol server for one engine. open(peer) starts a connection; peer.send(bytes) delivers the
 * engine's answers, peer.end() closes the connection from the server's side. The connection returned has
 * receive(chunk) for the client's bytes and close() for a client that went away.
 *
 * schedule(run) decides when waiting units run: at once (a socket server, whose data events already come
 * from the event loop) or on the next turn of the event loop (in-process streams, so a query's answer
 * never runs the client's next query inside the same call stack, and other I/O gets its turn between units).
 */
function createWire(db, { log = () => undefined, schedule = (run) => run(), maxConnections = 8, statements = 500 } = {}) {
  const cache = statements > 0 ? createStatementCache(statements) : undefined;
  let open = 0;
  /** Connections with a complete unit waiting, oldest first. */
  const waiting = [];
  /** The connection whose transaction is open: only its units may run until it ends. */
  let holder = null;
  let pumping = false;
  let scheduled = false;

  const run = (conn, bytes) => {
    const plan = conn.started && cache ? cache.rewrite(bytes) : undefined;
    // The engine answers into a buffer it reuses on its next call: the peer gets a copy.
    const out = db.execProtocolRawSync(plan ? plan.bytes : bytes);
    if (plan && !plan.reused && out[0] === PARSE_COMPLETE[0]) cache.remember(plan.key, plan.name);
    // "cached plan must not change result type": a table changed under the statement; prepare it anew next time.
    if (plan && plan.reused && Buffer.from(out).includes(STALE_PLAN)) cache.forget(plan.key);
    const answer = plan && plan.reused ? Buffer.concat([PARSE_COMPLETE, out]) : Buffer.from(out);
    if (answer.length > 0 && !conn.closed) conn.peer.send(answer);
    if (cache && !plan) cache.noticeQuery(bytes);
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
    conn.started = true;
    run(conn, packet);
  };

  const runUnit = (conn, unit) => {
    if (!conn.started) return startUp(conn, unit);
    // Terminate ends the connection here: the engine itself would shut down on it.
    const last = lastMessageLength(unit);
    const terminate = unit[unit.length - last] === TERMINATE;
    const body = terminate ? unit.subarray(0, unit.length - last) : unit;
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
    scheduled = false;
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
        if (!holder && cache) {
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

  const wake = () => {
    if (scheduled || pumping) return;
    scheduled = true;
    schedule(pump);
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
          wake();
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
                log(`the embedded database could not roll back a closed connection's transaction: ${(err && err.message) || err}`);
              }
            }
          }
          wake();
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

module.exports = { createWire, serveSocket, unitLength, queryMessage, PLAN_EACH_CALL };
