// esbuild settings shared by the CLI bundle (scripts/build-cli.mjs) and the benchmarks that run bundled code
// (bench/feeds): ESM for Node 20, code splitting, worker modules (src/**/NAME.worker.ts) as entry points of their
// own written beside the chunks that start them (dist/.../NAME.worker.mjs: src/core/workers.ts finds them there).
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every worker module under src/, as esbuild entry points named NAME.worker. */
export function workerEntries() {
  return Object.fromEntries(
    readdirSync(join(ROOT, 'src'), { recursive: true })
      .filter((f) => typeof f === 'string' && f.endsWith('.worker.ts'))
      .map((f) => [basename(f, '.ts'), join(ROOT, 'src', f)]),
  );
}

/**
 * Bundles `entries` ({ name: file }) and every worker module into `outdir` as NAME.mjs; returns esbuild's result
 * (with its metafile). `external`: packages left to node_modules (default: all of them).
 */
export function bundleNode(entries, outdir, { external } = {}) {
  return build({
    entryPoints: { ...entries, ...workerEntries() },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(external ? { external } : { packages: 'external' }),
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    absWorkingDir: ROOT,
    // Bundled CommonJS (commander, cli-progress) calls require() for Node's built-in modules.
    banner: { js: "import { createRequire as __mamoriRequire } from 'node:module'; const require = __mamoriRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
