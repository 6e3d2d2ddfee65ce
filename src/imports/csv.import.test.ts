import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.import.js';
import { matchColumn } from './columns.js';

const fx = (n: string) => join(import.meta.dirname, 'fixtures', n);

test('header synonyms: case, spaces, underscores, full-width and Japanese', () => {
  assert.equal(matchColumn('IP_Address'), 'ips');
  assert.equal(matchColumn('ip address'), 'ips');
  assert.equal(matchColumn('ＩＰアドレス'), 'ips');
  assert.equal(matchColumn('ホスト名'), 'hostnames');
  assert.equal(matchColumn('Manufacturer'), 'vendor');
  assert.equal(matchColumn('型式'), 'model');
  assert.equal(matchColumn('ファームウェア'), 'firmwareVersion');
  assert.equal(matchColumn('担当'), 'owner');
  assert.equal(matchColumn('Rack'), null);
});

test('a Shift_JIS file with Japanese headers, as Excel in Japan saves it', () => {
  const r = parseCsv(readFileSync(fx('excel-shift_jis-japanese-headers.csv')), 'x.csv');
  assert.equal(r.encoding, 'shift_jis');
  assert.deepEqual(r.problems, []);
  assert.equal(r.rows.length, 3);
  const plc = r.rows[0]!.input;
  assert.deepEqual(plc.hostnames, ['plc-line1']);
  assert.equal(plc.vendor, 'シーメンス');
  assert.equal(plc.kind, 'plc');
  assert.equal(plc.zone, '制御LAN');
  assert.equal(plc.site, '川崎工場');
  assert.equal(plc.criticality, 5);
  assert.deepEqual(plc.firmware, { version: 'V4.2.1' });
  assert.deepEqual(plc.attributes, { '設置場所の詳細': '第1棟 2階' });
  assert.equal(r.rows[1]!.input.kind, 'hmi');
  assert.equal(r.rows[2]!.input.notes, '正門カメラ');
});

test('UTF-8 with BOM, English synonyms, services and unknown columns kept', () => {
  const r = parseCsv(readFileSync(fx('utf8-bom.csv')), 'x.csv');
  assert.equal(r.rows.length, 1);
  const sw = r.rows[0]!.input;
  assert.deepEqual(sw.hostnames, ['sw-core']);
  assert.equal(sw.vendor, 'Cisco');
  assert.deepEqual(sw.services, [{ transport: 'tcp', port: 22, service: 'ssh' }, { transport: 'udp', port: 161, service: 'snmp' }]);
  assert.deepEqual(sw.attributes, { Rack: 'R12' });
});

test('problems name file, line and column', () => {
  const r = parseCsv(readFileSync(fx('malformed.csv')), 'inv.csv');
  assert.equal(r.rows.length, 1);
  assert.deepEqual(
    r.problems.map((p) => [p.file, p.line, p.column]),
    [['inv.csv', 3, 'ip'], ['inv.csv', 4, 'criticality'], ['inv.csv', 4, 'mac']],
  );
  assert.match(r.problems[0]!.message, /127\.0\.9\.300/);
});

test('a file without an identifying column is refused', () => {
  assert.throws(() => parseCsv(Buffer.from('colour,size\nred,3\n'), 'odd.csv'), /no identifying column/);
});
