#!/usr/bin/env node
// Starts the CLI from the esbuild bundle in dist/cli (built by `npm install` or `npm run build`) while it is
// newer than every source file it was built from, else from the TypeScript sources through tsx, so a fresh
// clone or an edited checkout always runs what is in src/. MAMORI_CLI_FROM_SOURCE=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function bundleIsFresh() {
  if (process.env.MAMORI_CLI_FROM_SOURCE) return false;
  try {
    const stampFile = join(root, 'dist', 'cli', 'build-stamp.json');
    const builtAt = statSync(stampFile).mtimeMs;
    const { sources } = JSON.parse(readFileSync(stampFile, 'utf8'));
    return sources.every((f) => statSync(join(root, f)).mtimeMs < builtAt);
  } catch {
    return false; // no bundle, or a source it was built from is gone
  }
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(pathToFileURL(join(root, 'dist', 'cli', 'bin.mjs')).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href));
}
process.exitCode = await main(process.argv.slice(2));
