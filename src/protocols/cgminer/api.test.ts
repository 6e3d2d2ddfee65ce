import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureUrl, readFixture } from '../../../test/support/emulators/fixture-file.js';
import { cgminerReplyComplete, decodeCgminerReply, encodeCgminerRequest, recordNumber, recordString } from './api.js';

const fx = (n: string) => readFixture(fixtureUrl(import.meta.url, n));
const withNul = (b: Buffer) => Buffer.concat([b, Buffer.from([0])]);

test('encodes read commands in both forms', () => {
  assert.equal(encodeCgminerRequest('version', 'json').toString(), '{"command":"version","parameter":""}');
  assert.equal(encodeCgminerRequest('pools', 'text').toString(), 'pools');
});

test('decodes the text-form version reply', () => {
  const r = decodeCgminerReply(withNul(fx('cgminer-4.11.1-version.txt')));
  assert.ok(r);
  assert.equal(r.format, 'text');
  assert.equal(r.status.status, 'S');
  assert.equal(r.status.code, 22);
  assert.equal(r.status.description, 'cgminer 4.11.1');
  const v = r.sections.VERSION?.[0];
  assert.equal(recordString(v, 'CGMiner'), '4.11.1');
  assert.equal(recordString(v, 'API'), '3.7');
  assert.equal(recordString(v, 'PROD'), 'AvalonMiner 10xx');
});

test('decodes the text-form summary', () => {
  const r = decodeCgminerReply(withNul(fx('cgminer-2.10.5-summary.txt')));
  const s = r?.sections.SUMMARY?.[0];
  assert.equal(recordNumber(s, 'Elapsed'), 58219);
  assert.equal(recordNumber(s, 'MHS av'), 70827.84);
});

test('decodes the JSON pools reply', () => {
  const r = decodeCgminerReply(withNul(fx('cgminer-3.7-pools.json.txt')));
  assert.equal(r?.format, 'json');
  assert.equal(r?.status.code, 7);
  const p = r?.sections.POOLS?.[0];
  assert.equal(recordString(p, 'URL'), 'stratum+tcp://pool.example.org:3333');
  assert.equal(recordString(p, 'User'), '1BitcoinEaterAddressDontSendf59kuE.worker1');
  assert.equal(p?.['Stratum Active'], true);
});

test('text form: escaped separators and POOL=n records', () => {
  const r = decodeCgminerReply(
    Buffer.from('STATUS=S,When=1,Code=7,Msg=2 Pool(s),Description=cgminer 4.12.0|POOL=0,URL=stratum+tcp://a:1,User=w\\,x|POOL=1,URL=b,User=y\\|z|\0'),
  );
  assert.equal(r?.sections.POOLS?.length, 2);
  assert.equal(recordString(r?.sections.POOLS?.[0], 'User'), 'w,x');
  assert.equal(recordString(r?.sections.POOLS?.[1], 'User'), 'y|z');
});

test('garbage, other protocols and truncation give null', () => {
  for (const bad of ['', 'SSH-2.0-OpenSSH', '{"STATUS":[{"STATUS":"S"', '{"STATUS":"S"}', 'STATUS=Q,Code=1|', '{"STATUS":[{"STATUS":"X"}]}', 'HTTP/1.1 400 Bad Request\r\n']) {
    assert.equal(decodeCgminerReply(Buffer.from(bad)), null, bad);
  }
  assert.equal(cgminerReplyComplete(Buffer.from('{"a":1}')), false);
  assert.equal(cgminerReplyComplete(Buffer.from('{"a":1}\0')), true);
});
