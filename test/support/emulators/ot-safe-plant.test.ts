// Acceptance for the ot-safe profile on a small "plant" of OT devices at their real ports, scanned by
// the real engine with the full probe registry: an S7-1200 EMULATOR on 127.0.4.100:102, an EtherNet/IP
// EMULATOR on 127.0.4.101:44818 (TCP+UDP), a REAL pymodbus server behind a counting proxy on
// 127.0.4.102:502, and a BACnet EMULATOR on 127.0.4.103:47808/udp. Each device counts what it received,
// which proves: never more than one connection open per host, and no write function code/service.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getProfile, tuneProfile } from '../../../src/engine/profiles.js';
import { runScan } from '../../../src/engine/scanner.js';
import { pymodbusAvailable, startPymodbus, type PymodbusDaemon } from '../daemons/pymodbus.js';
import { startBacnetEmulator, type BacnetEmulator } from './bacnet.js';
import { startEnipEmulator, type EnipEmulator } from './enip.js';
import { startS7Emulator, type S7Emulator } from './s7comm.js';

const S7 = '127.0.4.100';
const ENIP = '127.0.4.101';
const MODBUS = '127.0.4.102';
const BACNET = '127.0.4.103';

const hasModbus = pymodbusAvailable();
if (!hasModbus) {
  if (process.env.CI) throw new Error('python3-pymodbus is missing: CI must install it (.ci/apt-packages.txt)');
  console.error('\n*** ot-safe plant test runs WITHOUT the real pymodbus device: python3-pymodbus not installed ***\n');
}

let s7: S7Emulator;
let enip: EnipEmulator;
let bacnet: BacnetEmulator;
let modbus: PymodbusDaemon | undefined;

before(async () => {
  s7 = await startS7Emulator({ host: S7, port: 102, preset: 's7-1200', maxConnections: 1 });
  enip = await startEnipEmulator({ host: ENIP, port: 44818 });
  bacnet = await startBacnetEmulator({ host: BACNET, port: 47808 });
  if (hasModbus) modbus = await startPymodbus(MODBUS, { vendorName: 'Schneider Electric', productCode: 'BMX P34 2020', revision: 'v2.8' }, 502);
});
after(async () => {
  await Promise.all([s7?.close(), enip?.close(), bacnet?.close(), modbus?.stop()]);
});

test('ot-safe scan of the plant: identified, one connection at a time, nothing written', async () => {
  const profile = { ...tuneProfile(getProfile('ot-safe'), { timeoutMs: 800 }), rate: 0 };
  assert.equal(profile.perHost, 1);
  const hosts = [S7, ENIP, BACNET, ...(hasModbus ? [MODBUS] : [])];
  const r = await runScan(
    { hosts: hosts.map((ip) => ({ ip, profile })), tcpPorts: [102, 502, 44818], udpPorts: [44818, 47808] },
    { ping: false },
  );
  const byIp = new Map(r.hosts.map((h) => [h.ip, h]));
  const svc = (ip: string, transport: string, port: number) => byIp.get(ip)?.ports.find((p) => p.transport === transport && p.port === port);

  const plc = svc(S7, 'tcp', 102);
  assert.equal(plc?.service, 's7comm');
  assert.equal(plc?.device?.model, 'S7-1200');
  assert.deepEqual(plc?.device?.firmware, { version: '4.2.1' });
  assert.equal(svc(ENIP, 'tcp', 44818)?.device?.vendor, 'Rockwell Automation');
  assert.equal(svc(BACNET, 'udp', 47808)?.service, 'bacnet', JSON.stringify(byIp.get(BACNET)).slice(0, 1500));

  const s = s7.stats();
  assert.equal(s.maxConcurrent, 1, `S7 saw ${s.maxConcurrent} connections at once`);
  assert.equal(s.refusedForResources, 0, 'the CPU never ran out of connection resources');
  assert.deepEqual(s.writeAttempts, []);
  const e = enip.stats();
  assert.equal(e.maxConcurrent, 1);
  assert.deepEqual(e.writeAttempts, []);
  assert.deepEqual(bacnet.stats().writeAttempts, []);
  if (modbus) {
    assert.equal(svc(MODBUS, 'tcp', 502)?.device?.vendor, 'Schneider Electric');
    const m = modbus.stats();
    assert.equal(m.maxConcurrent, 1);
    assert.deepEqual(m.writeFunctionCodes, [], 'no write function code reached the Modbus device');
    assert.ok(m.requests.every((q) => q.functionCode === 0x2b && q.mei === 0x0e));
  }
});
