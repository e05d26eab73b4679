import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { buildPackage, parseEnvFile, resolvePlaceholders, zip } from '../../src/cli/package-app.js';
import { recogniseCommand } from '../../src/conversation/commands.js';
import { PROPOSE_COMMAND, SEARCH_COMMAND } from '../../src/conversation/message-extension.js';

// The Teams schemas bundled in @microsoft/app-manifest (offline), checked as its validateAgainstSchema does.
const SCHEMAS = path.resolve('node_modules/@microsoft/app-manifest/build/json-schemas/teams');
async function schemaProblems(document: unknown, schemaFile: string): Promise<string[]> {
  // unicodeRegExp off: the localisation schema's own patterns are not valid with the u flag.
  const ajv = new (Ajv as any)({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  (addFormats as any)(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(await readFile(schemaFile, 'utf8')));
  return validate(document) ? [] : validate.errors.map((e: any) => `${e.instancePath} ${e.message}`);
}
const VALUES = {
  TEAMS_APP_ID: '0c5d9f7e-1111-4222-8333-444455556666',
  BOT_ID: '6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
  AAD_APP_CLIENT_ID: '6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
  BOT_DOMAIN: 'missionsklynger.azurewebsites.net',
};

/** The files inside a zip, read back from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(buf.subarray(start, start + size)));
    p += 46 + nameLength + extra;
  }
  return out;
}

const png = (b: Buffer) => ({
  signature: b.subarray(1, 4).toString(),
  width: b.readUInt32BE(16),
  height: b.readUInt32BE(20),
  colourType: b[25],
});

describe('the app package', () => {
  it('resolves every placeholder, and validates against the bundled Teams schemas (manifest and Danish localisation)', async () => {
    const { files, missing } = await buildPackage(process.cwd(), 'test-none', VALUES);
    expect(missing).toEqual([]);
    const text = (name: string) => files.find((f) => f.name === name)!.data.toString('utf8');
    expect(text('manifest.json')).not.toContain('${{');
    const manifest = JSON.parse(text('manifest.json'));
    const version = manifest.manifestVersion as string;
    expect(Number(version.split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(await schemaProblems(manifest, path.join(SCHEMAS, `v${version}`, 'MicrosoftTeams.schema.json'))).toEqual([]);
    const da = JSON.parse(text('da-dk.json'));
    expect(
      await schemaProblems(da, path.join(SCHEMAS, `v${version}`, 'MicrosoftTeams.Localization.schema.json')),
    ).toEqual([]);
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'da-dk', file: 'da-dk.json' }]);
    // Every Danish key names a string the manifest has, and every command in the bot's list is one it understands.
    for (const key of Object.keys(da).filter((k) => k !== '$schema')) {
      const value = key
        .split(/\.|\[(\d+)\]/)
        .filter(Boolean)
        .reduce((o: any, k) => o?.[k], manifest);
      expect([key, typeof value]).toEqual([key, 'string']);
    }
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.bots[0].commandLists.flatMap((l: any) => l.scopes).sort()).toEqual([
      'groupChat',
      'personal',
      'team',
    ]);
    const commands = manifest.bots[0].commandLists.flatMap((l: any, li: number) =>
      l.commands.map((c: any, i: number) => [c.title, da[`bots[0].commandLists[${li}].commands[${i}].title`]]),
    );
    for (const [en, dk] of commands)
      expect([en, dk, recogniseCommand(en) !== undefined, recogniseCommand(dk) !== undefined]).toEqual([
        en,
        dk,
        true,
        true,
      ]);
    expect(manifest.composeExtensions[0].commands.map((c: any) => c.id)).toEqual([SEARCH_COMMAND, PROPOSE_COMMAND]);
    expect(manifest.webApplicationInfo).toEqual({
      id: VALUES.AAD_APP_CLIENT_ID,
      resource: `api://${VALUES.BOT_DOMAIN}/${VALUES.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual([VALUES.BOT_DOMAIN]);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon with an alpha channel', async () => {
    const color = png(await readFile('appPackage/color.png'));
    const outline = png(await readFile('appPackage/outline.png'));
    expect(color).toMatchObject({ signature: 'PNG', width: 192, height: 192 });
    expect(outline).toMatchObject({ signature: 'PNG', width: 32, height: 32, colourType: 6 }); // RGBA: transparent background
  });

  it('refuses to package while a value is missing, naming each one', async () => {
    const { missing } = await buildPackage(process.cwd(), 'test-none', {});
    expect(missing).toEqual(['AAD_APP_CLIENT_ID', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    // The local profile: the tunnel's address gives the domain, as its provision derives it.
    const local = await buildPackage(process.cwd(), 'test-none', {
      BOT_ENDPOINT: 'https://k7x2m9-3978.euw.devtunnels.ms',
    });
    expect(local.missing).toEqual(['AAD_APP_CLIENT_ID', 'BOT_ID', 'TEAMS_APP_ID']);
    const manifest = local.files.find((f) => f.name === 'manifest.json')!.data.toString('utf8');
    expect(manifest).toContain('"https://k7x2m9-3978.euw.devtunnels.ms/privacy"');
    expect(resolvePlaceholders('a ${{X}} b ${{ Y }}', { X: '1' })).toEqual({ text: 'a 1 b ', missing: ['Y'] });
    expect(parseEnvFile('# c\nA=1\nB = "two words"\n\nC=\n')).toEqual({ A: '1', B: 'two words', C: '' });
  });

  it('writes a zip that Teams can read back: the same files, the same bytes', async () => {
    const { files } = await buildPackage(process.cwd(), 'test-none', VALUES);
    const back = unzip(zip(files));
    expect([...back.keys()]).toEqual(['manifest.json', 'da-dk.json', 'color.png', 'outline.png']);
    for (const f of files) expect(back.get(f.name)!.equals(f.data)).toBe(true);
  });
});
