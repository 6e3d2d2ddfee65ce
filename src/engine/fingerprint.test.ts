import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffHost } from './changes.js';
import { impliedClass, productCpe, toAssetInput } from './fingerprint.js';
import type { HostResult } from './types.js';

const host = (ports: HostResult['ports']): HostResult => ({ ip: '127.0.3.150', profile: 'normal', alive: true, complete: true, ports, closed: 0, filtered: 0 });

test('CPE 2.3 candidates come from known products with versions', () => {
  assert.equal(productCpe('Samba', '4.17.12-Debian'), 'cpe:2.3:a:samba:samba:4.17.12-debian:*:*:*:*:*:*:*');
  assert.equal(productCpe('OpenSSH', '9.2p1'), 'cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*');
  assert.equal(productCpe('lighttpd', '1.4.69'), 'cpe:2.3:a:lighttpd:lighttpd:1.4.69:*:*:*:*:*:*:*');
  assert.equal(productCpe('OpenSSH', undefined), null);
  assert.equal(productCpe('SomethingElse', '1.0'), null);
  assert.equal(productCpe('vsftpd', '(vsFTPd 3.0.3)'), null, 'a version that does not start with a digit is not guessed at');
});

test('a PLC with a web server is OT; device facts from the OT probe win', () => {
  const input = toAssetInput(host([
    { transport: 'tcp', port: 80, state: 'open', reason: 'syn-ack', service: 'http', product: 'lighttpd', version: '1.4.69', device: { class: 'it', vendor: 'WebCo' } },
    { transport: 'tcp', port: 102, state: 'open', reason: 'syn-ack', service: 's7comm', device: { class: 'ot', kind: 'plc', vendor: 'Siemens', model: '6ES7 315-2EH14-0AB0', firmware: { version: '3.2.6' }, serial: 'S C-X4U421302009', cpes: ['cpe:2.3:o:siemens:simatic_s7-300_cpu_firmware:3.2.6:*:*:*:*:*:*:*', 'not a cpe'] } },
  ]));
  assert.equal(input?.class, 'ot');
  assert.equal(input?.kind, 'plc');
  assert.equal(input?.vendor, 'Siemens');
  assert.deepEqual(input?.firmware, { name: null, version: '3.2.6' });
  assert.deepEqual(input?.cpes, ['cpe:2.3:a:lighttpd:lighttpd:1.4.69:*:*:*:*:*:*:*', 'cpe:2.3:o:siemens:simatic_s7-300_cpu_firmware:3.2.6:*:*:*:*:*:*:*']);
  assert.equal(input?.services?.length, 2);
});

test('hostile strings are cleaned and bounded; hosts without open ports give no asset', () => {
  const input = toAssetInput(host([{ transport: 'tcp', port: 23, state: 'open', reason: 'syn-ack', service: 'telnet', banner: `\u0000\u001b[2Jlogin:${'x'.repeat(5000)}`, device: { hostname: 'bad name; rm -rf' } }]));
  const banner = input?.services?.[0]?.banner ?? '';
  assert.ok(!/[\u0000-\u001f]/.test(banner) && banner.length <= 200);
  assert.equal(input?.hostnames, undefined);
  assert.equal(toAssetInput(host([])), null);
  assert.equal(impliedClass(['claymore-api', 'ssh']), 'miner');
  assert.equal(impliedClass(['ssh', 'xmrig-api']), 'miner');
  assert.equal(impliedClass(['mqtt']), 'iot');
  assert.equal(impliedClass([]), null);
});

test('a silent known device is reported, but an incomplete (cancelled) host closes nothing', () => {
  const before = {
    id: 'a-1', services: [{ transport: 'tcp', port: 22, service: 'ssh' }], firmware: null, os: null,
  } as unknown as Parameters<typeof diffHost>[0];
  assert.deepEqual(diffHost(before, { ...host([]), alive: false }, null, new Set([22])).map((c) => c.kind), ['device-silent']);
  assert.deepEqual(diffHost(before, { ...host([]), complete: false }, null, new Set([22])), []);
  assert.deepEqual(diffHost(before, host([]), null, new Set([22])).map((c) => `${c.kind}:${c.port}`), ['closed-port:22']);
  assert.deepEqual(diffHost(before, host([]), null, new Set([80])), [], 'a port this scan did not try is not closed');
});
