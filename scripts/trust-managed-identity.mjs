// Makes the Entra app of aad.manifest.json trust the app's user-assigned managed identity: a federated
// identity credential on the app whose issuer is the tenant's Entra, subject the identity's object
// (principal) id and audience api://AzureADTokenExchange ("Configure an application to trust a managed
// identity"; Graph application-post-federatedidentitycredentials). The app then gets Graph tokens as the
// Entra app, with the identity's token as its credential, and no client secret exists.
//
// Run by teamsapp.yml's provision after arm/deploy (the identity exists then), with the Azure CLI signed in
// (`az login`) as an owner of the Entra app. Running it again changes nothing; if the identity was made
// anew (a new principal id), the credential is pointed at it.
//   AAD_APP_OBJECT_ID=… AAD_APP_TENANT_ID=… MANAGED_IDENTITY_PRINCIPAL_ID=… node scripts/trust-managed-identity.mjs
import { spawnSync } from 'node:child_process';

const NAME = 'missionsklynger-app-identity';
const AUDIENCE = 'api://AzureADTokenExchange';
const { AAD_APP_OBJECT_ID: app, AAD_APP_TENANT_ID: tenant, MANAGED_IDENTITY_PRINCIPAL_ID: subject } = process.env;
const BY_HAND = `Or add it by hand: Entra admin center > App registrations > the Missionsklynger app > Certificates & secrets >
Federated credentials > Add credential > "Managed identity" > the identity ${process.env.MANAGED_IDENTITY_NAME ?? ''} (name ${NAME}).`;

function az(args) {
  // On Windows az is az.cmd, which only a shell runs.
  const r = spawnSync('az', args, { encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.error?.code === 'ENOENT') {
    console.error(
      `The Azure CLI (az) is not installed: install it, sign in with "az login" as an owner of the Entra app, and provision again.\n${BY_HAND}`,
    );
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(
      `az ${args.slice(0, 3).join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}\n(Signed in with "az login" as an owner of the Entra app?)\n${BY_HAND}`,
    );
    process.exit(1);
  }
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

if (!app || !tenant || !subject) {
  console.error(
    'Set AAD_APP_OBJECT_ID, AAD_APP_TENANT_ID and MANAGED_IDENTITY_PRINCIPAL_ID (provision writes them to env/.env.<env>).',
  );
  process.exit(2);
}
const issuer = `https://login.microsoftonline.com/${tenant}/v2.0`;
const wanted = {
  name: NAME,
  issuer,
  subject,
  audiences: [AUDIENCE],
  description: 'Missionsklynger: the App Service managed identity signs in as this app (no secret).',
};
const existing = az(['ad', 'app', 'federated-credential', 'list', '--id', app, '--output', 'json']) ?? [];
if (existing.some((c) => c.issuer === issuer && c.subject === subject && (c.audiences ?? []).includes(AUDIENCE))) {
  console.log(`The Entra app already trusts the managed identity ${subject}.`);
  process.exit(0);
}
const named = existing.find((c) => c.name === NAME);
if (named)
  az([
    'ad',
    'app',
    'federated-credential',
    'update',
    '--id',
    app,
    '--federated-credential-id',
    named.id ?? NAME,
    '--parameters',
    JSON.stringify(wanted),
    '--output',
    'json',
  ]);
else
  az([
    'ad',
    'app',
    'federated-credential',
    'create',
    '--id',
    app,
    '--parameters',
    JSON.stringify(wanted),
    '--output',
    'json',
  ]);
console.log(`The Entra app now trusts the managed identity ${subject} (federated credential ${NAME}).`);
