// What the build is made from, as one string: every file under the source folders (path, size, time of
// its last change) and the lockfile. Equal stamps mean nothing the build reads has changed.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUILD_INPUTS = [
  'src',
  'bench',
  'test/support',
  'scripts/build-tab.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];

export function sourcesStamp(root, inputs = BUILD_INPUTS) {
  const lines = [];
  const visit = (rel) => {
    let st;
    try {
      st = statSync(path.join(root, rel));
    } catch {
      lines.push(`${rel} missing`);
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(path.join(root, rel)).sort()) visit(path.posix.join(rel, entry));
    } else lines.push(`${rel} ${st.size} ${Math.floor(st.mtimeMs)}`);
  };
  for (const input of inputs) visit(input);
  return lines.join('\n');
}
