import type { Role } from '../domain/roles.js';
import type { Queryable } from './database.js';

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

const toPerson = (r: any): Person => ({
  id: r.id,
  name: r.name,
  email: r.email,
  unitId: r.unit_id,
  roles: r.roles,
  locale: r.locale,
});

export async function findPerson(db: Queryable, id: string): Promise<Person | undefined> {
  const { rows } = await db.query('SELECT * FROM persons WHERE id = $1', [id]);
  return rows[0] ? toPerson(rows[0]) : undefined;
}

/** First contact from Teams by someone the import does not know: an employee, nothing more. */
export async function ensureTeamsPerson(db: Queryable, id: string, name: string): Promise<Person> {
  const { rows } = await db.query(
    `INSERT INTO persons (id, name, roles, source) VALUES ($1, $2, '{employee}', 'teams')
     ON CONFLICT (id) DO UPDATE SET name = persons.name
     RETURNING *`,
    [id, name],
  );
  return toPerson(rows[0]);
}

export async function setLocale(db: Queryable, id: string, locale: 'da' | 'en'): Promise<void> {
  await db.query('UPDATE persons SET locale = $2, updated_at = now() WHERE id = $1', [id, locale]);
}

export async function findPeopleWithAnyRole(db: Queryable, roles: readonly Role[]): Promise<Person[]> {
  const { rows } = await db.query('SELECT * FROM persons WHERE roles && $1::text[] ORDER BY name', [roles]);
  return rows.map(toPerson);
}

export async function upsertUnit(db: Queryable, u: OrgUnitRow): Promise<void> {
  await db.query(
    `INSERT INTO org_units (id, name, kind, parent_id, leader_id, department_head_id, director_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = $2, kind = $3, parent_id = $4, leader_id = $5,
       department_head_id = $6, director_id = $7, updated_at = now()`,
    [u.id, u.name, u.kind, u.parentId, u.leaderId, u.departmentHeadId, u.directorId],
  );
}

/** The import owns name, email, unit and roles; a user's own language choice survives it. */
export async function upsertImportedPerson(db: Queryable, p: Omit<Person, 'locale'>): Promise<void> {
  await db.query(
    `INSERT INTO persons (id, name, email, unit_id, roles, source) VALUES ($1, $2, $3, $4, $5, 'import')
     ON CONFLICT (id) DO UPDATE SET name = $2, email = $3, unit_id = $4, roles = $5, source = 'import',
       removed_from_import_at = NULL, updated_at = now()`,
    [p.id, p.name, p.email, p.unitId, p.roles],
  );
}

/** What the import manages now: its people (those still in it) and all units. */
export async function importedState(
  db: Queryable,
): Promise<{ people: Array<Omit<Person, 'locale'>>; units: OrgUnitRow[] }> {
  const people = await db.query(
    `SELECT id, name, email, unit_id, roles FROM persons WHERE source = 'import' AND removed_from_import_at IS NULL ORDER BY name, id`,
  );
  const units = await db.query('SELECT * FROM org_units ORDER BY id');
  return {
    people: people.rows.map((r: any) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      unitId: r.unit_id,
      roles: r.roles,
    })),
    units: units.rows.map((r: any) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      parentId: r.parent_id,
      leaderId: r.leader_id,
      departmentHeadId: r.department_head_id,
      directorId: r.director_id,
    })),
  };
}

/** People the import no longer lists: an employee like anyone in Teams; the record stays. */
export async function markRemovedFromImport(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE persons SET roles = '{employee}', removed_from_import_at = now(), updated_at = now()
     WHERE id = ANY($1::text[]) AND source = 'import' AND removed_from_import_at IS NULL`,
    [ids],
  );
}

/** Units the import no longer lists keep their history but no one leads them on the import's word. */
export async function clearUnitsNotIn(db: Queryable, keep: string[]): Promise<void> {
  await db.query(
    `UPDATE org_units SET leader_id = NULL, department_head_id = NULL, director_id = NULL, updated_at = now()
     WHERE NOT (id = ANY($1::text[])) AND (leader_id IS NOT NULL OR department_head_id IS NOT NULL OR director_id IS NOT NULL)`,
    [keep],
  );
}

/** The people the organisation import lists now, by name: whom the local developer sign-in offers. */
export async function listImportedPeople(
  db: Queryable,
  limit: number,
): Promise<Array<Pick<Person, 'id' | 'name' | 'roles'>>> {
  const { rows } = await db.query(
    `SELECT id, name, roles FROM persons WHERE source = 'import' AND removed_from_import_at IS NULL ORDER BY name LIMIT $1`,
    [limit],
  );
  return rows.map((r: any) => ({ id: r.id, name: r.name, roles: r.roles }));
}

/** Whether the organisation import lists this person now (developer sign-in, tabs). */
export async function isImportedPerson(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM persons WHERE id = $1 AND source = 'import' AND removed_from_import_at IS NULL`,
    [id],
  );
  return rowCount === 1;
}
