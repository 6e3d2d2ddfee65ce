import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unnecessaryPortsCheck } from './unnecessary-ports.check.js';
import { builtinPortPolicy, loadPortPolicy } from './port-policy.js';
import { assetFixture, makeCheckContext, serviceFixture } from '../check-context.js';
import type { CheckResult } from '../types.js';

const flat = (r: CheckResult | CheckResult[]) => (Array.isArray(r) ? r : [r]);
async function check(asset: Parameters<typeof assetFixture>[0], port: number, zoneKind: 'IT' | 'OT' | null, options = {}) {
  const a = assetFixture(asset);
  const s = serviceFixture({ port });
  assert.ok(unnecessaryPortsCheck.selects(a, s));
  return flat(await unnecessaryPortsCheck.run(makeCheckContext({ asset: a, service: s, options, zoneKind })));
}
const rules = (rs: CheckResult[]) => rs.filter((r) => r.verdict === 'exposed').map((r) => (r as { discriminator?: string }).discriminator).sort();

test('built-in policy parses', () => assert.ok(builtinPortPolicy().rules.length >= 5));

test('a PLC exposes its industrial ports only', async () => {
  const plc = { id: 'p', class: 'ot' as const, kind: 'plc' };
  assert.deepEqual(rules(await check(plc, 502, 'OT')), []);
  assert.deepEqual(rules(await check(plc, 102, 'OT')), []);
  assert.deepEqual(rules(await check(plc, 80, 'OT')), ['plc-industrial-ports-only']);
});

test('no RDP/VNC/TeamViewer in OT zones; allowed in IT', async () => {
  const hmi = { id: 'h', class: 'it' as const, kind: 'hmi' };
  assert.deepEqual(rules(await check(hmi, 5900, 'OT')), ['no-remote-desktop-in-ot']);
  assert.deepEqual(rules(await check(hmi, 5938, 'OT')), ['no-remote-desktop-in-ot']);
  assert.deepEqual(rules(await check(hmi, 3389, 'IT')), []);
});

test('no Telnet anywhere; Satori exploit ports flagged', async () => {
  assert.deepEqual(rules(await check({ id: 'x' }, 23, null)), ['no-telnet']);
  assert.deepEqual(rules(await check({ id: 'x' }, 2323, 'IT')), ['no-telnet']);
  assert.deepEqual(rules(await check({ id: 'x' }, 37215, null)), ['no-satori-iot-exploit-ports']);
  assert.deepEqual(rules(await check({ id: 'x' }, 22, null)), []);
});

test('a user policy replaces or disables a built-in rule; a malformed one names file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-ports-'));
  const good = join(dir, 'ports.json');
  writeFileSync(good, JSON.stringify({ rules: [{ id: 'no-telnet', title: { en: 'x', ja: 'x' }, when: {}, forbid: ['tcp/23'], severity: 'low', disabled: true }] }));
  assert.equal(loadPortPolicy(good).rules.some((r) => r.id === 'no-telnet'), false);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ rules: [{ id: 'r', title: { en: 'x', ja: 'x' }, when: {}, forbid: ['23'], severity: 'low' }] }));
  assert.throws(() => loadPortPolicy(bad), (e: Error) => e.message.includes('bad.json') && e.message.includes('/rules/0/forbid/0'));
});
