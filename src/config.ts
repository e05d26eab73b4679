import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { RetentionRules } from './domain/retention.js';
import type { ClusterChannelType } from './domain/cluster.js';
import type { Role } from './domain/roles.js';
import { EnvSchema, type Env } from './env.js';
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
  /** The Bot Framework's limit for one app in one tenant (30 per second, msteams-docs bots/how-to/rate-limit). */
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
    if (!e.MICROSOFT_APP_TENANT_ID)
      problems.push('MICROSOFT_APP_TENANT_ID: required in production (your Entra tenant id)');
    if (!e.MICROSOFT_APP_PASSWORD && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      problems.push(
        'MICROSOFT_APP_PASSWORD: required in production unless MICROSOFT_APP_TYPE=UserAssignedMSI (managed identity)',
      );
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
  const managedIdentityClientId =
    e.MANAGED_IDENTITY_CLIENT_ID ?? (e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' ? e.MICROSOFT_APP_ID : undefined);
  const graph = graphConfig(e, managedIdentityClientId, problems);
  const database = databaseTarget(e, managedIdentityClientId, problems);
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? (e.BOT_DOMAIN ? `https://${e.BOT_DOMAIN}` : undefined);
  if (production && !publicBaseUrl)
    problems.push('PUBLIC_BASE_URL: required in production (or BOT_DOMAIN): download links point there');
  let linkSecret: Buffer;
  if (e.LINK_SECRET) linkSecret = Buffer.from(e.LINK_SECRET, 'utf8');
  else if (production && e.MICROSOFT_APP_PASSWORD)
    linkSecret = createHmac('sha256', e.MICROSOFT_APP_PASSWORD).update('missionsklynger:download-links').digest();
  else if (production) {
    problems.push(
      'LINK_SECRET: required in production with a managed identity (32+ random characters; it signs download links)',
    );
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
    if (e.DATABASE_AUTH === 'entra')
      problems.push(
        "DATABASE_AUTH: entra needs DATABASE_URL (the Azure Database for PostgreSQL server and the app's role)",
      );
    return { kind: 'embedded', dataDir: path.resolve(e.DATA_DIR) };
  }
  if (e.DATABASE_AUTH === 'password') return { kind: 'server', url: e.DATABASE_URL };
  let url: URL | undefined;
  try {
    url = new URL(e.DATABASE_URL);
  } catch {
    problems.push(
      "DATABASE_URL: not a URL; use postgres://<the app's role>@<server>.postgres.database.azure.com:5432/<database>?sslmode=require",
    );
  }
  if (url) {
    if (!url.username)
      problems.push(
        "DATABASE_URL: name the app's database role (the managed identity's name) as the user, e.g. postgres://missionsklynger-id@…",
      );
    if (url.password)
      problems.push(
        "DATABASE_URL: remove the password; with DATABASE_AUTH=entra the managed identity's token is the password",
      );
    const sslmode = url.searchParams.get('sslmode');
    if (
      !isLoopback(url.hostname) &&
      (!sslmode || sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer')
    ) {
      problems.push('DATABASE_URL: add sslmode=require (or verify-full); a token must not travel unencrypted');
    }
  }
  if (!managedIdentityClientId)
    problems.push(
      'MANAGED_IDENTITY_CLIENT_ID: required with DATABASE_AUTH=entra (the client id of the identity the database knows)',
    );
  return managedIdentityClientId
    ? { kind: 'server', url: e.DATABASE_URL, entra: { managedIdentityClientId } }
    : { kind: 'server', url: e.DATABASE_URL };
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
