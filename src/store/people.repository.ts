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
       updated_at = now()`,
    [p.id, p.name, p.email, p.unitId, p.roles],
  );
}
