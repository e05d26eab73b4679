import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A stand-in for the Azure CLI's `az ad app federated-credential` (list, create, update) on one app, with
 * Graph's rules (application-post-federatedidentitycredentials): a name is unique per app, so is the
 * issuer + subject pair, at most 20 per app; an unknown app is a 404. State in a JSON file.
 */
const FAKE_AZ = `#!/usr/bin/env node
const fs = require('fs');
const state = process.env.FAKE_AZ_STATE;
const s = JSON.parse(fs.readFileSync(state, 'utf8'));
const a = process.argv.slice(2);
fs.appendFileSync(state + '.log', a.slice(0, 4).join(' ') + '\\n');
const arg = (n) => a[a.indexOf(n) + 1];
const fail = (m) => { process.stderr.write('ERROR: ' + m + '\\n'); process.exit(1); };
if (a.slice(0, 3).join(' ') !== 'ad app federated-credential') fail('unknown command');
if (arg('--id') !== s.app) fail("Resource '" + arg('--id') + "' does not exist or one of its queried reference-property objects are not present.");
const verb = a[3];
if (verb === 'list') { process.stdout.write(JSON.stringify(s.credentials)); process.exit(0); }
const p = JSON.parse(arg('--parameters'));
const others = verb === 'update' ? s.credentials.filter((c) => c.id !== arg('--federated-credential-id') && c.name !== arg('--federated-credential-id')) : s.credentials;
if (others.some((c) => c.name === p.name)) fail('FederatedIdentityCredential with name ' + p.name + ' already exists.');
if (others.some((c) => c.issuer === p.issuer && c.subject === p.subject)) fail('A federated identity credential with this issuer and subject already exists.');
if (others.length >= 20) fail('The maximum number of federated identity credentials (20) has been reached.');
s.credentials = [...others, { id: 'fic-' + (others.length + 1), ...p }];
fs.writeFileSync(state, JSON.stringify(s));
process.stdout.write(JSON.stringify(s.credentials.at(-1)));
`;

describe('the Entra app trusts the managed identity (teamsapp.yml provision, scripts/trust-managed-identity.mjs)', () => {
  it('adds the federated credential once, keeps it on a second provision, and follows a new identity', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-az-'));
    try {
      writeFileSync(path.join(dir, 'az'), FAKE_AZ);
      chmodSync(path.join(dir, 'az'), 0o755);
      const state = path.join(dir, 'state.json');
      writeFileSync(
        state,
        JSON.stringify({
          app: 'app-object-id',
          credentials: [
            {
              id: 'other',
              name: 'github-actions',
              issuer: 'https://token.actions.githubusercontent.com',
              subject: 'repo:x',
              audiences: ['api://AzureADTokenExchange'],
            },
          ],
        }),
      );
      const trust = (principal: string, app = 'app-object-id') =>
        run(process.execPath, ['scripts/trust-managed-identity.mjs'], {
          env: {
            ...process.env,
            PATH: `${dir}:${process.env.PATH}`,
            FAKE_AZ_STATE: state,
            AAD_APP_OBJECT_ID: app,
            AAD_APP_TENANT_ID: 'tenant-1',
            MANAGED_IDENTITY_PRINCIPAL_ID: principal,
          },
        }).then(
          (r) => ({ code: 0, out: r.stdout + r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
        );
      const credentials = () => JSON.parse(readFileSync(state, 'utf8')).credentials;

      const first = await trust('principal-1');
      expect(first).toEqual({ code: 0, out: expect.stringContaining('now trusts the managed identity principal-1') });
      expect(credentials()).toContainEqual(
        expect.objectContaining({
          name: 'missionsklynger-app-identity',
          issuer: 'https://login.microsoftonline.com/tenant-1/v2.0',
          subject: 'principal-1',
          audiences: ['api://AzureADTokenExchange'],
        }),
      );

      const again = await trust('principal-1');
      expect(again.out).toContain('already trusts the managed identity principal-1');
      expect(credentials()).toHaveLength(2); // the other app's credential is left alone

      const renewed = await trust('principal-2');
      expect(renewed.code).toBe(0);
      expect(
        credentials()
          .filter((c: { name: string }) => c.name === 'missionsklynger-app-identity')
          .map((c: { subject: string }) => c.subject),
      ).toEqual(['principal-2']);

      const wrongApp = await trust('principal-2', 'not-the-app');
      expect(wrongApp.code).toBe(1);
      expect(wrongApp.out).toMatch(
        /az ad app federated-credential failed: ERROR: Resource 'not-the-app' does not exist[\s\S]*Federated credentials > Add credential/,
      );
      expect(
        readFileSync(`${state}.log`, 'utf8')
          .split('\n')
          .filter((l) => l.includes('create')),
      ).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what to install when the Azure CLI is missing', async () => {
    const r = await run(process.execPath, ['scripts/trust-managed-identity.mjs'], {
      env: {
        PATH: path.dirname(process.execPath),
        AAD_APP_OBJECT_ID: 'a',
        AAD_APP_TENANT_ID: 't',
        MANAGED_IDENTITY_PRINCIPAL_ID: 'p',
      },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain('The Azure CLI (az) is not installed');
  });
});
