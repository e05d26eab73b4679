import type { Queryable } from './database.js';
import { all, anyText, q, run } from './query.js';

/** A column that can hold a person's id, name or email: plain text, a text array, or JSON. */
interface TextColumn {
  table: string;
  column: string;
  kind: 'text' | 'array' | 'json';
}

/**
 * Tables that hold nothing about people, or only what is derived from other tables: the search index is
 * rebuilt from its sources by triggers, the migration list holds names of migrations.
 */
const DERIVED = new Set(['search_documents', 'schema_migrations']);

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Every column of the app's tables (schema public) that can carry a person's identity. Read from the
 * catalogue, so a table added later is covered without changing this code.
 */
export async function personColumns(db: Queryable): Promise<TextColumn[]> {
  const { rows } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns
     WHERE table_schema = 'public' AND (data_type IN ('text', 'character varying', 'jsonb', 'json') OR udt_name IN ('_text', '_varchar'))
     ORDER BY table_name, ordinal_position`,
  );
  return rows
    .filter((r) => !DERIVED.has(r.table_name))
    .map((r): TextColumn => ({
      table: r.table_name,
      column: r.column_name,
      kind: r.data_type === 'jsonb' || r.data_type === 'json' ? 'json' : r.data_type === 'ARRAY' ? 'array' : 'text',
    }));
}

/** Columns that point at persons(id) through a foreign key: they must move to the pseudonym before the person goes. */
export async function personForeignKeys(db: Queryable): Promise<{ table: string; column: string }[]> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = 'persons'::regclass ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    table: r.table_name.replace(/^public\./, '').replace(/"/g, ''),
    column: r.column_name,
  }));
}

const byTable = (columns: TextColumn[]) => {
  const out = new Map<string, TextColumn[]>();
  for (const c of columns) out.set(c.table, [...(out.get(c.table) ?? []), c]);
  return out;
};

/** A condition on one row: some column equals the id (or holds it, in arrays and JSON). $1 is the id. */
function mentions(columns: TextColumn[]): string {
  return columns
    .map((c) =>
      c.kind === 'text'
        ? `${ident(c.column)} = $1`
        : c.kind === 'array'
          ? `$1 = ANY(${ident(c.column)})`
          : `${ident(c.column)}::text LIKE '%' || $1 || '%'`,
    )
    .join(' OR ');
}

/** Every row of every table that refers to the person by id, table by table (Art. 15). */
export async function rowsAbout(db: Queryable, personId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, columns] of byTable(await personColumns(db))) {
    const { rows } = await db.query(`SELECT * FROM ${ident(table)} WHERE ${mentions(columns)}`, [personId]);
    if (rows.length) out[table] = rows;
  }
  return out;
}

/**
 * Replaces the person everywhere (Art. 17), inside the caller's transaction: the pseudonym takes over
 * every foreign key, then every exact id, array element, and mention of the id, name or email in text
 * and JSON is replaced. Returns how many rows changed per table.
 */
export async function replacePerson(
  db: Queryable,
  personId: string,
  pseudonymId: string,
  words: { find: string; replace: string }[],
): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  const count = (table: string, n: number | null) => {
    if (n) changed[table] = (changed[table] ?? 0) + n;
  };
  for (const fk of await personForeignKeys(db)) {
    if (fk.table === 'persons') continue;
    const r = await db.query(`UPDATE ${ident(fk.table)} SET ${ident(fk.column)} = $2 WHERE ${ident(fk.column)} = $1`, [
      personId,
      pseudonymId,
    ]);
    count(fk.table, r.rowCount);
  }
  for (const c of await personColumns(db)) {
    if (c.table === 'persons') continue;
    const col = ident(c.column);
    if (c.kind === 'array') {
      count(
        c.table,
        (
          await db.query(`UPDATE ${ident(c.table)} SET ${col} = array_replace(${col}, $1, $2) WHERE $1 = ANY(${col})`, [
            personId,
            pseudonymId,
          ])
        ).rowCount,
      );
      continue;
    }
    const value = c.kind === 'json' ? `${col}::text` : col;
    const back = (expr: string) => (c.kind === 'json' ? `(${expr})::jsonb` : expr);
    // The id wherever it stands (keys like "reminder:<id>" too).
    count(
      c.table,
      (
        await db.query(
          `UPDATE ${ident(c.table)} SET ${col} = ${back(`replace(${value}, $1, $2)`)} WHERE position($1 in ${value}) > 0`,
          [personId, pseudonymId],
        )
      ).rowCount,
    );
    // Names and emails as whole words ("Ib" must not change "Ibsen"), also in the Danish genitive ("Lars
    // Nielsens forslag" becomes "Tidligere medarbejders forslag"); in JSON text as JSON escapes them.
    for (const { find, replace } of words) {
      if (!find.trim()) continue;
      const [f, r] =
        c.kind === 'json' ? [JSON.stringify(find).slice(1, -1), JSON.stringify(replace).slice(1, -1)] : [find, replace];
      const pattern = `\\m${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=s?\\M)`;
      count(
        c.table,
        (
          await db.query(
            `UPDATE ${ident(c.table)} SET ${col} = ${back(`regexp_replace(${value}, $1, $2, 'gi')`)} WHERE ${value} ~* $1`,
            [pattern, r.replace(/\\/g, '\\\\')],
          )
        ).rowCount,
      );
    }
  }
  return changed;
}

export interface PersonKey {
  id: string;
  name: string;
  email: string | null;
}

/** The person behind an Entra object id or an email (case-insensitive), or undefined; never an erased one. */
export async function findPersonByKey(db: Queryable, key: string): Promise<PersonKey | undefined> {
  const k = key.trim();
  if (!k) return undefined;
  const { rows } = await db.query<PersonKey>(
    `SELECT id, name, email FROM persons
     WHERE source <> 'erased' AND (id = lower($1) OR lower(email) = lower($1)) LIMIT 1`,
    [k],
  );
  return rows[0];
}

/** Everyone else's id: what an export replaces wherever it stands. */
export async function otherPersonIds(db: Queryable, personId: string): Promise<Set<string>> {
  const rows = await all(db, q.selectFrom('persons').select('id').where('id', '<>', personId));
  return new Set(rows.map((r) => r.id));
}

/** Holds the person's row until the transaction ends (two erasures of one person are taken in turn). */
export async function lockPerson(db: Queryable, personId: string): Promise<void> {
  await db.query('SELECT id FROM persons WHERE id = $1 FOR UPDATE', [personId]);
}

/** The row that takes an erased person's place in every record. */
export async function insertPseudonym(db: Queryable, id: string, name: string): Promise<void> {
  await run(db, q.insertInto('persons').values({ id, name, roles: ['employee'], source: 'erased' }));
}

/**
 * Forgets where to reach the person and what was sent to them: their chat reference, its send log and
 * their messages. Returns the chat's conversation ids (they may be written elsewhere too).
 */
export async function forgetContact(db: Queryable, personId: string): Promise<string[]> {
  const deleted = await all(
    db,
    q.deleteFrom('conversation_refs').where('person_id', '=', personId).returning('conversation_id'),
  );
  const conversations = deleted.map((r) => r.conversation_id);
  if (conversations.length)
    await run(db, q.deleteFrom('send_log').where('conversation_id', '=', anyText(conversations)));
  await run(db, q.deleteFrom('outbox').where('person_id', '=', personId));
  return conversations;
}

export async function deletePerson(db: Queryable, personId: string): Promise<void> {
  await run(db, q.deleteFrom('persons').where('id', '=', personId));
}
