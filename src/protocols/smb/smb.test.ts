import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeNetbiosName, frame, readFrame, sessionRequest } from './netbios.js';
import { decodeNtlmChallenge, encodeNtlmNegotiate, spnegoNegTokenInit } from './ntlmssp.js';
import { decodeNegotiateResponse, decodeSessionSetupResponse, decodeSmb1, encodeNegotiate, encodeSmb1, SMB1_COMMAND } from './smb1.js';
import { decodeSmb2NegotiateResponse, decodeSmb2SessionSetupResponse, encodeSmb2Negotiate } from './smb2.js';
import { fingerprintSmb } from './smb-fingerprint.js';
import { windowsRelease } from './windows-versions.js';

const hex = (name: string) =>
  Buffer.from(
    readFileSync(new URL(`../../probes/smb/fixtures/${name}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .join(''),
    'hex',
  );

test('SMB1 NEGOTIATE request bytes: only "NT LM 0.12"', () => {
  const b = encodeNegotiate();
  assert.equal(b.subarray(0, 5).toString('hex'), 'ff534d4272');
  assert.equal(b[32], 0); // WordCount
  assert.equal(b.readUInt16LE(33), 12);
  assert.equal(b.subarray(35).toString('latin1'), '\x02NT LM 0.12\x00');
  assert.equal(frame(b).subarray(0, 4).toString('hex'), '0000002f');
});

test('captured Samba 4.17.12 (NT1) SMB1 negotiate + session setup responses', () => {
  const neg = decodeNegotiateResponse(decodeSmb1(hex('samba-4.17.12-nt1-smb1-negotiate-response.hex'))!);
  assert.equal(neg?.dialectIndex, 0);
  assert.equal(neg?.extendedSecurity, true);
  const ss = decodeSessionSetupResponse(decodeSmb1(hex('samba-4.17.12-nt1-smb1-session-setup-response.hex'))!);
  assert.ok(ss);
  assert.equal(ss.status, 0xc0000016);
  assert.equal(ss.nativeOs, 'Windows 6.1');
  assert.equal(ss.nativeLanMan, 'Samba 4.17.12-Debian');
  assert.equal(ss.primaryDomain, 'MAMORILAB');
  const ch = decodeNtlmChallenge(ss.securityBlob);
  assert.equal(ch?.netbiosComputer, 'MAMORI-SMB1');
  assert.deepEqual(ch?.version, { major: 6, minor: 1, build: 0, ntlmRevision: 15 });
  const fp = fingerprintSmb({ os: ss.nativeOs, lanman: ss.nativeLanMan }, ch);
  assert.equal(fp.product, 'Samba');
  assert.equal(fp.version, '4.17.12');
  assert.deepEqual(fp.cpes, ['cpe:2.3:a:samba:samba:4.17.12:*:*:*:*:*:*:*']);
  assert.deepEqual(fp.os, { name: 'Debian' });
});

test('captured Samba refusal of SMB1 (server min protocol = SMB2_10)', () => {
  assert.deepEqual(decodeNegotiateResponse(decodeSmb1(hex('samba-4.17.12-smb2_10-smb1-negotiate-refused.hex'))!), { dialectIndex: 0xffff });
});

test('captured Samba SMB2 negotiate + session setup responses', () => {
  const n = decodeSmb2NegotiateResponse(hex('samba-4.17.12-smb2-negotiate-response.hex'));
  assert.equal(n?.status, 0);
  assert.equal(n?.dialect, 0x0311);
  assert.equal(n?.securityMode, 1);
  const s = decodeSmb2SessionSetupResponse(hex('samba-4.17.12-smb2-session-setup-response.hex'));
  assert.equal(s?.status, 0xc0000016);
  const ch = decodeNtlmChallenge(s!.securityBlob);
  assert.equal(ch?.netbiosDomain, 'MAMORI-SMB1');
  // without NativeLanMan only the NTLM VERSION hints at Samba (build 0)
  const fp = fingerprintSmb(null, ch);
  assert.equal(fp.product, 'Samba');
  assert.equal(fp.version, null);
  assert.equal(fp.confidence, 'likely');
});

test('SMB2 NEGOTIATE with 3.1.1 carries 8-byte aligned contexts', () => {
  const b = encodeSmb2Negotiate([0x0202, 0x0210, 0x0300, 0x0302, 0x0311], { clientGuid: Buffer.alloc(16), salt: Buffer.alloc(32) });
  const off = b.readUInt32LE(64 + 28);
  assert.equal(off % 8, 0);
  assert.equal(b.readUInt16LE(64 + 32), 2);
  assert.equal(b.readUInt16LE(off), 1); // PREAUTH_INTEGRITY first
  const second = off + ((8 + b.readUInt16LE(off + 2) + 7) & ~7);
  assert.equal(b.readUInt16LE(second), 2); // ENCRYPTION
  assert.equal(second + 8 + 6, b.length);
});

test('Windows NTLM versions → releases and CPEs', () => {
  const blob = Buffer.alloc(56);
  Buffer.from('NTLMSSP\0', 'latin1').copy(blob);
  blob.writeUInt32LE(2, 8);
  blob.writeUInt32LE(0x02000001, 20); // UNICODE | VERSION
  blob[48] = 10;
  blob[49] = 0;
  blob.writeUInt16LE(17763, 50);
  blob[55] = 15;
  const fp = fingerprintSmb(null, decodeNtlmChallenge(blob));
  assert.equal(fp.vendor, 'Microsoft');
  assert.equal(fp.os?.version, '10.0.17763');
  assert.deepEqual(fp.cpes, ['cpe:2.3:o:microsoft:windows_10_1809:10.0.17763:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_server_2019:10.0.17763:*:*:*:*:*:*:*']);
  assert.deepEqual(windowsRelease(6, 1, 7601)?.cpes, ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*']);
});

test('hostile bytes: truncations and corruptions never throw', () => {
  const all = ['samba-4.17.12-nt1-smb1-negotiate-response.hex', 'samba-4.17.12-nt1-smb1-session-setup-response.hex', 'samba-4.17.12-smb2-negotiate-response.hex', 'samba-4.17.12-smb2-session-setup-response.hex'].map(hex);
  for (const buf of all) {
    for (let i = 0; i < buf.length; i += 3) {
      const cut = buf.subarray(0, i);
      const bad = Buffer.from(buf);
      bad[i] = 0xff;
      for (const b of [cut, bad]) {
        assert.doesNotThrow(() => {
          const m = decodeSmb1(b);
          if (m) {
            decodeNegotiateResponse(m);
            const ss = decodeSessionSetupResponse(m);
            if (ss) decodeNtlmChallenge(ss.securityBlob);
          }
          decodeSmb2NegotiateResponse(b);
          const s2 = decodeSmb2SessionSetupResponse(b);
          if (s2) decodeNtlmChallenge(s2.securityBlob);
          decodeNtlmChallenge(b);
        });
      }
    }
  }
  assert.equal(readFrame(Buffer.from('00ffffff', 'hex')), 'invalid');
  assert.equal(readFrame(Buffer.from('4a', 'hex')), 'incomplete');
  assert.equal(readFrame(Buffer.from('47455420', 'hex')), 'invalid'); // "GET "
});

test('generic SMB1 codec round trip (for other SMB1 plugins)', () => {
  const raw = encodeSmb1({ command: SMB1_COMMAND.TRANSACTION, mid: 65, tid: 2048, uid: 7 }, Buffer.from('0100', 'hex'), Buffer.from('abcd', 'hex'));
  const m = decodeSmb1(raw);
  assert.equal(m?.header.mid, 65);
  assert.equal(m?.header.tid, 2048);
  assert.equal(m?.words.toString('hex'), '0100');
  assert.equal(m?.bytes.toString('hex'), 'abcd');
  assert.equal(encodeNetbiosName('*SMBSERVER').subarray(1, 3).toString(), 'CK');
  assert.equal(sessionRequest().length, 4 + 68);
  assert.ok(spnegoNegTokenInit(encodeNtlmNegotiate()).includes(Buffer.from('NTLMSSP\0', 'latin1')));
});

test('SMB1 negotiate response without extended security: challenge, domain and server names', () => {
  // Shape per MS-CIFS §2.2.4.52.2 (old Windows / embedded stacks): 17 words, 8-byte challenge, then
  // Unicode DomainName and ServerName aligned on 2 bytes from the SMB header.
  const words = Buffer.alloc(34);
  words.writeUInt16LE(0, 0); // DialectIndex
  words[2] = 0x03; // user security, encrypt passwords
  words.writeUInt16LE(50, 3);
  words.writeUInt32LE(0x0000f3fd & ~0x80000000, 19); // no CAP_EXTENDED_SECURITY
  words[33] = 8;
  const bytes = Buffer.concat([Buffer.alloc(8, 0x11), Buffer.alloc(1), Buffer.from('WORKGROUP\0', 'utf16le'), Buffer.from('PLC-HMI\0', 'utf16le')]);
  const raw = encodeSmb1({ command: SMB1_COMMAND.NEGOTIATE, flags: 0x88, flags2: 0xc001 }, words, bytes);
  const neg = decodeNegotiateResponse(decodeSmb1(raw)!);
  assert.equal(neg?.extendedSecurity, false);
  assert.equal(neg?.domainName, 'WORKGROUP');
  assert.equal(neg?.serverName, 'PLC-HMI');
});
