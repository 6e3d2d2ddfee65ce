import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClass, parseCriticality, parseKind, parseServices } from './values.js';

test('kinds as Japanese plant registers write them (full-width forms too)', () => {
  const cases: [string, string][] = [
    ['ワークステーション', 'workstation'], ['ﾜｰｸｽﾃｰｼｮﾝ', 'workstation'], ['ノートPC', 'workstation'], ['ＰＣ', 'workstation'],
    ['サイネージ', 'signage'], ['ファイルサーバー', 'server'], ['サーバ', 'server'], ['マイニング機', 'rig'],
    ['アクセスポイント', 'access-point'], ['ゲートウェイ', 'gateway'], ['PLC', 'plc'], ['Safety Controller', 'safety-controller'],
  ];
  for (const [raw, kind] of cases) assert.equal(parseKind(raw), kind, raw);
});

test('classes, criticality and services cells', () => {
  assert.equal(parseClass('制御系'), 'ot');
  assert.equal(parseClass('情報系'), 'it');
  assert.equal(parseClass('その他'), null);
  assert.equal(parseCriticality('高'), 4);
  assert.equal(parseCriticality('５'), 5);
  assert.equal(parseCriticality('6'), null);
  assert.deepEqual(parseServices('502/tcp modbus; 161/udp'), [{ transport: 'tcp', port: 502, service: 'modbus' }, { transport: 'udp', port: 161 }]);
  assert.equal(parseServices('502/tcp; port 80'), null);
  assert.equal(parseServices('70000'), null);
});
