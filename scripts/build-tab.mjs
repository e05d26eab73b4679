// Bundles the tab pages (React, Fluent UI, teams-js) into dist/tab: one script and one stylesheet.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const out = 'dist/tab';
await mkdir(out, { recursive: true });
await build({
  entryPoints: ['src/web/tab-ui/main.tsx'],
  outfile: `${out}/tab.js`,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'safari15'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile('src/web/tab-ui/tab.css', `${out}/tab.css`);
