// Project rules a type checker does not see: kebab-case file names under src/, no focused tests (.only),
// and no non-loopback address literal in tests or benches (network safety).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';

const problems = [];

const walk = (dir, fn) => {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'node_modules' || e === 'dist' || e === 'fixtures') continue;
    if (statSync(p).isDirectory()) walk(p, fn);
    else fn(p);
  }
};
walk('src', (p) => {
  if (!/\.(ts|tsx|json|yaml|csv|py)$/.test(p)) return;
  const name = basename(p);
  if (!/^[a-z0-9][a-z0-9.-]*(\.[a-z0-9-]+)*$/.test(name.replace(/_/g, '-')) ) problems.push(`${p}: file names are kebab-case`);
});
const ipRe = /\b(10\.\d{1,3}|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b/;
for (const top of ['src', 'test', 'bench']) {
  try {
    walk(top, (p) => {
      if (!/\.(test\.ts|ts|mjs|py|sh)$/.test(p) || !(p.includes('.test.') || p.startsWith('test') || p.startsWith('bench'))) return;
      const lines = readFileSync(p, 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (/\b(test|it|describe)\.only\(/.test(l)) problems.push(`${p}:${i + 1}: focused test (.only)`);
        // Tests and benches use 127.0.0.0/8, or TEST-NET (192.0.2.0/24) where an address is only data.
        if (ipRe.test(l) && !/refuse|reject|scope|invalid|out.of.scope|parse|throws|rejects|exclude/i.test(l)) problems.push(`${p}:${i + 1}: non-loopback address in a test or bench: ${l.trim()}`);
      });
    });
  } catch {
    /* folder absent */
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.error('lint: ok');
