import { z } from 'zod';

/** Roles come from configuration or the organisation import, never from what a user types. */
export const RoleSchema = z.enum([
  'employee',
  'contractHolder',
  'departmentHead',
  'director',
  'groupManagement',
  'admin',
]);
export type Role = z.infer<typeof RoleSchema>;

export const DECIDER_ROLES: readonly Role[] = ['groupManagement', 'admin'];

export function canDecideMissions(roles: readonly Role[]): boolean {
  return roles.some((r) => DECIDER_ROLES.includes(r));
}
