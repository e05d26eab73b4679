/**
 * The environment the app reads, as one schema: every setting, its default and its limits. config.ts turns
 * it into an AppConfig (with the rules between settings); graph.config.ts reads its Graph part. Its own
 * module, so neither imports the other for it.
 */
import { z } from 'zod';
import { RoleSchema } from './domain/roles.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const intWithDefault = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const RoleGroupsSchema = z.preprocess(
  (v) => {
    if (v === undefined || v === '') return {};
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  },
  z.record(z.string().min(1), z.array(RoleSchema).or(RoleSchema.transform((r) => [r]))),
);

export const EnvSchema = z.object({
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
  GRAPH_AUTH: z.preprocess(
    emptyToUndefined,
    z.enum(['secret', 'certificate', 'federated', 'managedIdentity']).optional(),
  ),
  GRAPH_CLIENT_ID: optionalString,
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_CERTIFICATE_PATH: optionalString,
  GRAPH_TENANT_ID: optionalString,
  /** Entra's sign-in host, for a national or private cloud (the Azure SDK's variable); the public cloud's otherwise. */
  AZURE_AUTHORITY_HOST: z.preprocess(emptyToUndefined, z.string().url().optional()),
  // msteams-docs bots/how-to/rate-limit: "The global limit per app per tenant is 30 Requests Per Second (RPS)"
  // (an older version of the page said 50; the lower, current figure is the ceiling).
  BOT_SENDS_PER_SECOND: intWithDefault(30, 1, 30),
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
  WORK_DAY_START: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use hh:mm')
      .default('08:00'),
  ),
  WORK_DAY_END: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use hh:mm')
      .default('16:00'),
  ),
  WORK_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$/, 'ISO weekdays, e.g. 1-5 or 1,2,3,4')
      .default('1-5'),
  ),
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
