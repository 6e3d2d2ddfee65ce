import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludePorts, formatPorts, parsePorts, TOP_TCP, TOP_UDP } from './ports.js';

const fmt = (spec: string, ex?: string) => formatPorts(excludePorts(parsePorts(spec), ex));

test('explicit lists with ranges and transport prefixes', () => {
  assert.equal(fmt('22,80,1000-1003,U:161,T:8080'), 'T:22,80,1000-1003,8080 U:161');
  assert.equal(fmt('80,22,22'), 'T:22,80');
  assert.equal(fmt('U:161,47808'), 'U:161,47808');
  assert.equal(fmt('-3'), 'T:1-3');
  assert.equal(fmt('65534-'), 'T:65534-65535');
});

test('top holds the IT and OT ports the issue names, TCP and UDP', () => {
  const top = parsePorts('top');
  const has = (t: 'tcp' | 'udp', p: number) => top.some((x) => x.transport === t && x.port === p);
  for (const p of [21, 22, 23, 80, 102, 135, 139, 443, 445, 502, 1883, 1911, 2000, 2404, 3333, 3389, 4028, 4840, 5900, 8080, 20000, 44818]) assert.ok(has('tcp', p), `tcp ${p}`);
  for (const p of [161, 47808]) assert.ok(has('udp', p), `udp ${p}`);
  assert.equal(top.length, new Set(TOP_TCP).size + new Set(TOP_UDP).size);
  assert.ok(parsePorts('T:top').every((p) => p.transport === 'tcp'));
  assert.ok(parsePorts('U:top').every((p) => p.transport === 'udp'));
  assert.ok(parsePorts('top,60000').some((p) => p.port === 60000));
});

test('all is TCP 1-65535', () => {
  const all = parsePorts('all');
  assert.equal(all.length, 65535);
  assert.equal(formatPorts(all), 'T:1-65535');
});

test('--exclude-ports works like nmap: bare ports on both transports, prefixes on one', () => {
  assert.equal(fmt('20-25,U:161,162', '21-23'), 'T:20,24-25 U:161-162');
  assert.equal(fmt('22,U:161', '161'), 'T:22');
  assert.equal(fmt('161,U:161', 'U:161'), 'T:161');
  assert.equal(fmt('1-10', 'T:2,U:3'), 'T:1,3-10');
  assert.ok(!excludePorts(parsePorts('top'), '502,102').some((p) => p.port === 502 || p.port === 102));
});

test('bad port lists are refused naming the list', () => {
  for (const bad of ['', '0', '65536', '80-70', 'http', '22,,80', 'X:22']) assert.throws(() => parsePorts(bad), /invalid port list/, bad);
  assert.throws(() => excludePorts(parsePorts('22'), 'abc'), /invalid port list "abc"/);
});
