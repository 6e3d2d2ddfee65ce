// Builds the connect-scan addon (connect_scan.c → build/connect_scan.node) with the system C compiler and
// the N-API headers of the installed Node (Debian's nodejs ships them in /usr/include/node; elsewhere
// `<node prefix>/include/node`). N-API is ABI-stable, so no node-gyp download of headers is needed.
// Optional: without the addon the engine uses the JavaScript connect loop (same behaviour, slower).
// Usage: node src/engine/native/build.mjs   (exit 0 and a message when it cannot build)
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const inc = candidates.find((d) => existsSync(join(d, 'node_api.h')));
if (!inc) {
  console.error('connect-scan addon: no node_api.h found (looked in ' + candidates.join(', ') + '); the JavaScript loop will be used');
  process.exit(0);
}
mkdirSync(join(here, 'build'), { recursive: true });
const out = join(here, 'build', 'connect_scan.node');
const r = spawnSync(process.env.CC ?? 'cc', ['-O2', '-Wall', '-shared', '-fPIC', '-DNODE_GYP_MODULE_NAME=connect_scan', `-I${inc}`, join(here, 'connect_scan.c'), '-o', out], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('connect-scan addon: the build failed; the JavaScript loop will be used');
  process.exit(0);
}
console.error(`connect-scan addon: built ${out}`);
