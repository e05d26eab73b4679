'use strict';
// The parts of the Postgres wire protocol the embedded database's server needs (server.cjs).

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

const PARSE = 'P'.charCodeAt(0);
const BIND = 'B'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const ERROR = 'E'.charCodeAt(0);

/** One message of a unit: its type, and where it starts and ends. */
function* messages(unit) {
  for (let at = 0; at < unit.length;) {
    const end = at + 1 + unit.readInt32BE(at + 1);
    yield { type: unit[at], start: at, end };
    at = end;
  }
}

/** The last message of a unit (a unit is whole messages). */
function lastMessage(unit) {
  let last;
  for (const m of messages(unit)) last = m;
  return last;
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

/** An ErrorResponse message. */
function errorResponse(code, text) {
  return message(ERROR, Buffer.from(`SFATAL\0C${code}\0M${text}\0\0`, 'utf8'));
}

module.exports = {
  SSL_REQUEST,
  GSSENC_REQUEST,
  CANCEL_REQUEST,
  TERMINATE,
  PARSE,
  BIND,
  QUERY,
  unitLength,
  lastMessage,
  messages,
  message,
  queryMessage,
  errorResponse,
};
