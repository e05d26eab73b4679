// npm run check:deploy: the deployment files checked offline by Microsoft's own artefacts, the way the
// Microsoft 365 Agents Toolkit (`atk`) would check them when an administrator provisions:
//   1. every toolkit project file (teamsapp.yml, teamsapp.local.yml) through the toolkit's own yml parser
//      (InvalidYamlSchemaError otherwise), with ajv against the schema of its `version:` for the reason;
//   2. the app manifest through `atk validate --manifest-file` and, resolved as provision resolves it,
//      through @microsoft/app-manifest against the schema version it declares;
//   3. every Graph permission of aad.manifest.json against the list the toolkit's aadApp/update resolves
//      names from;
//   4. infra/azure.parameters.json through the toolkit's placeholder rules of arm/deploy, for every env
//      file shipped: nothing unresolved or empty, and the result is JSON;
//   5. the parameters file against infra/azure.bicep's `param`s: none unknown (ARM refuses a deployment
//      with a parameter the template does not declare), none without a default left out.
//   6. the local debugging profile (teamsapp.local.yml) the same way: its provision simulated action by action
//      (its scripts run) to the env teamsApp/validateManifest sees, the manifest validated with it, and both
//      profiles packaged as `npm run package` packages them (needs `npm run build` first: dist/).
// Then it shows that each check refuses the broken copies in test/fixtures/deploy/ (so a check that
// passes everything fails here). The toolkit CLI is installed by .ci/run into .tools/ (TOOLS_DIR):
//   npm install --prefix .tools --ignore-scripts @microsoft/m365agentstoolkit-cli@1.1.17
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TOOLS = path.resolve(process.env.TOOLS_DIR ?? path.join(ROOT, '.tools'));
const CLI = path.join(TOOLS, 'node_modules/@microsoft/m365agentstoolkit-cli');
const CORE = path.join(TOOLS, 'node_modules/@microsoft/teamsfx-core/build');
const FIXTURES = path.join(ROOT, 'test/fixtures/deploy');
const require = createRequire(import.meta.url);

if (!existsSync(CLI)) {
  console.error(`The Agents Toolkit CLI is not installed in ${TOOLS}. Install it (offline-capable) with:
  npm install --prefix .tools --ignore-scripts --no-audit --no-fund @microsoft/m365agentstoolkit-cli@1.1.17`);
  process.exit(2);
}
// The yml is read with the toolkit's own YAML parser.
const yaml = createRequire(path.join(CORE, 'component/configManager/parser.js'))('js-yaml');
const Ajv = require('ajv').default;
const { ManifestUtil } = require('@microsoft/app-manifest');
const { yamlParser } = require(path.join(CORE, 'component/configManager/parser.js'));
const { expandEnvironmentVariable, getEnvironmentVariables } = require(path.join(CORE, 'component/utils/common.js'));
const graphPermissions = require(path.join(CORE, 'component/driver/aad/permissions/permissions.json'));

/**
 * What provision writes into the env file before the later actions read it (teamsApp/create,
 * aadApp/create, arm/deploy outputs), as realistic stand-in values; and what the administrator fills in
 * before provisioning (README, "Deploy"). Every empty key of a shipped env file must be in one of them.
 */
const WRITTEN_BY_PROVISION = {
  TEAMS_APP_ID: '0c5d9f7e-1111-4222-8333-444455556666',
  AAD_APP_CLIENT_ID: '6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
  AAD_APP_OBJECT_ID: '7d2a4b6c-3c5e-4f70-9bac-1d2e3f4a5b6c',
  AAD_APP_TENANT_ID: '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f',
  AAD_APP_OAUTH_AUTHORITY: 'https://login.microsoftonline.com/4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f',
  AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  AAD_APP_ACCESS_AS_USER_PERMISSION_ID: '8e3b5c7d-4d6f-4081-8cbd-2e3f4a5b6c7d',
  // arm/deploy outputs of infra/azure.bicep: the bot is the managed identity.
  BOT_ID: '7d2e9c41-5a3b-4c6d-8e7f-1a2b3c4d5e6f',
  MANAGED_IDENTITY_NAME: 'missionsklynger-dev-abc123-id',
  MANAGED_IDENTITY_CLIENT_ID: '7d2e9c41-5a3b-4c6d-8e7f-1a2b3c4d5e6f',
  MANAGED_IDENTITY_PRINCIPAL_ID: '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e',
  BOT_DOMAIN: 'missionsklynger-dev.azurewebsites.net',
  BOT_AZURE_APP_SERVICE_RESOURCE_ID:
    '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/missionsklynger-dev',
  PUBLIC_BASE_URL: 'https://missionsklynger-dev.azurewebsites.net',
  KEY_VAULT_NAME: 'kv-missionsklynger-dev',
  POSTGRES_HOST: 'missionsklynger-dev.postgres.database.azure.com',
};
const FILLED_BY_ADMIN = {
  AZURE_SUBSCRIPTION_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_RESOURCE_GROUP_NAME: 'rg-missionsklynger-dev',
  CLUSTER_TEAM_ID: '9d3f5a2b-1c4e-4b6a-8f7d-2e1a0b9c8d7e',
  POSTGRES_ADMIN_GROUP_ID: '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d',
  POSTGRES_ADMIN_GROUP_NAME: 'Missionsklynger database administrators',
  SECRET_LINK_SECRET: 'a-random-link-secret-of-32-characters-or-more',
};

/** KEY=value lines of a toolkit env file (comments and blank lines skipped). */
function readEnv(file) {
  const out = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out[m[1]] = m[2];
  }
  return out;
}

/**
 * The env as the toolkit holds it when arm/deploy and validateManifest run in provision: the shipped
 * file, what the administrator fills in first (unless `adminFills` is false: a file used as it is),
 * and what provision writes.
 */
function provisionedEnv(envFile, adminFills = true) {
  const shipped = readEnv(envFile);
  // Used as it is: only the secrets of env/.env.<env>.user are the administrator's.
  const admin = adminFills
    ? FILLED_BY_ADMIN
    : Object.fromEntries(Object.entries(FILLED_BY_ADMIN).filter(([k]) => k.startsWith('SECRET_')));
  const problems = Object.entries(shipped)
    .filter(([k, v]) => v === '' && !(k in WRITTEN_BY_PROVISION) && !(k in FILLED_BY_ADMIN))
    .map(
      ([k]) => `${path.relative(ROOT, envFile)}: ${k} is empty, and neither provision nor the README's steps fill it`,
    );
  const filled = Object.fromEntries(
    Object.entries(shipped).map(([k, v]) => [k, v || admin[k] || WRITTEN_BY_PROVISION[k] || '']),
  );
  return { env: { ...WRITTEN_BY_PROVISION, ...admin, ...filled }, problems };
}

/** 1. A toolkit project file: the toolkit's parser decides; ajv says where. */
export async function ymlProblems(file) {
  const parsed = await yamlParser.parse(file, true);
  if (!parsed.isErr()) return [];
  const problems = [`${path.relative(ROOT, file)}: the Agents Toolkit refuses it (${parsed.error.name})`];
  try {
    const doc = yaml.load(readFileSync(file, 'utf8'));
    const schemaFile = path.join(CLI, 'resource/yaml-schema', String(doc?.version), 'yaml.schema.json');
    if (!existsSync(schemaFile)) return [...problems, `  version ${doc?.version} is not one the toolkit knows`];
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    // Each action is checked against the definition for its `uses` (the schema's anyOf over all actions
    // would blame every other action's properties).
    const byUses = new Map();
    for (const [name, def] of Object.entries(schema.definitions ?? {})) {
      const uses = def?.properties?.uses?.const;
      if (uses && !byUses.has(uses)) byUses.set(uses, name);
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const stage of ['provision', 'deploy', 'publish']) {
      for (const [i, action] of (doc?.[stage] ?? []).entries()) {
        const def = byUses.get(action?.uses);
        if (!def) {
          problems.push(`  ${stage}[${i}]: "${action?.uses}" is not an action of ${doc.version}`);
          continue;
        }
        const validate = ajv.compile({ $ref: `#/definitions/${def}`, definitions: schema.definitions });
        if (validate(action)) continue;
        for (const e of validate.errors ?? []) {
          const extra = e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : '';
          problems.push(`  ${stage}[${i}] ${action.uses}${e.instancePath}: ${e.message}${extra}`);
        }
      }
    }
  } catch (err) {
    problems.push(`  ${err.message}`);
  }
  return problems;
}

/**
 * The env of teamsapp.local.yml's provision, as the toolkit builds it: env/.env.local with the tunnel's
 * BOT_ENDPOINT the developer fills in, then each provision action in order, up to `until`: what it writes
 * (writeToEnvironmentFile, with stand-in values) and, for a `script` action, what it prints as
 * `::set-teamsfx-env NAME=value` (the script is run, with its `env:` resolved).
 */
export async function localProvisionedEnv(ymlFile, envFile, until = 'teamsApp/validateManifest') {
  const env = { ...readEnv(envFile), BOT_ENDPOINT: 'https://k7x2m9-3978.euw.devtunnels.ms' };
  const problems = [];
  const doc = yaml.load(readFileSync(ymlFile, 'utf8'));
  for (const action of doc?.provision ?? []) {
    if (action.uses === until) break;
    for (const key of Object.values(action.writeToEnvironmentFile ?? {}))
      env[key] = WRITTEN_BY_PROVISION[key] ?? `stand-in-${key.toLowerCase()}`;
    if (action.uses !== 'script') continue;
    const scriptEnv = Object.fromEntries(
      Object.entries(action.env ?? {}).map(([k, v]) => [k, expandEnvironmentVariable(String(v), env)]),
    );
    const run = spawnSync(action.with.run, {
      cwd: ROOT,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, ...scriptEnv },
      timeout: 60_000,
    });
    if (run.status !== 0)
      problems.push(
        `${path.relative(ROOT, ymlFile)}: script "${action.name ?? action.with.run}" fails: ${run.stderr.trim()}`,
      );
    for (const m of run.stdout.matchAll(/^::set-teamsfx-env ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) env[m[1]] = m[2];
  }
  return { env, problems };
}

/** 2. The app manifest: `atk validate`, then the resolved manifest against its declared schema. */
export async function manifestProblems(manifestFile, { env, problems: envProblems }) {
  const problems = [...envProblems];
  const dir = mkdtempSync(path.join(tmpdir(), 'check-deploy-'));
  try {
    const resolvedEnv = path.join(dir, '.env.check');
    writeFileSync(
      resolvedEnv,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const atk = spawnSync(
      process.execPath,
      [path.join(CLI, 'cli.js'), 'validate', '--manifest-file', manifestFile, '--env-file', resolvedEnv],
      {
        cwd: path.dirname(path.dirname(manifestFile)),
        encoding: 'utf8',
        env: { ...process.env, TEAMSFX_TELEMETRY_ENABLED: 'false', NO_COLOR: '1' },
        timeout: 120_000,
      },
    );
    const said = `${atk.stdout}\n${atk.stderr}`;
    if (atk.status !== 0 || /\(✖\)|Error:/.test(said)) {
      problems.push(
        `${path.relative(ROOT, manifestFile)}: atk validate refuses it`,
        ...said
          .split('\n')
          .filter((l) => /✖|Error/.test(l))
          .slice(0, 6)
          .map((l) => `  ${l.trim()}`),
      );
    }
    const text = readFileSync(manifestFile, 'utf8');
    const resolved = expandEnvironmentVariable(text, env);
    const left = getEnvironmentVariables(resolved);
    // teamsApp/validateManifest stops here with MissingEnvironmentVariablesError.
    if (left.length)
      problems.push(`${path.relative(ROOT, manifestFile)}: placeholders without a value: ${left.join(', ')}`);
    const manifest = JSON.parse(resolved);
    const schemaFile = path.join(
      ROOT,
      'node_modules/@microsoft/app-manifest/build/json-schemas/teams',
      `v${manifest.manifestVersion}`,
      'MicrosoftTeams.schema.json',
    );
    if (!existsSync(schemaFile))
      problems.push(
        `${path.relative(ROOT, manifestFile)}: manifest schema ${manifest.manifestVersion} is unknown to @microsoft/app-manifest`,
      );
    else {
      const errors = await ManifestUtil.validateManifestAgainstSchema(
        manifest,
        JSON.parse(readFileSync(schemaFile, 'utf8')),
      );
      for (const e of errors) problems.push(`${path.relative(ROOT, manifestFile)}: @microsoft/app-manifest: ${e}`);
    }
    if (Number(String(manifest.manifestVersion).split('.')[1]) < 25) {
      problems.push(
        `${path.relative(ROOT, manifestFile)}: manifest schema ${manifest.manifestVersion} is older than 1.25 (supportsChannelFeatures needs 1.25)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}

/**
 * 2b. The app package made as `npm run package -- --env <name>` makes it, with the env as provision leaves it:
 * it must be made, with no placeholder left.
 */
export function packageProblems(envName, env) {
  const made = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli/package-app.js'), '--env', envName], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const zip = path.join(ROOT, 'appPackage/build', `appPackage.${envName}.zip`);
  if (made.status !== 0 || !existsSync(zip))
    return [`npm run package -- --env ${envName} refuses: ${(made.stderr || made.stdout).trim()}`];
  return [];
}

/** 3. Graph permissions by the names the toolkit's aadApp/update knows (roles for Role, scopes for Scope). */
export function permissionProblems(aadManifestFile) {
  const graph = graphPermissions.value.find((p) => p.appId === '00000003-0000-0000-c000-000000000000');
  const roles = new Set(graph.appRoles.map((r) => r.value));
  const scopes = new Set(graph.oauth2PermissionScopes.map((s) => s.value));
  const ids = new Set([...graph.appRoles, ...graph.oauth2PermissionScopes].map((x) => x.id));
  const manifest = JSON.parse(readFileSync(aadManifestFile, 'utf8'));
  const problems = [];
  for (const resource of manifest.requiredResourceAccess ?? []) {
    if (resource.resourceAppId !== 'Microsoft Graph' && resource.resourceAppId !== graph.appId) continue;
    for (const a of resource.resourceAccess ?? []) {
      // An id the list lacks is passed through by aadApp/update unchanged (aadManifestHelper: isUUID); the
      // unit test graph-permissions.test.ts ties each such id to its permission's name.
      const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.id);
      const known = guid || ids.has(a.id) || (a.type === 'Role' ? roles : scopes).has(a.id);
      if (!known)
        problems.push(
          `${path.relative(ROOT, aadManifestFile)}: ${a.id} (${a.type}) is not a Graph ${a.type === 'Role' ? 'application permission' : 'delegated permission'} the toolkit knows`,
        );
    }
  }
  return problems;
}

/** 4. The ARM parameters file, resolved as arm/deploy resolves it, for one env file. */
export function parameterProblems(parametersFile, envFile, adminFills = true) {
  const { env, problems } = provisionedEnv(envFile, adminFills);
  // An empty value stays a placeholder (the toolkit replaces only non-empty values) and is refused.
  const resolved = expandEnvironmentVariable(readFileSync(parametersFile, 'utf8'), env);
  const left = getEnvironmentVariables(resolved);
  const name = `${path.relative(ROOT, parametersFile)} with ${path.relative(ROOT, envFile)}`;
  if (left.length) problems.push(`${name}: arm/deploy refuses unresolved or empty placeholders: ${left.join(', ')}`);
  else {
    try {
      JSON.parse(resolved);
    } catch (err) {
      problems.push(`${name}: the resolved parameters are not JSON (${err.message})`);
    }
  }
  return problems;
}

/** 5. Parameter names: each one given is declared in the template; each one without a default is given. */
export function templateProblems(parametersFile, bicepFile) {
  const declared = new Map();
  for (const m of readFileSync(bicepFile, 'utf8').matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm))
    declared.set(m[1], Boolean(m[2]));
  // The names only: values are placeholders until provision.
  const given = [...readFileSync(parametersFile, 'utf8').matchAll(/^\s{4}"(\w+)":\s*\{/gm)].map((m) => m[1]);
  const name = path.relative(ROOT, parametersFile);
  return [
    ...given
      .filter((p) => !declared.has(p))
      .map((p) => `${name}: ${p} is not a parameter of ${path.relative(ROOT, bicepFile)} (arm/deploy fails)`),
    ...[...declared]
      .filter(([p, hasDefault]) => !hasDefault && !given.includes(p))
      .map(([p]) => `${name}: ${p} has no default in the template and is not given`),
  ];
}

async function main() {
  const envFiles = readdirSync(path.join(ROOT, 'env'))
    .filter((f) => /^\.env\.[a-z0-9]+$/.test(f) && f !== '.env.local')
    .map((f) => path.join(ROOT, 'env', f));
  const manifest = path.join(ROOT, 'appPackage/manifest.json');
  const local = await localProvisionedEnv(path.join(ROOT, 'teamsapp.local.yml'), path.join(ROOT, 'env/.env.local'));
  const own = [
    ...(await ymlProblems(path.join(ROOT, 'teamsapp.yml'))),
    ...(await ymlProblems(path.join(ROOT, 'teamsapp.local.yml'))),
    ...(await Promise.all(envFiles.map((env) => manifestProblems(manifest, provisionedEnv(env))))).flat(),
    ...envFiles.flatMap((env) => packageProblems(readEnv(env).TEAMSFX_ENV, provisionedEnv(env).env)),
    ...(await manifestProblems(manifest, local)),
    ...packageProblems('local', local.env),
    ...permissionProblems(path.join(ROOT, 'aad.manifest.json')),
    ...envFiles.flatMap((env) => parameterProblems(path.join(ROOT, 'infra/azure.parameters.json'), env)),
    ...templateProblems(path.join(ROOT, 'infra/azure.parameters.json'), path.join(ROOT, 'infra/azure.bicep')),
  ];
  for (const p of own) console.log(`FAIL ${p}`);
  if (!own.length)
    console.log(
      `ok   the project's deployment files (${[...envFiles.map((f) => path.basename(f)), '.env.local'].join(', ')}) pass every check, and package`,
    );

  // Each check must refuse its broken copy, or it checks nothing.
  const f = (name) => path.join(FIXTURES, name);
  const broken = [
    ['teamsapp.yml on v1.5 with outputFolder', await ymlProblems(f('teamsapp.v1.5-outputFolder.yml'))],
    ['teamsapp.yml with an action that does not exist', await ymlProblems(f('teamsapp.unknown-action.yml'))],
    [
      'manifest on schema 1.19 with supportsChannelFeatures',
      await manifestProblems(f('appPackage/manifest.json'), provisionedEnv(path.join(ROOT, 'env/.env.dev'))),
    ],
    [
      'a local profile that never sets BOT_DOMAIN',
      await manifestProblems(
        manifest,
        await localProvisionedEnv(f('teamsapp.local.no-bot-domain.yml'), path.join(ROOT, 'env/.env.local')),
      ),
    ],
    [
      'aad.manifest.json asking for Calendars.ReadBasic.All',
      permissionProblems(f('aad.manifest.unknown-permission.json')),
    ],
    [
      'parameters with CLUSTER_TEAM_ID left empty',
      parameterProblems(path.join(ROOT, 'infra/azure.parameters.json'), f('env/.env.empty-team'), false),
    ],
    [
      'parameters quoting ROLE_GROUPS JSON',
      parameterProblems(f('azure.parameters.quoted-json.json'), f('env/.env.role-groups')),
    ],
    [
      'parameters still giving the client secret the template no longer takes',
      templateProblems(f('azure.parameters.removed-secret.json'), path.join(ROOT, 'infra/azure.bicep')),
    ],
  ];
  let missed = 0;
  for (const [what, problems] of broken) {
    if (problems.length)
      console.log(
        `ok   refuses ${what}:\n${problems
          .slice(0, 4)
          .map((p) => `       ${p}`)
          .join('\n')}`,
      );
    else {
      console.log(`FAIL accepts ${what} (a check that refuses nothing)`);
      missed++;
    }
  }
  process.exit(own.length || missed ? 1 : 0);
}

await main();
