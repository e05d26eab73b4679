'use strict';
// The embedded database's statement cache (used by server.cjs).
const { PARSE, BIND, QUERY, messages, message, queryMessage } = require('./protocol.cjs');

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
      const bindBody = Buffer.concat([
        unit.subarray(bind.start + 5, portalEnd + 1),
        nameBytes,
        unit.subarray(portalEnd + 2, bind.end),
      ]);
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
      if (retired.length > 0)
        db.execProtocolRawSync(
          queryMessage(
            retired
              .splice(0)
              .map((n) => `DEALLOCATE ${n}`)
              .join(';'),
          ),
        );
    },
  };
}

module.exports = { createStatementCache, PARSE_COMPLETE, STALE_PLAN, PLAN_EACH_CALL };
