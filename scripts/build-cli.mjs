// Bundles the CLI (src/cli/bin.ts and everything it imports from src/) into dist/cli/ with esbuild, so that
// `mamori` starts without tsx compiling ~300 TypeScript files on every run. Dependencies stay in
// node_modules (external): native addons and packages that find files next to themselves keep working.
// Code splitting keeps the `await import()` of each command's heavy modules lazy.
// Usage: node scripts/build-cli.mjs [OUTDIR]   (default dist/cli; bin/mamori.js uses it while it is fresh)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleNode, ROOT as root } from './bundle.mjs';

const outdir = resolve(root, process.argv[2] ?? 'dist/cli');

// Pure-JavaScript libraries that start-up or every store-using command loads are bundled too: loading kysely's
// and zod's hundreds of small files costs more than the rest of start-up together. Everything else stays external.
const BUNDLED = new Set(['kysely', 'zod', 'commander', 'cli-progress']);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(outdir, { recursive: true, force: true });
const t0 = Date.now();
const result = await bundleNode({ bin: join(root, 'src/cli/bin.ts') }, outdir, { external });
// Written last: bin/mamori.js treats the bundle as usable only when this stamp is newer than every source file.
// It lists the sources that went into the bundle, so the check stats those instead of walking src/.
const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/')).sort();
writeFileSync(join(outdir, 'build-stamp.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), sources: ['package.json', ...sources] })}\n`);
console.error(`mamori CLI bundle: ${outdir} (${Date.now() - t0} ms)`);
