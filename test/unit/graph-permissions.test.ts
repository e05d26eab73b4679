import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { GRAPH_OPERATIONS, type GraphOperation } from '../../src/graph/graph-operations.js';

/**
 * What the app asks an administrator and a team owner to grant must be what its Graph calls need: the README's
 * permission table, aad.manifest.json (application permissions, admin consent) and the manifest's
 * resource-specific permissions (team owner) against GRAPH_OPERATIONS, the table of every call the app makes
 * (each request the suites send is checked to be one of them, test/support/graph-contract.ts).
 */
describe('the Graph permissions the app asks for', () => {
  const ops: GraphOperation[] = Object.values(GRAPH_OPERATIONS);
  const needed = (kind: 'application' | 'resourceSpecific') =>
    [
      ...new Set(ops.flatMap((o) => (kind in o.permission ? [(o.permission as Record<string, string>)[kind]] : []))),
    ].sort();
  const aad = JSON.parse(readFileSync('aad.manifest.json', 'utf8'));
  const manifest = JSON.parse(readFileSync('appPackage/manifest.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');

  it("are, in aad.manifest.json, exactly the application permissions the app's calls need", () => {
    const graph = aad.requiredResourceAccess.find((r: any) => r.resourceAppId === 'Microsoft Graph');
    // A permission the toolkit cannot resolve by name is named by its id (GraphPermission.appRoleId).
    const byId = new Map(
      ops.flatMap((o) =>
        'appRoleId' in o.permission && o.permission.appRoleId
          ? [[o.permission.appRoleId, o.permission.application]]
          : [],
      ),
    );
    const roles = graph.resourceAccess
      .filter((a: any) => a.type === 'Role')
      .map((a: any) => byId.get(a.id) ?? a.id)
      .sort();
    expect(roles).toEqual(needed('application'));
    expect(roles).toContain('TeamsAppInstallation.ManageSelectedForTeam.All');
  });

  it("are, in the manifest, exactly the resource-specific permissions the app's calls need", () => {
    const rsc = manifest.authorization.permissions.resourceSpecific.map((p: any) => p.name).sort();
    expect(rsc).toEqual(needed('resourceSpecific'));
    expect(manifest.authorization.permissions.resourceSpecific.every((p: any) => p.type === 'Application')).toBe(true);
  });

  it("are the README's permission table, each application permission with its feature and each RSC named", () => {
    const table = readme.slice(readme.indexOf('| permission (application) |'));
    const rows = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\s*\| `([\w.]+)` \|/gm)].map((m) => m[1]).sort();
    expect(rows).toEqual(needed('application'));
    for (const name of needed('resourceSpecific')) expect(readme).toContain(`\`${name}\``);
  });

  it('name each shared-channel-only permission as such in the README', () => {
    const sharedOnly = ops.filter((o) => o.sharedChannelsOnly && 'application' in o.permission);
    for (const o of sharedOnly)
      expect(readme).toMatch(
        new RegExp(`\\| \`${(o.permission as { application: string }).application}\` \\| shared channels only`),
      );
  });
});
