import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintFtp, ftpReplyComplete, parseFeatures, parseFtpReply } from './ftp-reply.js';

test('single-line vsftpd greeting → vsftpd 3.0.3 with its CPE', () => {
  // Debian 12 vsftpd 3.0.3-13+b2 default banner (captured on this machine).
  const r = parseFtpReply(Buffer.from('220 (vsFTPd 3.0.3)\r\n'));
  assert.deepEqual(r, { code: 220, lines: ['(vsFTPd 3.0.3)'] });
  assert.deepEqual(fingerprintFtp(r!), {
    product: 'vsftpd', version: '3.0.3', cpes: ['cpe:2.3:a:vsftpd_project:vsftpd:3.0.3:*:*:*:*:*:*:*'], os: null, vendor: null,
  });
});

test('multi-line greetings are joined until the closing "ddd " line', () => {
  const buf = Buffer.from('220-FileZilla Server 0.9.60 beta\r\n220-written by Tim Kosse\r\nplain continuation\r\n220 Please visit\r\n');
  const r = parseFtpReply(buf);
  assert.equal(r?.code, 220);
  assert.equal(r?.lines.length, 4);
  assert.equal(fingerprintFtp(r!).product, 'FileZilla Server');
  assert.equal(fingerprintFtp(r!).version, '0.9.60');
  assert.equal(ftpReplyComplete(buf), true);
  assert.equal(ftpReplyComplete(Buffer.from('220-FileZilla Server 0.9.60 beta\r\n220-more')), false);
});

test('other products', () => {
  const fp = (s: string) => fingerprintFtp(parseFtpReply(Buffer.from(s))!);
  assert.equal(fp('220 ProFTPD 1.3.5e Server (Debian) [::ffff:192.0.2.1]\r\n').cpes[0], 'cpe:2.3:a:proftpd:proftpd:1.3.5e:*:*:*:*:*:*:*');
  assert.equal(fp('220 Microsoft FTP Service\r\n').os?.name, 'Windows');
  assert.equal(fp('220 printer ready\r\n').product, null);
});

test('not FTP, truncated or garbage → null', () => {
  for (const bad of ['SSH-2.0-OpenSSH_9.2p1\r\n', '220 no line end', 'HTTP/1.1 200 OK\r\n', '\xff\xfb\x01\xff\xfd\x03\r\n', '220-open\r\n999 wrong\r\n']) {
    assert.equal(parseFtpReply(Buffer.from(bad, 'latin1')), null, JSON.stringify(bad));
  }
  assert.equal(ftpReplyComplete(Buffer.from('SSH-2.0-x\r\n')), true);
});

test('FEAT (RFC 2389) lines → features', () => {
  // captured from Debian 12 vsftpd 3.0.3 with ssl_enable=YES (test/support/daemons/vsftpd.ts, tls: true)
  const r = parseFtpReply(Buffer.from('211-Features:\r\n AUTH TLS\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n PBSZ\r\n PROT\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n'));
  assert.deepEqual(parseFeatures(r!), ['AUTH TLS', 'EPRT', 'EPSV', 'MDTM', 'PASV', 'PBSZ', 'PROT', 'REST STREAM', 'SIZE', 'TVFS']);
  assert.deepEqual(parseFeatures(parseFtpReply(Buffer.from('500 Unknown command.\r\n'))!), []);
  assert.deepEqual(parseFeatures(parseFtpReply(Buffer.from('211-x\r\n \x01bad\r\n OK\r\n211 End\r\n', 'latin1'))!), ['OK']);
});
