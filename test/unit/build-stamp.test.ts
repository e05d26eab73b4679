import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourcesStamp } from '../../scripts/build-stamp.mjs';

describe('npm run build skips only when nothing it reads changed (scripts/build-stamp.mjs)', () => {
  it('changes with an edit, a new file, a removed file and a new lockfile, and not otherwise', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mk-stamp-'));
    try {
      mkdirSync(path.join(root, 'src/store'), { recursive: true });
      writeFileSync(path.join(root, 'src/app.ts'), 'export {};');
      writeFileSync(path.join(root, 'src/store/a.ts'), 'export const a = 1;');
      writeFileSync(path.join(root, 'package-lock.json'), '{}');
      const stamp = () => sourcesStamp(root, ['src', 'package-lock.json']);
      const before = stamp();
      expect(stamp()).toBe(before);
      const later = new Date(Date.now() + 5_000);
      utimesSync(path.join(root, 'src/store/a.ts'), later, later);
      const touched = stamp();
      expect(touched).not.toBe(before);
      writeFileSync(path.join(root, 'src/store/b.ts'), 'export const b = 2;');
      const added = stamp();
      expect(added).not.toBe(touched);
      rmSync(path.join(root, 'src/store/b.ts'));
      expect(stamp()).toBe(touched);
      writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
      expect(stamp()).not.toBe(touched);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
