import { z } from 'zod';
import { RoleSchema, type Role } from './roles.js';

const listField = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[;|]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.string()),
);
const optionalRef = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().optional());

export const OrgUnitSchema = z.object({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  kind: z.enum(['contractUnit', 'secretariat', 'staff', 'board']),
  parent: optionalRef,
  leader: optionalRef,
  departmentHead: optionalRef,
  director: optionalRef,
});

export const OrgPersonSchema = z.object({
  id: z.string().trim().min(1, 'the Entra object id is required'),
  name: z.string().trim().min(1),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
  unit: optionalRef,
  roles: listField.pipe(z.array(RoleSchema)),
  groups: listField,
});

export const OrganisationSchema = z.object({
  units: z.array(OrgUnitSchema).default([]),
  people: z.array(OrgPersonSchema).min(1),
});
export type Organisation = z.infer<typeof OrganisationSchema>;
export type OrgPerson = z.infer<typeof OrgPersonSchema>;

export interface ResolvedPerson {
  id: string;
  name: string;
  email: string | null;
  unitId: string | null;
  roles: Role[];
}

/**
 * Roles of each person: everyone is an employee; the import's roles; roles mapped from Entra groups;
 * and the roles the unit structure implies (leader → contract holder, fagchef, director).
 */
export function resolvePeople(
  org: Organisation,
  roleGroups: Record<string, Role[]>,
): { people: ResolvedPerson[]; problems: string[] } {
  const problems: string[] = [];
  const byKey = new Map<string, OrgPerson>();
  for (const p of org.people) {
    byKey.set(p.id, p);
    if (p.email) byKey.set(p.email.toLowerCase(), p);
  }
  const unitIds = new Set(org.units.map((u) => u.id));
  const implied = new Map<string, Set<Role>>();
  const imply = (ref: string | undefined, role: Role, unitId: string) => {
    if (!ref) return;
    const person = byKey.get(ref) ?? byKey.get(ref.toLowerCase());
    if (!person) return void problems.push(`unit ${unitId}: ${role} "${ref}" is not among the people`);
    (implied.get(person.id) ?? implied.set(person.id, new Set()).get(person.id)!).add(role);
  };
  for (const u of org.units) {
    if (u.parent && !unitIds.has(u.parent)) problems.push(`unit ${u.id}: parent "${u.parent}" is not among the units`);
    imply(u.leader, 'contractHolder', u.id);
    imply(u.departmentHead, 'departmentHead', u.id);
    imply(u.director, 'director', u.id);
  }
  const seen = new Set<string>();
  const people = org.people.map((p) => {
    if (seen.has(p.id)) problems.push(`person ${p.id}: listed twice`);
    seen.add(p.id);
    if (p.unit && !unitIds.has(p.unit)) problems.push(`person ${p.id}: unit "${p.unit}" is not among the units`);
    const roles = new Set<Role>(['employee', ...p.roles, ...(implied.get(p.id) ?? [])]);
    for (const g of p.groups) for (const r of roleGroups[g] ?? []) roles.add(r);
    return { id: p.id, name: p.name, email: p.email ?? null, unitId: p.unit ?? null, roles: [...roles].sort() };
  });
  return { people, problems };
}

export function personRef(org: Organisation, ref: string | undefined): string | null {
  if (!ref) return null;
  const p = org.people.find((x) => x.id === ref || x.email?.toLowerCase() === ref.toLowerCase());
  return p?.id ?? null;
}
