import path from 'node:path';
import { z } from 'zod';
import { RoleSchema, type Role } from './domain/roles.js';

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
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
  FRAMEWORK_FILE: optionalString,
  ROLE_GROUPS: RoleGroupsSchema,
  DEFAULT_LOCALE: z.preprocess(emptyToUndefined, z.enum(['da', 'en']).default('da')),
  TIME_ZONE: z.preprocess(emptyToUndefined, z.string().default('Europe/Copenhagen')),
  DECISION_REMINDER_DAYS: intWithDefault(14, 1, 365),
  JOB_POLL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0.5).max(60).default(2)),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export interface BotCredentials {
  appId: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
}

export interface AppConfig {
  mode: 'local' | 'production';
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Present only in production mode; absent means Bot Framework authentication is off. */
  bot?: BotCredentials;
  database: { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string };
  frameworkFile: string;
  roleGroups: Record<string, Role[]>;
  defaultLocale: 'da' | 'en';
  timeZone: string;
  decisionReminderDays: number;
  jobPollSeconds: number;
  logLevel: string;
}

export const DEFAULT_FRAMEWORK_FILE = 'config/frameworks/skanderborg.json';

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
      };
    }
  }
  if (!production && e.HOST && !isLoopback(e.HOST)) {
    problems.push(`HOST: ${e.HOST} is not a loopback address; without bot credentials the app only binds 127.0.0.1`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: production ? 'production' : 'local',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: production ? (e.HOST ?? '0.0.0.0') : '127.0.0.1',
    bot,
    database: e.DATABASE_URL
      ? { kind: 'server', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir: path.resolve(e.DATA_DIR) },
    frameworkFile: path.resolve(e.FRAMEWORK_FILE ?? DEFAULT_FRAMEWORK_FILE),
    roleGroups: e.ROLE_GROUPS,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    decisionReminderDays: e.DECISION_REMINDER_DAYS,
    jobPollSeconds: e.JOB_POLL_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The configuration with secrets removed, for the start-up log line. */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  return {
    mode: c.mode,
    host: c.host,
    port: c.port,
    botAppId: c.bot?.appId,
    botAppType: c.bot?.appType,
    database: c.database.kind === 'embedded' ? `embedded PGlite in ${c.database.dataDir}` : 'Postgres server (DATABASE_URL)',
    frameworkFile: c.frameworkFile,
    defaultLocale: c.defaultLocale,
  };
}
