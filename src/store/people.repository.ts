import type { Role } from '../domain/roles.js';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, anyText, first, now, q, run } from './query.js';
import type { OrgUnitsTable, PersonsTable } from './schema.js';

export interface Person {
  id: string;
  name: string;
  email: string | null;
  unitId: string | null;
  roles: Role[];
  locale: 'da' | 'en' | null;
}

export interface OrgUnitRow {
  id: string;
  name: string;
  kind: 'contractUnit' | 'secretariat' | 'staff' | 'board';
  parentId: string | null;
  leaderId: string | null;
  departmentHeadId: string | null;
  directorId: string | null;
}

// Roles are written by the organisation import (validated there) and by the app; never by a user.
const rolesOf = (r: { roles: string[] }) => r.roles as Role[];

const toPerson = (r: Selectable<PersonsTable>): Person => ({
  id: r.id,
  name: r.name,
  email: r.email,
  unitId: r.unit_id,
  roles: rolesOf(r),
  locale: r.locale,
});

const toUnit = (r: Selectable<OrgUnitsTable>): OrgUnitRow => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
  leaderId: r.leader_id,
  departmentHeadId: r.department_head_id,
  directorId: r.director_id,
});

/** Listed by the organisation import now. */
const imported = () =>
  q.selectFrom('persons').where('source', '=', 'import').where('removed_from_import_at', 'is', null);

export async function findPerson(db: Queryable, id: string): Promise<Person | undefined> {
  const row = await first(db, q.selectFrom('persons').selectAll().where('id', '=', id));
  return row ? toPerson(row) : undefined;
}

/** First contact from Teams by someone the import does not know: an employee, nothing more. */
export async function ensureTeamsPerson(db: Queryable, id: string, name: string): Promise<Person> {
  const rows = await all(
    db,
    q
      .insertInto('persons')
      .values({ id, name, roles: ['employee'], source: 'teams' })
      // A no-op update, so that RETURNING gives the row that was there.
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('persons.name') })))
      .returningAll(),
  );
  return toPerson(rows[0]);
}

export async function setLocale(db: Queryable, id: string, locale: 'da' | 'en'): Promise<void> {
  await run(db, q.updateTable('persons').set({ locale, updated_at: now }).where('id', '=', id));
}

export async function findPeopleWithAnyRole(db: Queryable, roles: readonly Role[]): Promise<Person[]> {
  const rows = await all(
    db,
    q
      .selectFrom('persons')
      .selectAll()
      .where('roles', '&&', sql<string[]>`${roles}::text[]`)
      .orderBy('name'),
  );
  return rows.map(toPerson);
}

export async function upsertUnit(db: Queryable, u: OrgUnitRow): Promise<void> {
  const row = {
    name: u.name,
    kind: u.kind,
    parent_id: u.parentId,
    leader_id: u.leaderId,
    department_head_id: u.departmentHeadId,
    director_id: u.directorId,
  };
  await run(
    db,
    q
      .insertInto('org_units')
      .values({ id: u.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: now })),
  );
}

/** The import owns name, email, unit and roles; a user's own language choice survives it. */
export async function upsertImportedPerson(db: Queryable, p: Omit<Person, 'locale'>): Promise<void> {
  const row = { name: p.name, email: p.email, unit_id: p.unitId, roles: p.roles, source: 'import' as const };
  await run(
    db,
    q
      .insertInto('persons')
      .values({ id: p.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, removed_from_import_at: null, updated_at: now })),
  );
}

/** What the import manages now: its people (those still in it) and all units. */
export async function importedState(
  db: Queryable,
): Promise<{ people: Array<Omit<Person, 'locale'>>; units: OrgUnitRow[] }> {
  const people = await all(
    db,
    imported().select(['id', 'name', 'email', 'unit_id', 'roles']).orderBy('name').orderBy('id'),
  );
  const units = await all(db, q.selectFrom('org_units').selectAll().orderBy('id'));
  return {
    people: people.map((r) => ({ id: r.id, name: r.name, email: r.email, unitId: r.unit_id, roles: rolesOf(r) })),
    units: units.map(toUnit),
  };
}

/** People the import no longer lists: an employee like anyone in Teams; the record stays. */
export async function markRemovedFromImport(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await run(
    db,
    q
      .updateTable('persons')
      .set({ roles: ['employee'], removed_from_import_at: now, updated_at: now })
      .where('id', '=', anyText(ids))
      .where('source', '=', 'import')
      .where('removed_from_import_at', 'is', null),
  );
}

/** Units the import no longer lists keep their history but no one leads them on the import's word. */
export async function clearUnitsNotIn(db: Queryable, keep: string[]): Promise<void> {
  await run(
    db,
    q
      .updateTable('org_units')
      .set({ leader_id: null, department_head_id: null, director_id: null, updated_at: now })
      .where((eb) => eb.not(eb('id', '=', anyText(keep))))
      .where((eb) =>
        eb.or([
          eb('leader_id', 'is not', null),
          eb('department_head_id', 'is not', null),
          eb('director_id', 'is not', null),
        ]),
      ),
  );
}

/** The people the organisation import lists now, by name: whom the local developer sign-in offers. */
export async function listImportedPeople(
  db: Queryable,
  limit: number,
): Promise<Array<Pick<Person, 'id' | 'name' | 'roles'>>> {
  const rows = await all(db, imported().select(['id', 'name', 'roles']).orderBy('name').limit(limit));
  return rows.map((r) => ({ id: r.id, name: r.name, roles: rolesOf(r) }));
}

/** Whether the organisation import lists this person now (developer sign-in, tabs). */
export async function isImportedPerson(db: Queryable, id: string): Promise<boolean> {
  return (await first(db, imported().select('id').where('id', '=', id))) !== undefined;
}

/** The person with this email (any case), if the import or Teams made one. */
export async function findPersonByEmail(db: Queryable, email: string): Promise<Person | undefined> {
  const row = await first(
    db,
    q
      .selectFrom('persons')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .limit(1),
  );
  return row ? toPerson(row) : undefined;
}
