import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { OrganisationSchema, personRef, resolvePeople, type Organisation } from '../domain/organisation.js';
import type { Role } from '../domain/roles.js';
import { withTransaction } from '../store/database.js';
import { upsertImportedPerson, upsertUnit } from '../store/people.repository.js';
import { appendAudit } from '../store/audit.repository.js';
import { parseCsv } from './csv.js';

export interface ImportSummary {
  units: number;
  people: number;
}

/** Reads an organisation from JSON ({units, people}) or from CSV files (people, and optionally units). */
export async function readOrganisation(peopleFile: string, unitsFile?: string): Promise<Organisation> {
  const text = await readFile(peopleFile, 'utf8');
  const raw = peopleFile.endsWith('.json')
    ? JSON.parse(text)
    : { people: parseCsv(text), units: unitsFile ? parseCsv(await readFile(unitsFile, 'utf8')) : [] };
  const parsed = OrganisationSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `The organisation file is not valid:\n${parsed.error.issues
        .map((i) => `  - ${i.path.map((p) => (typeof p === 'number' ? `row ${p + 1}` : String(p))).join(' ')}: ${i.message}`)
        .join('\n')}`,
    );
  }
  return parsed.data;
}

/** Applies the organisation all-or-nothing; a problem anywhere changes nothing. */
export async function importOrganisation(pool: pg.Pool, org: Organisation, roleGroups: Record<string, Role[]>): Promise<ImportSummary> {
  const { people, problems } = resolvePeople(org, roleGroups);
  if (problems.length > 0) throw new Error(`The organisation has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return withTransaction(pool, async (tx) => {
    await tx.query('SET CONSTRAINTS ALL DEFERRED');
    for (const u of org.units) {
      await upsertUnit(tx, {
        id: u.id,
        name: u.name,
        kind: u.kind,
        parentId: u.parent ?? null,
        leaderId: personRef(org, u.leader),
        departmentHeadId: personRef(org, u.departmentHead),
        directorId: personRef(org, u.director),
      });
    }
    for (const p of people) await upsertImportedPerson(tx, p);
    await appendAudit(tx, {
      actorId: null,
      action: 'organisation.imported',
      entity: 'organisation',
      entityId: 'import',
      details: { units: org.units.length, people: people.length },
    });
    return { units: org.units.length, people: people.length };
  });
}
