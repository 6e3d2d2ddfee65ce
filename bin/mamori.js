#!/usr/bin/env node
// Starts the CLI from the esbuild bundle in dist/cli (built by `npm install` or `npm run build`) when it is
// newer than every source file (tests aside), else from the TypeScript sources through tsx, so a fresh clone or an
// edited checkout always runs what is in src/. MAMORI_CLI_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', 'cli', 'build-stamp.json');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const bundleIsFresh = () =>
  !process.env.MAMORI_CLI_FROM_SOURCE && existsSync(stamp) && statSync(stamp).mtimeMs > Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);

let main;
if (bundleIsFresh()) {
  ({ main } = await import(pathToFileURL(join(root, 'dist', 'cli', 'bin.mjs')).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href));
}
process.exitCode = await main(process.argv.slice(2));
