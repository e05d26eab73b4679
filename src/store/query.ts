/**
 * Typed queries. Kysely builds and types them (the row types are src/store/schema.ts, generated from the
 * migrations); node-postgres runs them on whatever `Queryable` the caller holds — the pool, or the one client
 * of a transaction (withTransaction) — so transactions stay ours and no query changes how it is sent.
 * Raw SQL, where Kysely cannot say it or SQL says it more clearly (full-text search, statements that do several
 * things at once in CTEs, aggregates), is sent with `db.query<Row>` and a row interface built from schema.ts
 * (or written as `sql<Row>` and run through these functions), so its rows are typed too.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Compilable,
  type CompiledQuery,
  type RawBuilder,
} from 'kysely';
import type { Queryable } from './database.js';
import type { Schema } from './schema.js';

/** The query builder: it only compiles (its driver runs nothing); `all`/`first`/`run` send what it builds. */
export const q = new Kysely<Schema>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

type Statement<O> = Compilable<O> | RawBuilder<O>;

function compiled<O>(statement: Statement<O>): CompiledQuery<O> {
  return 'isRawBuilder' in statement ? statement.compile(q) : statement.compile();
}

/** Every row the statement returns. */
export async function all<O extends object>(db: Queryable, statement: Statement<O>): Promise<O[]> {
  const { sql, parameters } = compiled(statement);
  return (await db.query<O>(sql, parameters)).rows;
}

/** The first row, or undefined. */
export async function first<O extends object>(db: Queryable, statement: Statement<O>): Promise<O | undefined> {
  return (await all(db, statement))[0];
}

/** Runs a statement for its effect: how many rows it inserted, changed or deleted. */
export async function run(db: Queryable, statement: Statement<unknown>): Promise<number> {
  const { sql, parameters } = compiled(statement);
  return (await db.query(sql, parameters)).rowCount ?? 0;
}

/** `= ANY($n::text[])`: one parameter however many values (an empty list matches nothing). */
export function anyText(values: readonly string[]) {
  return sql<string>`ANY(${values}::text[])`;
}

/** The database's clock, so every instance agrees on time. */
export const now = sql<Date>`now()`;

/** A lease column that no worker holds now: never taken, or run out. */
export function leaseFree(column: string) {
  return sql<boolean>`(${sql.ref(column)} IS NULL OR ${sql.ref(column)} < now())`;
}
