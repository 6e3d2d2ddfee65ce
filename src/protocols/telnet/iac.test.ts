import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerNegotiations, describeNegotiation, detectPrompt, fingerprintTelnet, parseTelnet } from './iac.js';

test('splits negotiations from data; IAC IAC is a literal 255; subnegotiations skipped', () => {
  // busybox telnetd 1.35 greeting: IAC DO ECHO, IAC DO NAWS, IAC WILL ECHO, IAC WILL SGA, then text
  const p = parseTelnet(Buffer.from('fffd01fffd1ffffb01fffb03' + Buffer.from('login: ').toString('hex') + 'ffff' + 'fffa1801fff0' + '41', 'hex'));
  assert.deepEqual(p.negotiations.map(describeNegotiation), ['DO echo', 'DO naws', 'WILL echo', 'WILL suppress-go-ahead']);
  assert.equal(p.data.toString('latin1'), 'login: \xffA');
  assert.deepEqual(p.subnegotiations, [24]);
  assert.equal(p.rest.length, 0);
});

test('incomplete sequences are kept for the next chunk', () => {
  assert.equal(parseTelnet(Buffer.from('41fffd', 'hex')).rest.toString('hex'), 'fffd');
  assert.equal(parseTelnet(Buffer.from('ff', 'hex')).rest.toString('hex'), 'ff');
  assert.equal(parseTelnet(Buffer.from('fffa18010203', 'hex')).rest.toString('hex'), 'fffa18010203');
});

test('answers refuse, accept only ECHO/SGA, and never twice', () => {
  const answered = new Set<string>();
  const negs = parseTelnet(Buffer.from('fffd01fffd1ffffb01fffb03fffb05', 'hex')).negotiations;
  assert.equal(answerNegotiations(negs, answered).toString('hex'), 'fffc01fffc1ffffd01fffd03fffe05');
  assert.equal(answerNegotiations(negs, answered).length, 0);
});

test('prompts', () => {
  assert.equal(detectPrompt('Welcome\r\nrouter login: '), 'login');
  assert.equal(detectPrompt('Username:'), 'login');
  assert.equal(detectPrompt('Password: '), 'password');
  assert.equal(detectPrompt('BusyBox v1.35.0\n# '), 'shell');
  assert.equal(detectPrompt('220 ProFTPD Server ready.\r\n'), null);
});

test('banners', () => {
  assert.equal(fingerprintTelnet('\r\nUser Access Verification\r\n\r\nUsername: ').vendor, 'Cisco');
  assert.deepEqual(fingerprintTelnet('Debian GNU/Linux 12\r\nhost login: ').os, { name: 'Debian', version: '12' });
  assert.equal(fingerprintTelnet('BusyBox v1.35.0 (2022-01-01) built-in shell').class, 'iot');
});
