// `npm start`: builds the dashboard if it is not built yet, then runs `mamori serve --demo` on the embedded
// SQLite database (MAMORI_HOME, default ./.mamori), loading the demo factory inventory on first run.
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hasWeb = ['vite.config.ts', 'vite.config.mjs', 'vite.config.js'].some((f) => existsSync(join(root, 'web', f)));
if (hasWeb && !existsSync(join(root, 'web', 'dist', 'index.html'))) {
  console.error('building the dashboard (web/) once...');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', join(root, 'web')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, [join(root, 'bin', 'mamori.js'), 'serve', '--demo', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
