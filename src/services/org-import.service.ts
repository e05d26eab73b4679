import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import {
  OrganisationSchema,
  personRef,
  resolvePeople,
  type Organisation,
  type ResolvedPerson,
} from '../domain/organisation.js';
import type { Role } from '../domain/roles.js';
import { deferConstraints, withTransaction } from '../store/database.js';
import {
  clearUnitsNotIn,
  importedState,
  markRemovedFromImport,
  upsertImportedPerson,
  upsertUnit,
} from '../store/people.repository.js';
import { appendAudit } from '../store/audit.repository.js';
import { parseCsv } from './csv.js';

/** Reads an organisation from JSON ({units, people}) or from CSV files (people, and optionally units). */
export async function readOrganisation(peopleFile: string, unitsFile?: string): Promise<Organisation> {
  const text = await readFile(peopleFile, 'utf8');
  const raw = peopleFile.endsWith('.json')
    ? (JSON.parse(text) as unknown)
    : { people: parseCsv(text), units: unitsFile ? parseCsv(await readFile(unitsFile, 'utf8')) : [] };
  const parsed = OrganisationSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `The organisation file is not valid:\n${parsed.error.issues
        .map(
          (i) =>
            `  - ${i.path.map((p) => (typeof p === 'number' ? `row ${p + 1}` : String(p))).join(' ')}: ${i.message}`,
        )
        .join('\n')}`,
    );
  }
  return parsed.data;
}

/** What an import changes, person by person (the dry run prints it; the audit log keeps its counts). */
export interface ImportPlan {
  units: { added: string[]; changed: string[]; notInFile: string[] };
  people: {
    added: PlannedPerson[];
    changed: Array<PlannedPerson & { before: Role[] }>;
    /** No longer in the file: they lose the roles the import gave them; their records stay. */
    removed: Array<PlannedPerson & { before: Role[] }>;
    unchanged: number;
  };
}

interface PlannedPerson {
  id: string;
  name: string;
  roles: Role[];
}

export interface ImportSummary {
  units: number;
  people: number;
  plan: ImportPlan;
}

/**
 * Applies the organisation all-or-nothing; a problem anywhere changes nothing. The file is the whole truth
 * for the people the import manages: someone it listed before and lists no longer keeps only the employee
 * role (the record stays for the DPO's decision), and units it no longer lists lose their leader, fagchef
 * and director. `dryRun` works out the same plan and changes nothing.
 */
export async function importOrganisation(
  pool: pg.Pool,
  org: Organisation,
  roleGroups: Record<string, Role[]>,
  options: { dryRun?: boolean } = {},
): Promise<ImportSummary> {
  const { people, problems } = resolvePeople(org, roleGroups);
  if (problems.length > 0)
    throw new Error(`The organisation has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const units = org.units.map((u) => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    parentId: u.parent ?? null,
    leaderId: personRef(org, u.leader),
    departmentHeadId: personRef(org, u.departmentHead),
    directorId: personRef(org, u.director),
  }));
  return withTransaction(pool, async (tx) => {
    const plan = planImport(await importedState(tx), units, people);
    if (options.dryRun) return { units: units.length, people: people.length, plan };
    await deferConstraints(tx);
    for (const u of units) await upsertUnit(tx, u);
    await clearUnitsNotIn(
      tx,
      units.map((u) => u.id),
    );
    for (const p of people) await upsertImportedPerson(tx, p);
    await markRemovedFromImport(
      tx,
      plan.people.removed.map((p) => p.id),
    );
    for (const p of plan.people.removed) {
      await appendAudit(tx, {
        actorId: null,
        action: 'person.removed_from_import',
        entity: 'person',
        entityId: p.id,
        details: { rolesRemoved: p.before.filter((r) => r !== 'employee') },
      });
    }
    await appendAudit(tx, {
      actorId: null,
      action: 'organisation.imported',
      entity: 'organisation',
      entityId: 'import',
      details: {
        units: units.length,
        people: people.length,
        peopleAdded: plan.people.added.length,
        peopleChanged: plan.people.changed.length,
        peopleRemoved: plan.people.removed.length,
        unitsNotInFile: plan.units.notInFile.length,
      },
    });
    return { units: units.length, people: people.length, plan };
  });
}

type UnitRow = Awaited<ReturnType<typeof importedState>>['units'][number];

function planImport(
  current: Awaited<ReturnType<typeof importedState>>,
  units: UnitRow[],
  people: ResolvedPerson[],
): ImportPlan {
  const before = new Map(current.people.map((p) => [p.id, p]));
  const unitsBefore = new Map(current.units.map((u) => [u.id, u]));
  const inFile = new Set(people.map((p) => p.id));
  const unitIds = new Set(units.map((u) => u.id));
  const plan: ImportPlan = {
    units: { added: [], changed: [], notInFile: [] },
    people: { added: [], changed: [], removed: [], unchanged: 0 },
  };
  for (const u of units) {
    const was = unitsBefore.get(u.id);
    if (!was) plan.units.added.push(u.id);
    else if (JSON.stringify(was) !== JSON.stringify(u)) plan.units.changed.push(u.id);
  }
  for (const u of current.units)
    if (!unitIds.has(u.id) && (u.leaderId || u.departmentHeadId || u.directorId)) plan.units.notInFile.push(u.id);
  for (const p of people) {
    const was = before.get(p.id);
    const planned = { id: p.id, name: p.name, roles: p.roles };
    if (!was) plan.people.added.push(planned);
    else if (!sameList(was.roles, p.roles) || was.name !== p.name || was.email !== p.email || was.unitId !== p.unitId)
      plan.people.changed.push({ ...planned, before: was.roles });
    else plan.people.unchanged++;
  }
  for (const p of current.people)
    if (!inFile.has(p.id)) plan.people.removed.push({ id: p.id, name: p.name, roles: ['employee'], before: p.roles });
  return plan;
}

/** The plan in words, for the command line (the dry run, and after an import). */
export function describePlan(plan: ImportPlan): string {
  const roles = (r: readonly string[]) => r.join(', ');
  const lines = [
    `Units: ${plan.units.added.length} new, ${plan.units.changed.length} changed, ${plan.units.notInFile.length} no longer in the file (their leader, fagchef and director are cleared).`,
    `People: ${plan.people.added.length} new, ${plan.people.changed.length} changed, ${plan.people.unchanged} unchanged, ${plan.people.removed.length} no longer in the file.`,
    ...plan.people.added.map((p) => `  + ${p.name} (${p.id}): ${roles(p.roles)}`),
    ...plan.people.changed.map(
      (p) =>
        `  ~ ${p.name} (${p.id}): ${sameList(p.before, p.roles) ? 'name, email or unit' : `${roles(p.before)} -> ${roles(p.roles)}`}`,
    ),
    ...plan.people.removed.map(
      (p) =>
        `  - ${p.name} (${p.id}): loses ${roles(p.before.filter((r) => r !== 'employee')) || 'no roles'}; stays an employee, the record is kept`,
    ),
  ];
  return lines.join('\n');
}

const sameList = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
