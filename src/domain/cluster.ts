import { z } from 'zod';
import { checkForm, optionalText, requiredText } from './form-input.js';
import type { MissionStatus } from './mission.js';
import type { Role } from './roles.js';

export const CLUSTER_LIMITS = {
  name: { min: 3, max: 80 },
  purpose: { min: 10, max: 1000 },
  externalName: { min: 2, max: 120 },
  organisation: { min: 2, max: 120 },
  role: { max: 120 },
} as const;

/**
 * What Teams refuses in a channel name (Teams "Limits and specifications", Channel names; Graph refuses
 * names over 50 characters): the characters ~ # % & * { } + / \ : < > ? | ' " , and "..", control
 * characters (0-1F, 80-9F), a few reserved words, a leading _ or . and a trailing period.
 */
export const CHANNEL_NAME_MAX = 50;
// eslint-disable-next-line no-control-regex -- control characters are what Teams refuses here.
const CHANNEL_FORBIDDEN = /[~#%&*{}+/\\:<>?|'",\u0000-\u001f\u0080-\u009f]/g;
const CHANNEL_RESERVED_WORDS =
  /(^|[\s()-])(forms|con|conin\$|conout\$|prn|aux|nul|com[1-9]|lpt[1-9]|desktop\.ini|_vti_)(?=$|[\s()-])/gi;

export type ClusterFieldErrorCode = 'required' | 'tooShort' | 'tooLong' | 'invalidEmail' | 'unknownPerson';
export type ClusterFieldErrors = Partial<
  Record<'name' | 'purpose' | 'coordinator' | 'externalName' | 'organisation' | 'email' | 'role', ClusterFieldErrorCode>
>;

const text = (min: number, max: number) => requiredText(min, max, true);

const ClusterInputSchema = z.object({
  name: text(CLUSTER_LIMITS.name.min, CLUSTER_LIMITS.name.max),
  purpose: text(CLUSTER_LIMITS.purpose.min, CLUSTER_LIMITS.purpose.max),
  coordinator: z.string({ error: 'required' }).trim().min(1, 'required').max(80, 'unknownPerson'),
});
export type ClusterInput = z.infer<typeof ClusterInputSchema>;

const ExternalInputSchema = z.object({
  externalName: text(CLUSTER_LIMITS.externalName.min, CLUSTER_LIMITS.externalName.max),
  organisation: text(CLUSTER_LIMITS.organisation.min, CLUSTER_LIMITS.organisation.max),
  email: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(200, 'tooLong').email('invalidEmail').optional(),
  ),
  role: optionalText(CLUSTER_LIMITS.role.max),
});
export type ExternalInput = z.infer<typeof ExternalInputSchema>;

const check = <T>(schema: z.ZodType<T>, raw: Record<string, unknown>) => checkForm<T, ClusterFieldErrors>(schema, raw);

export const validateClusterInput = (raw: Record<string, unknown>) => check(ClusterInputSchema, raw);
export const validateExternalInput = (raw: Record<string, unknown>) => check(ExternalInputSchema, raw);

/** Clusters are formed around missions the group management has made active. */
export const CLUSTER_MISSION_STATUSES: readonly MissionStatus[] = ['active'];

/** The group management, admins and the mission's own proposer may form clusters around it. */
export function canFormCluster(
  roles: readonly Role[],
  viewerId: string,
  mission: { proposerId: string; status: MissionStatus },
): boolean {
  if (!CLUSTER_MISSION_STATUSES.includes(mission.status)) return false;
  return roles.includes('groupManagement') || roles.includes('admin') || mission.proposerId === viewerId;
}

/** The coordinator manages the cluster's members; an admin may step in. */
export function canManageCluster(
  roles: readonly Role[],
  viewerId: string,
  cluster: { coordinatorId: string },
): boolean {
  return cluster.coordinatorId === viewerId || roles.includes('admin');
}

/** A channel name Teams accepts: forbidden characters removed, at most 50 characters, never empty. */
export function channelBaseName(clusterName: string): string {
  const cleaned = clusterName
    .normalize('NFC')
    .replace(CHANNEL_FORBIDDEN, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(CHANNEL_RESERVED_WORDS, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const base = trimEnds(cleaned) || 'Missionsklynge';
  return base.length <= CHANNEL_NAME_MAX ? base : trimEnds(base.slice(0, CHANNEL_NAME_MAX));
}

/** No leading underscore or period, no trailing period (nor spaces at either end). */
const trimEnds = (name: string) => name.replace(/^[._\s]+/, '').replace(/[.\s]+$/, '');

/** The n-th candidate for a unique name: "Name", "Name (2)", "Name (3)" ..., still at most 50 characters. */
export function channelNameCandidate(clusterName: string, n: number): string {
  const base = channelBaseName(clusterName);
  if (n <= 1) return base;
  const suffix = ` (${n})`;
  return `${base.slice(0, CHANNEL_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}

/** Where a cluster's channel lives: a standard channel of the clusters team, or a shared channel. */
export type ClusterChannelType = 'standard' | 'shared';

export interface ChannelMember {
  membershipId: string;
  userId: string;
  isOwner: boolean;
}

export interface MembershipPlan {
  add: { userId: string; owner: boolean }[];
  remove: ChannelMember[];
  promote: ChannelMember[];
}

/**
 * What to change so the channel's members are exactly the cluster's: add the missing, remove the rest,
 * make the coordinator an owner. Owners the cluster does not know are removed too, except the last owner,
 * because Teams keeps a private channel's last owner.
 */
export function planMembership(
  current: readonly ChannelMember[],
  wanted: readonly string[],
  coordinatorId: string,
): MembershipPlan {
  const want = new Set(wanted);
  const have = new Map(current.map((m) => [m.userId, m]));
  const add = [...want].filter((id) => !have.has(id)).map((userId) => ({ userId, owner: userId === coordinatorId }));
  const promote = current.filter((m) => m.userId === coordinatorId && !m.isOwner);
  const remove = current.filter((m) => !want.has(m.userId));
  return { add, remove, promote };
}

/**
 * Members Teams held once (a list showed them) and does not list now: removed directly in Teams. The
 * coordinator is never among them: a cluster keeps its coordinator, who is added back.
 */
export function removedInTeams(
  members: readonly { personId: string; inTeamsAt: Date | null }[],
  listed: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  coordinatorId: string,
): string[] {
  return members
    .filter((m) => m.inTeamsAt && !listed.has(m.personId) && m.personId !== coordinatorId)
    .map((m) => m.personId);
}

/** Next review of a new cluster's portfolio: the cadence from today in the organisation's time zone, as a date. */
export function firstReviewDate(now: Date, cadenceDays: number, timeZone: string): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  return new Date(Date.UTC(y, m - 1, d + cadenceDays)).toISOString().slice(0, 10);
}
