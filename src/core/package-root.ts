// Where mamori's own files live (check data, campaigns, the dashboard build, the native addon), found by
// walking up from the running module to mamori's package.json instead of counting `..`: the same code runs
// from src/ through tsx and bundled from dist/cli/, at different depths.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name?: string;
  version?: string;
}

function findPackage(start: string): { root: string; pkg: PackageJson } {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (pkg.name === 'mamori') return { root: dir, pkg };
    }
    if (dirname(dir) === dir) throw new Error(`mamori's package.json not found above ${start}`);
  }
}

const found = findPackage(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_ROOT = found.root;
export const PACKAGE_VERSION = found.pkg.version ?? '0.0.0';

/** Absolute path of a file shipped with mamori: packagePath('web', 'dist'). */
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
