import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { RetentionRules } from './domain/retention.js';
import type { ClusterChannelType } from './domain/cluster.js';
import { RoleSchema, type Role } from './domain/roles.js';
import { graphConfig, isLoopback, type GraphConfig } from './graph.config.js';
import type { DatabaseTarget } from './store/database.js';

export type { GraphAuth, GraphConfig } from './graph.config.js';

/** Raised when the environment cannot make a runnable configuration; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const intWithDefault = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const RoleGroupsSchema = z.preprocess((v) => {
  if (v === undefined || v === '') return {};
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, z.record(z.string().min(1), z.array(RoleSchema).or(RoleSchema.transform((r) => [r]))));

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: intWithDefault(3978, 0, 65535),
  HOST: optionalString,
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TYPE: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ),
  MICROSOFT_APP_TENANT_ID: optionalString,
  DATABASE_URL: optionalString,
  /**
   * `password` (default): whatever DATABASE_URL carries. `entra`: Azure Database for PostgreSQL with Microsoft
   * Entra authentication; each new connection signs in with a token of the managed identity.
   */
  DATABASE_AUTH: z.preprocess(emptyToUndefined, z.enum(['password', 'entra']).default('password')),
  /** The user-assigned managed identity's client id (database and Graph tokens); the bot's id with UserAssignedMSI. */
  MANAGED_IDENTITY_CLIENT_ID: optionalString,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
  FRAMEWORK_FILE: optionalString,
  ROLE_GROUPS: RoleGroupsSchema,
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(['da', 'en']).default('da')),
  TIME_ZONE: z.preprocess(emptyToUndefined, z.string().default('Europe/Copenhagen')),
  DECISION_REMINDER_DAYS: intWithDefault(14, 1, 365),
  JOB_POLL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0.5).max(60).default(2)),
  CLUSTER_TEAM_ID: optionalString,
  /** `private` is accepted here only to be refused below with the reason (a bot cannot post there). */
  CLUSTER_CHANNEL_TYPE: z.preprocess(emptyToUndefined, z.enum(['standard', 'shared', 'private']).default('standard')),
  /** The app's id in the organisation's Teams app catalogue, for adding it to new shared channels. */
  TEAMS_APP_CATALOG_ID: optionalString,
  /** How often cluster channels' members are compared with Teams (changes made directly in Teams). */
  CHANNEL_RECONCILE_MINUTES: intWithDefault(60, 1, 1440),
  CLUSTER_REVIEW_DAYS: intWithDefault(90, 7, 730),
  GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://graph.microsoft.com/v1.0')),
  GRAPH_AUTH: z.preprocess(emptyToUndefined, z.enum(['secret', 'certificate', 'federated', 'managedIdentity']).optional()),
  GRAPH_CLIENT_ID: optionalString,
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_CERTIFICATE_PATH: optionalString,
  GRAPH_TENANT_ID: optionalString,
  /** Entra's sign-in host, for a national or private cloud (the Azure SDK's variable); the public cloud's otherwise. */
  AZURE_AUTHORITY_HOST: z.preprocess(emptyToUndefined, z.string().url().optional()),
  BOT_SENDS_PER_SECOND: intWithDefault(50, 1, 50),
  GRAPH_TIMEOUT_SECONDS: intWithDefault(15, 1, 120),
  JOB_LEASE_SECONDS: intWithDefault(60, 2, 600),
  JOB_SWEEP_SECONDS: intWithDefault(30, 1, 600),
  /** Where users reach the app (download links point there); BOT_DOMAIN (the toolkit's) is the fallback. */
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  BOT_DOMAIN: optionalString,
  BOT_OPENID_METADATA_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** The tabs' Entra app's Application ID URI, when it is not api://<BOT_DOMAIN>/<client id> (aad.manifest.json). */
  AAD_APP_ID_URI: optionalString,
  /** An outbound proxy, as Node's HTTP clients and the Azure SDK read it. */
  HTTPS_PROXY: optionalString,
  HTTP_PROXY: optionalString,
  https_proxy: optionalString,
  http_proxy: optionalString,
  /** Signs download links; derived from the bot secret when there is one, required with a managed identity. */
  LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'use at least 32 random characters').optional()),
  /** Working hours for proposed dialogue times, in TIME_ZONE: "08:00", "16:00", ISO weekdays "1-5". */
  /** A contract unit without a dialogue for this long (and none planned) shows as overdue to its director. */
  DIALOGUE_OVERDUE_DAYS: intWithDefault(365, 30, 1095),
  WORK_DAY_START: z.preprocess(emptyToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use hh:mm').default('08:00')),
  WORK_DAY_END: z.preprocess(emptyToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use hh:mm').default('16:00')),
  WORK_DAYS: z.preprocess(emptyToUndefined, z.string().regex(/^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$/, 'ISO weekdays, e.g. 1-5 or 1,2,3,4').default('1-5')),
  /** How long personal data is kept (GDPR storage limitation); a nightly job enforces it. */
  RETENTION_DIALOGUE_NOTES_YEARS: intWithDefault(5, 1, 30),
  RETENTION_DECLINED_PROPOSALS_MONTHS: intWithDefault(12, 1, 120),
  RETENTION_EXTERNALS_DAYS: intWithDefault(30, 0, 3650),
  RETENTION_MESSAGES_DAYS: intWithDefault(90, 7, 3650),
  RETENTION_AUDIT_YEARS: intWithDefault(5, 1, 30),
  /** The Entra app behind the tabs' single sign-on (the toolkit's name); the bot's app id when absent. */
  AAD_APP_CLIENT_ID: optionalString,
  /** Where the tenant's signing keys are (tests point it at a local key set). */
  TAB_SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

/** The environment as parsed, before it becomes an AppConfig. */
export type Env = z.infer<typeof EnvSchema>;

export interface BotCredentials {
  appId: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
  /** The Bot Framework channel's OpenID metadata, when not the public cloud's (BOT_OPENID_METADATA_URL). */
  openIdMetadataUrl?: string;
}

/**
 * Why `private` is refused: Microsoft Teams does not let a bot post messages or Adaptive Cards in a private
 * channel ("Channel and group chat conversations with a bot", msteams-docs bots-conv-channel), so the
 * status card could never appear, and a private channel only takes people who are already in the team.
 */
export const PRIVATE_CHANNELS_REFUSED =
  'CLUSTER_CHANNEL_TYPE: private kan ikke bruges. En bot kan ikke skrive beskeder eller kort i en privat kanal ' +
  '(Microsoft Teams tillader det ikke), så klyngens statuskort kunne aldrig vises. Vælg "standard" (standard: ' +
  'klyngens medlemmer bliver medlemmer af klyngeteamet) eller "shared" (delt kanal, også for folk uden for teamet). ' +
  '/ A bot cannot post in private channels; use standard or shared.';

export interface ClusterConfig {
  /** The Graph group id of the team where cluster channels are created; absent means channels wait. */
  teamId?: string;
  /**
   * `standard` (default): cluster members join the clusters team, the channel is everyone's in it.
   * `shared`: the channel takes members directly, also people outside the team.
   */
  channelType: ClusterChannelType;
  /** The app's id in the Teams app catalogue (shared channels: the app is added to each new channel). */
  catalogAppId?: string;
  reconcileMinutes: number;
  reviewDays: number;
}

export interface AppConfig {
  mode: 'local' | 'production';
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Present only in production mode; absent means Bot Framework authentication is off. */
  bot?: BotCredentials;
  database: DatabaseTarget;
  frameworkFile: string;
  roleGroups: Record<string, Role[]>;
  defaultLocale: 'da' | 'en';
  timeZone: string;
  decisionReminderDays: number;
  jobPollSeconds: number;
  /** How long a worker holds a piece of work before another instance may take it over (renewed while working). */
  jobLeaseSeconds: number;
  /** How often each instance looks for due work that no queue entry covers (after a crash, say). */
  jobSweepSeconds: number;
  logLevel: string;
  /** Absent when Graph has no credentials: Graph work waits, visibly, until it is configured. */
  graph?: GraphConfig;
  clusters: ClusterConfig;
  /** The Bot Framework's limit for one app in one tenant (50 per second). */
  botSendsPerSecond: number;
  /** Where download links point; locally the app's own address, known once it listens. */
  publicBaseUrl?: string;
  /** HTTPS_PROXY or HTTP_PROXY is set: replies then go through botbuilder's pipeline, which honours it. */
  outboundProxy: boolean;
  /** The key that signs download links (never logged). */
  linkSecret: Buffer;
  /** When dialogues may be proposed. */
  workingHours: { start: string; end: string; days: number[] };
  dialogueOverdueDays: number;
  /**
   * Tab single sign-on: tokens must be issued by this tenant for this client id. Absent locally unless
   * configured; then only the developer sign-in opens the tabs (production never offers it).
   */
  tabSso?: { clientId: string; tenantId: string; jwksUrl: string; appIdUri?: string };
  retention: RetentionRules;
}

export const DEFAULT_FRAMEWORK_FILE = 'config/frameworks/skanderborg.json';

/** The process environment, for tools that take more from it than the app's settings (npm run package). */
export const processEnvironment = (): Record<string, string | undefined> => process.env;

/** Parses the environment once. Throws ConfigError naming every problem and how to fix it. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production' || Boolean(e.MICROSOFT_APP_ID || e.MICROSOFT_APP_PASSWORD);
  const problems: string[] = [];
  let bot: BotCredentials | undefined;
  if (production) {
    if (!e.MICROSOFT_APP_ID) problems.push('MICROSOFT_APP_ID: required in production (the bot registration id)');
    if (!e.MICROSOFT_APP_TENANT_ID) problems.push('MICROSOFT_APP_TENANT_ID: required in production (your Entra tenant id)');
    if (!e.MICROSOFT_APP_PASSWORD && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      problems.push('MICROSOFT_APP_PASSWORD: required in production unless MICROSOFT_APP_TYPE=UserAssignedMSI (managed identity)');
    }
    if (e.MICROSOFT_APP_ID && e.MICROSOFT_APP_TENANT_ID) {
      bot = {
        appId: e.MICROSOFT_APP_ID,
        appPassword: e.MICROSOFT_APP_PASSWORD,
        appType: e.MICROSOFT_APP_TYPE,
        tenantId: e.MICROSOFT_APP_TENANT_ID,
        openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      };
    }
  }
  if (!production && e.HOST && !isLoopback(e.HOST)) {
    problems.push(`HOST: ${e.HOST} is not a loopback address; without bot credentials the app only binds 127.0.0.1`);
  }
  const managedIdentityClientId = e.MANAGED_IDENTITY_CLIENT_ID ?? (e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' ? e.MICROSOFT_APP_ID : undefined);
  const graph = graphConfig(e, managedIdentityClientId, problems);
  const database = databaseTarget(e, managedIdentityClientId, problems);
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? (e.BOT_DOMAIN ? `https://${e.BOT_DOMAIN}` : undefined);
  if (production && !publicBaseUrl) problems.push('PUBLIC_BASE_URL: required in production (or BOT_DOMAIN): download links point there');
  let linkSecret: Buffer;
  if (e.LINK_SECRET) linkSecret = Buffer.from(e.LINK_SECRET, 'utf8');
  else if (production && e.MICROSOFT_APP_PASSWORD) linkSecret = createHmac('sha256', e.MICROSOFT_APP_PASSWORD).update('missionsklynger:download-links').digest();
  else if (production) {
    problems.push('LINK_SECRET: required in production with a managed identity (32+ random characters; it signs download links)');
    linkSecret = Buffer.alloc(0);
  } else linkSecret = randomBytes(32); // local: links last until the app restarts
  const ssoClientId = e.AAD_APP_CLIENT_ID ?? e.MICROSOFT_APP_ID;
  const ssoTenantId = e.MICROSOFT_APP_TENANT_ID;
  const tabSso =
    ssoClientId && ssoTenantId
      ? {
          clientId: ssoClientId,
          tenantId: ssoTenantId,
          jwksUrl: e.TAB_SSO_JWKS_URL ?? `https://login.microsoftonline.com/${ssoTenantId}/discovery/v2.0/keys`,
          appIdUri: e.AAD_APP_ID_URI ?? (e.BOT_DOMAIN ? `api://${e.BOT_DOMAIN}/${ssoClientId}` : undefined),
        }
      : undefined;
  if (e.CLUSTER_CHANNEL_TYPE === 'private') problems.push(PRIVATE_CHANNELS_REFUSED);
  if (e.WORK_DAY_END <= e.WORK_DAY_START) problems.push('WORK_DAY_END: must be after WORK_DAY_START');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: production ? 'production' : 'local',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: production ? (e.HOST ?? '0.0.0.0') : '127.0.0.1',
    bot,
    database,
    frameworkFile: path.resolve(e.FRAMEWORK_FILE ?? DEFAULT_FRAMEWORK_FILE),
    roleGroups: e.ROLE_GROUPS,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    decisionReminderDays: e.DECISION_REMINDER_DAYS,
    jobPollSeconds: e.JOB_POLL_SECONDS,
    jobLeaseSeconds: e.JOB_LEASE_SECONDS,
    jobSweepSeconds: e.JOB_SWEEP_SECONDS,
    logLevel: e.LOG_LEVEL,
    graph,
    clusters: {
      teamId: e.CLUSTER_TEAM_ID,
      channelType: e.CLUSTER_CHANNEL_TYPE === 'shared' ? 'shared' : 'standard',
      catalogAppId: e.TEAMS_APP_CATALOG_ID,
      reconcileMinutes: e.CHANNEL_RECONCILE_MINUTES,
      reviewDays: e.CLUSTER_REVIEW_DAYS,
    },
    botSendsPerSecond: e.BOT_SENDS_PER_SECOND,
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
    outboundProxy: Boolean(e.HTTPS_PROXY || e.HTTP_PROXY || e.https_proxy || e.http_proxy),
    linkSecret,
    dialogueOverdueDays: e.DIALOGUE_OVERDUE_DAYS,
    tabSso,
    retention: {
      dialogueNotesYears: e.RETENTION_DIALOGUE_NOTES_YEARS,
      declinedProposalsMonths: e.RETENTION_DECLINED_PROPOSALS_MONTHS,
      externalsDays: e.RETENTION_EXTERNALS_DAYS,
      messagesDays: e.RETENTION_MESSAGES_DAYS,
      auditYears: e.RETENTION_AUDIT_YEARS,
    },
    workingHours: { start: e.WORK_DAY_START, end: e.WORK_DAY_END, days: weekdays(e.WORK_DAYS) },
  };
}

/**
 * DATABASE_URL, or the embedded engine. With DATABASE_AUTH=entra the URL names the app's database role and
 * carries no password (the token is the password), and the connection is encrypted: a token must never
 * travel in clear text, so `sslmode=disable` is refused except on loopback.
 */
function databaseTarget(e: Env, managedIdentityClientId: string | undefined, problems: string[]): DatabaseTarget {
  if (!e.DATABASE_URL) {
    if (e.DATABASE_AUTH === 'entra') problems.push('DATABASE_AUTH: entra needs DATABASE_URL (the Azure Database for PostgreSQL server and the app\'s role)');
    return { kind: 'embedded', dataDir: path.resolve(e.DATA_DIR) };
  }
  if (e.DATABASE_AUTH === 'password') return { kind: 'server', url: e.DATABASE_URL };
  let url: URL | undefined;
  try {
    url = new URL(e.DATABASE_URL);
  } catch {
    problems.push('DATABASE_URL: not a URL; use postgres://<the app\'s role>@<server>.postgres.database.azure.com:5432/<database>?sslmode=require');
  }
  if (url) {
    if (!url.username) problems.push('DATABASE_URL: name the app\'s database role (the managed identity\'s name) as the user, e.g. postgres://missionsklynger-id@…');
    if (url.password) problems.push('DATABASE_URL: remove the password; with DATABASE_AUTH=entra the managed identity\'s token is the password');
    const sslmode = url.searchParams.get('sslmode');
    if (!isLoopback(url.hostname) && (!sslmode || sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer')) {
      problems.push('DATABASE_URL: add sslmode=require (or verify-full); a token must not travel unencrypted');
    }
  }
  if (!managedIdentityClientId) problems.push('MANAGED_IDENTITY_CLIENT_ID: required with DATABASE_AUTH=entra (the client id of the identity the database knows)');
  return managedIdentityClientId ? { kind: 'server', url: e.DATABASE_URL, entra: { managedIdentityClientId } } : { kind: 'server', url: e.DATABASE_URL };
}

/** "1-5" or "1,2,4-5" → [1, 2, 3, 4, 5]. */
function weekdays(spec: string): number[] {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    for (let d = Math.min(a, b); d <= Math.max(a, b); d++) days.add(d);
  }
  return [...days].sort();
}

/** The configuration with secrets removed, for the start-up log line. */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  return {
    mode: c.mode,
    host: c.host,
    port: c.port,
    botAppId: c.bot?.appId,
    botAppType: c.bot?.appType,
    database:
      c.database.kind === 'embedded'
        ? `embedded PGlite in ${c.database.dataDir}`
        : `Postgres server (DATABASE_URL${c.database.entra ? `, Microsoft Entra token of ${c.database.entra.managedIdentityClientId}` : ''})`,
    frameworkFile: c.frameworkFile,
    defaultLocale: c.defaultLocale,
    graph: c.graph ? `${c.graph.baseUrl} (${c.graph.auth.kind})` : 'not configured: cluster channels wait',
    clusterTeamId: c.clusters.teamId ?? 'not configured: cluster channels wait',
    clusterChannels: c.clusters.channelType,
    publicBaseUrl: c.publicBaseUrl ?? 'the local address',
    tabSignIn: c.tabSso ? `Teams single sign-on for ${c.tabSso.clientId}` : 'developer sign-in only (local mode)',
  };
}
