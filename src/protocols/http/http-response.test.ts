import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fingerprintHttp } from './http-fingerprint.js';
import { buildGetRequest, extractTitle, httpResponseComplete, parseResponseHead, parseWwwAuthenticate } from './http-response.js';
import { summarizeCertificate } from './tls-certificate.js';

// Captured raw from Debian 12 lighttpd 1.4.69 with mod_auth (test/support/daemons/lighttpd.ts) on 127.0.2.64.
const captured = readFileSync(new URL('../../probes/http/fixtures/lighttpd-1.4.69-basic-auth-401.http', import.meta.url));

test('parses a captured lighttpd 401 response', () => {
  const h = parseResponseHead(captured);
  assert.ok(h);
  assert.equal(h.status, 401);
  assert.equal(h.headers.get('server')?.[0], 'lighttpd/1.4.69');
  assert.deepEqual(parseWwwAuthenticate(h.headers.get('www-authenticate')?.[0] ?? ''), { scheme: 'Basic', realm: 'Camera DVR' });
  assert.equal(extractTitle(captured.subarray(h.bodyOffset)), '401 Unauthorized');
  assert.equal(httpResponseComplete(32768)(captured), true);
  assert.equal(httpResponseComplete(32768)(captured.subarray(0, captured.length - 10)), false);
});

test('request bytes', () => {
  assert.equal(
    buildGetRequest('127.0.2.60', 8080).toString(),
    'GET / HTTP/1.1\r\nHost: 127.0.2.60:8080\r\nUser-Agent: mamori/0.1 (identification probe)\r\nAccept: */*\r\nConnection: close\r\n\r\n',
  );
  assert.match(buildGetRequest('192.0.2.1', 443, '/', true).toString(), /Host: 192\.0\.2\.1\r\n/);
});

test('hostile heads: control characters stripped, bad names skipped, non-HTTP rejected', () => {
  const h = parseResponseHead(Buffer.from('HTTP/1.0 200 OK\r\nServer: evil\x1b[31m\x00x\r\nbad name: y\r\n: empty\r\n\r\n', 'latin1'));
  assert.equal(h?.headers.get('server')?.[0], 'evil [31m x');
  assert.equal(h?.headers.has('bad name'), false);
  assert.equal(parseResponseHead(Buffer.from('SSH-2.0-x\r\n\r\n')), null);
  assert.equal(parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\nServer: x')), null);
  assert.equal(httpResponseComplete(100)(Buffer.from('SSH-2.0')), true);
});

test('titles: entities decoded, whitespace collapsed, capped', () => {
  assert.equal(extractTitle(Buffer.from('<TITLE lang=en>\n  A &amp; B &#65;&#x42; </TITLE>')), 'A & B AB');
  assert.equal(extractTitle(Buffer.from('<title></title>')), null);
  assert.equal(extractTitle(Buffer.from('<title>' + 'x'.repeat(500) + '</title>'))?.length, 200);
  assert.equal(extractTitle(Buffer.from('<title>never closed')), null);
});

test('server fingerprints', () => {
  assert.deepEqual(fingerprintHttp('Apache/2.4.57 (Debian)', null).cpes, ['cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*']);
  assert.equal(fingerprintHttp('Microsoft-IIS/10.0', null).os?.name, 'Windows');
  assert.equal(fingerprintHttp('nginx/1.22.1', null).cpes[0], 'cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*');
  assert.equal(fingerprintHttp('App-webs/', null).kind, 'camera');
  assert.equal(fingerprintHttp('Weird/1.2.3', null).product, 'Weird');
  assert.equal(fingerprintHttp(null, 'NETGEAR R7000').kind, 'router');
  assert.equal(fingerprintHttp(null, 'NETGEAR R7000').vendor, 'NETGEAR');
});

test('device web UIs from the page title', () => {
  const s7 = fingerprintHttp('Siemens', null, 'SIMATIC S7-1200 - PLC_1');
  assert.deepEqual([s7.vendor, s7.kind, s7.class], ['Siemens', 'plc', 'ot']);
  const ant = fingerprintHttp('lighttpd/1.4.32', null, 'Antminer S19');
  assert.deepEqual([ant.product, ant.vendor, ant.kind, ant.class], ['lighttpd', 'Bitmain', 'rig', 'miner']);
  assert.deepEqual([fingerprintHttp(null, null, 'HP Color LaserJet MFP M477fdw').vendor, fingerprintHttp(null, null, 'EPSON WF-3640').kind], ['HP', 'printer']);
  assert.equal(fingerprintHttp('nginx', null, 'RouterOS router configuration page').vendor, 'MikroTik');
  assert.equal(fingerprintHttp(null, null, 'Welcome').kind, null);
});

test('certificate summary', () => {
  const c = summarizeCertificate(
    {
      subject: { CN: 'plc.example', O: 'ACME' },
      issuer: { CN: 'ACME CA', O: 'ACME' },
      valid_from: 'Jan  1 00:00:00 2020 GMT',
      valid_to: 'Jan  1 00:00:00 2021 GMT',
      subjectaltname: 'DNS:plc.example, IP Address:192.0.2.3',
      fingerprint256: 'AA:BB',
    },
    Date.parse('2026-11-26T00:00:00Z'),
  );
  assert.equal(c.subject, 'CN=plc.example, O=ACME');
  assert.equal(c.selfSigned, false);
  assert.equal(c.expired, true);
  assert.equal(c.validTo, '2021-01-01T00:00:00.000Z');
  assert.deepEqual(c.altNames, ['DNS:plc.example', 'IP Address:192.0.2.3']);
});
