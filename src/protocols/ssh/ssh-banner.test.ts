import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fingerprintSsh, parseSshIdent, sshIdentComplete } from './ssh-banner.js';
import { decodeKexInit, readBinaryPacket, weakAlgorithms } from './ssh-kexinit.js';

// Each fixture line: banner (as text with \r\n escaped), captured from the named server.
const fixtures = JSON.parse(readFileSync(new URL('../../probes/ssh/fixtures/banners.json', import.meta.url), 'utf8')) as {
  source: string;
  banner: string;
  product: string | null;
  version: string | null;
  cpes: string[];
  os: string | null;
}[];

test('ssh banners from the fixture file map to product, version, CPE and OS', () => {
  for (const f of fixtures) {
    const id = parseSshIdent(Buffer.from(f.banner, 'latin1'));
    assert.ok(id, `parses: ${f.source}`);
    const fp = fingerprintSsh(id);
    assert.equal(fp.product, f.product, f.source);
    assert.equal(fp.version, f.version, f.source);
    assert.deepEqual(fp.cpes, f.cpes, f.source);
    assert.equal(fp.os ? `${fp.os.name}${fp.os.version ? ' ' + fp.os.version : ''}` : null, f.os, f.source);
  }
});

test('preamble lines before the identification string are kept', () => {
  const id = parseSshIdent(Buffer.from('Welcome to host\r\nauthorized use only\r\nSSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3\r\n'));
  assert.deepEqual(id?.preamble, ['Welcome to host', 'authorized use only']);
  assert.equal(id?.software, 'OpenSSH_8.4p1');
});

test('completion waits for the end of the identification line', () => {
  assert.equal(sshIdentComplete(Buffer.from('SSH-2.0-Open')), false);
  assert.equal(sshIdentComplete(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n')), true);
  assert.equal(sshIdentComplete(Buffer.from('hello\r\nSSH-2.0-x\r\n')), true);
  assert.equal(sshIdentComplete(Buffer.from('SSH-' + 'a'.repeat(300))), true);
});

test('non-SSH and malformed greetings are rejected', () => {
  for (const bad of [
    'HTTP/1.1 400 Bad Request\r\n\r\n',
    '220 (vsFTPd 3.0.3)\r\n',
    'SSH-2.0-\r\n',
    'SSH-x.y-foo\r\n',
    'SSH-2.0-' + 'a'.repeat(300) + '\r\n',
    '\x00\x01\x02garbage',
    'SSH-2.0-Open\x01SSH\r\n',
  ]) {
    assert.equal(parseSshIdent(Buffer.from(bad, 'latin1')), null, JSON.stringify(bad));
  }
});

test('KEXINIT captured from Debian 12 OpenSSH 9.2p1', () => {
  const hex = readFileSync(new URL('../../probes/ssh/fixtures/openssh-9.2p1-debian-kexinit.hex', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .join('');
  const buf = Buffer.from(hex, 'hex');
  const payload = readBinaryPacket(buf);
  assert.ok(typeof payload === 'object');
  const k = decodeKexInit(payload);
  assert.ok(k);
  assert.ok(k.kex.includes('sntrup761x25519-sha512@openssh.com'));
  assert.deepEqual(k.hostKey, ['ssh-ed25519']); // the harness generates only an ed25519 host key
  assert.ok(k.kex.includes('kex-strict-s-v00@openssh.com')); // Terrapin (CVE-2023-48795) countermeasure
  assert.deepEqual(k.compression, ['none', 'zlib@openssh.com']);
  assert.ok(k.ciphersS2c.includes('chacha20-poly1305@openssh.com'));
  assert.deepEqual(weakAlgorithms({ ...k, macsS2c: [], macsC2s: [] }), []);
  // truncations and corruptions never throw
  for (let i = 0; i < buf.length; i += 7) {
    assert.doesNotThrow(() => {
      const p = readBinaryPacket(buf.subarray(0, i));
      if (typeof p === 'object') decodeKexInit(p);
      const bad = Buffer.from(buf);
      bad[i] = 0xff;
      const q = readBinaryPacket(bad);
      if (typeof q === 'object') decodeKexInit(q);
    });
  }
  assert.equal(readBinaryPacket(Buffer.from('ffffffff05', 'hex')), 'invalid');
});
