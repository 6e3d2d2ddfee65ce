import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTargets, parseTargetSpec, parseTargets, type Lookup } from './targets.js';
import { isMamoriError } from '../core/errors.js';

const lookup: Lookup = async (name) => {
  if (name === 'plc1.plant') return ['127.0.3.10'];
  if (name === 'dual.plant') return ['127.0.3.11', '127.0.3.12'];
  throw new Error('ENOTFOUND');
};
const ips = async (words: string[], exclude: string[] = []) =>
  (await expandTargets(parseTargets(words), { exclude: parseTargets(exclude), lookup })).map((t) => t.ip);

test('CIDR, last-octet range, full range and single address expand in order', async () => {
  assert.deepEqual(await ips(['127.0.3.0/30']), ['127.0.3.0', '127.0.3.1', '127.0.3.2', '127.0.3.3']);
  assert.deepEqual(await ips(['127.0.3.5-7']), ['127.0.3.5', '127.0.3.6', '127.0.3.7']);
  assert.deepEqual(await ips(['127.0.3.254-127.0.4.1']), ['127.0.3.254', '127.0.3.255', '127.0.4.0', '127.0.4.1']);
  assert.deepEqual(await ips(['127.0.3.9']), ['127.0.3.9']);
  assert.equal((await ips(['127.0.3.0/24'])).length, 256);
  assert.deepEqual(await ips(['127.0.3.77/32']), ['127.0.3.77']);
});

test('comma lists, duplicates and host names', async () => {
  const t = await expandTargets(parseTargets(['127.0.3.1,127.0.3.1', 'plc1.plant', 'dual.plant']), { lookup });
  assert.deepEqual(t.map((x) => x.ip), ['127.0.3.1', '127.0.3.10', '127.0.3.11', '127.0.3.12']);
  assert.equal(t[1]?.hostname, 'plc1.plant');
});

test('nmap-style --exclude removes addresses, ranges and names', async () => {
  assert.deepEqual(await ips(['127.0.3.0/29'], ['127.0.3.2-4', '127.0.3.7']), ['127.0.3.0', '127.0.3.1', '127.0.3.5', '127.0.3.6']);
  assert.deepEqual(await ips(['127.0.3.9-11'], ['plc1.plant']), ['127.0.3.9', '127.0.3.11']);
  assert.deepEqual(await ips(['plc1.plant', '127.0.3.1'], ['plc1.plant']), ['127.0.3.1']);
});

test('@file reads specs with comments and names the file and line on errors', async () => {
  const files: Record<string, string> = { 'lab.txt': '# plant\n127.0.3.1 127.0.3.2\n127.0.3.8/31 # pair\n\n' , 'bad.txt': '127.0.3.1\n127.0.3.300\n' };
  const read = (p: string) => {
    const body = files[p];
    if (body === undefined) throw new Error('ENOENT');
    return body;
  };
  const specs = parseTargets(['@lab.txt'], { readFile: read });
  assert.deepEqual((await expandTargets(specs, { lookup })).map((t) => t.ip), ['127.0.3.1', '127.0.3.2', '127.0.3.8', '127.0.3.9']);
  assert.throws(() => parseTargets(['@bad.txt'], { readFile: read }), (e: unknown) => {
    assert.ok(isMamoriError(e));
    assert.match(e.message, /127\.0\.3\.300/);
    assert.deepEqual(e.extra.location, { file: 'bad.txt', line: 2 });
    return true;
  });
  assert.throws(() => parseTargets(['@missing.txt'], { readFile: read }), /cannot read target file missing\.txt/);
});

test('bad specs are refused with the offending text', () => {
  for (const bad of ['127.0.3.0/33', '127.0.3.9-3', '127.0.3.256', '1.2.3', 'exa mple', '127.9.0.0-127.8.0.0', 'fe80::/64', '-x']) {
    assert.throws(() => parseTargetSpec(bad), (e: unknown) => isMamoriError(e) && e.code === 'E_INPUT_INVALID' && e.message.includes(bad.trim()), bad);
  }
  assert.equal(parseTargetSpec('::1').kind, 'ipv6');
  assert.equal(parseTargetSpec('Host-1.example.').kind, 'name');
});

test('unresolvable names and oversized expansions fail clearly', async () => {
  await assert.rejects(expandTargets(parseTargets(['nosuch.plant']), { lookup }), /cannot resolve target host name nosuch\.plant/);
  await assert.rejects(expandTargets(parseTargets(['10.0.0.0/8']), { lookup, max: 65536 }), /16777216 addresses/);
});
