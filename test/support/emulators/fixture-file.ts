// Reads byte fixtures: `#` lines at the top name the device, firmware and source of the capture;
// the rest is either hex (whitespace ignored, `.hex`) or text kept verbatim (`.txt`).
import { readFileSync } from 'node:fs';

export function readFixture(path: string): Buffer {
  const raw = readFileSync(path, 'utf8');
  const lines = raw.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').startsWith('#')) i += 1;
  const body = lines.slice(i).join('\n');
  if (path.endsWith('.hex')) return Buffer.from(body.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex');
  return Buffer.from(body.replace(/\n$/, ''), 'utf8');
}

export const fixtureUrl = (metaUrl: string, name: string): string => new URL(`fixtures/${name}`, metaUrl).pathname;
