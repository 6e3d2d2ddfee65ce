// Loopback aliases for daemons that only bind addresses they see on an interface (samba).
// Adds 127.x.y.z/32 to lo when missing and reference-counts it, so two daemons on one alias in one
// process are fine; the alias is removed only if this process added it.
import { execFileSync } from 'node:child_process';
import { assertLoopback } from './process.js';

const held = new Map<string, { count: number; added: boolean }>();

// A test that forgets to stop its daemon must not leave aliases behind either.
process.once('exit', () => {
  for (const [ip, h] of held) {
    if (!h.added) continue;
    try {
      execFileSync('ip', ['addr', 'del', `${ip}/32`, 'dev', 'lo'], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
  }
});

function hasAddress(ip: string): boolean {
  const out = execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
  return out.split('\n').some((l) => l.includes(` ${ip}/`));
}

export function acquireLoopbackAlias(ip: string): void {
  assertLoopback(ip);
  const h = held.get(ip);
  if (h) {
    h.count++;
    return;
  }
  let added = false;
  if (!hasAddress(ip)) {
    try {
      execFileSync('ip', ['addr', 'add', `${ip}/32`, 'dev', 'lo'], { stdio: 'pipe' });
      added = true;
    } catch (e) {
      // Another process may have added it at the same moment; that is fine if it is there now.
      if (!hasAddress(ip)) throw new Error(`cannot add loopback alias ${ip} (needs root): ${(e as Error).message}`);
    }
  }
  held.set(ip, { count: 1, added });
}

export function releaseLoopbackAlias(ip: string): void {
  const h = held.get(ip);
  if (!h) return;
  if (--h.count > 0) return;
  held.delete(ip);
  if (h.added) {
    try {
      execFileSync('ip', ['addr', 'del', `${ip}/32`, 'dev', 'lo'], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
  }
}
