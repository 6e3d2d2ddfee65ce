import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeInteger, decodeOid, encodeInteger, encodeOid, readTlv } from './ber.js';
import { fingerprintSnmp } from './snmp-fingerprint.js';
import { decodeResponse, encodeGetRequest, OIDS, varText } from './snmp-message.js';
import { decodeV3Report, describeEngineId, encodeV3Discovery } from './snmp-v3.js';

/** Reads "# comment" / "# request" / "# response" sections of a hex fixture. */
function hexSections(name: string): Record<string, Buffer> {
  const text = readFileSync(new URL(`../../probes/snmp/fixtures/${name}`, import.meta.url), 'utf8');
  const out: Record<string, Buffer> = {};
  let key = '';
  for (const line of text.split('\n')) {
    const m = /^# (request|response)$/.exec(line);
    if (m?.[1]) key = m[1];
    else if (key && line.trim() && !line.startsWith('#')) out[key] = Buffer.from(line.trim(), 'hex');
  }
  return out;
}

const cap = hexSections('net-snmp-5.9.3-get-system.hex');

test('GetRequest encoding is byte-identical to the request net-snmp answered', () => {
  const req = encodeGetRequest('v2c', 'public', 0x1234, [OIDS.sysDescr, OIDS.sysObjectID, OIDS.sysUpTime, OIDS.sysName]);
  assert.equal(req.toString('hex'), cap.request?.toString('hex'));
  assert.equal(
    encodeGetRequest('v2c', 'public', 1, [OIDS.sysDescr]).toString('hex'),
    '302602010104067075626c6963a019020101020100020100300e300c06082b060102010101000500',
  );
});

test('decodes the captured net-snmp 5.9.3 Response', () => {
  const r = decodeResponse(cap.response!);
  assert.ok(r);
  assert.equal(r.version, 1);
  assert.equal(r.requestId, 0x1234);
  assert.equal(r.errorStatus, 0);
  assert.equal(r.community.toString(), 'public');
  const byOid = new Map(r.varbinds.map((v) => [v.oid, v.value]));
  assert.equal(varText(byOid.get(OIDS.sysDescr)), 'Linux historian-01 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64');
  assert.deepEqual(byOid.get(OIDS.sysObjectID), { type: 'oid', value: '1.3.6.1.4.1.8072.3.2.10' });
  assert.equal(byOid.get(OIDS.sysUpTime)?.type, 'unsigned');
  assert.equal(varText(byOid.get(OIDS.sysName)), 'historian-01');
  const fp = fingerprintSnmp(varText(byOid.get(OIDS.sysDescr)), '1.3.6.1.4.1.8072.3.2.10');
  assert.deepEqual(fp.os, { name: 'Linux (Debian)', version: '6.1.0' });
  assert.equal(fp.vendor, null); // net-snmp is the agent, not the device vendor
  assert.equal(fp.enterprise, 8072);
});

test('every truncation and every single-byte corruption of the capture decodes or returns null, never throws', () => {
  const buf = cap.response!;
  for (let i = 0; i < buf.length; i++) {
    assert.doesNotThrow(() => decodeResponse(buf.subarray(0, i)));
    assert.equal(decodeResponse(buf.subarray(0, i)), null);
    for (const b of [0x00, 0x7f, 0x80, 0x84, 0xff]) {
      const c = Buffer.from(buf);
      c[i] = b;
      assert.doesNotThrow(() => decodeResponse(c), `byte ${i} = ${b}`);
    }
  }
});

test('BER integers and OIDs round-trip', () => {
  for (const n of [0, 1, 127, 128, 255, 256, 0x1234, 0x7fffffff, -1, -128, -129]) {
    const t = readTlv(encodeInteger(n), 0);
    assert.equal(decodeInteger(t.value), n, String(n));
  }
  assert.equal(encodeInteger(1).toString('hex'), '020101');
  assert.equal(encodeInteger(128).toString('hex'), '02020080');
  for (const o of ['1.3.6.1.2.1.1.1.0', '1.3.6.1.4.1.4329.6.1.2', '2.999.3', '1.3.6.1.4.1.4294967295']) {
    assert.equal(decodeOid(readTlv(encodeOid(o), 0).value), o);
  }
  assert.throws(() => decodeOid(Buffer.from('2b8f', 'hex'))); // truncated arc
});

test('device fingerprints from sysDescr', () => {
  const win = fingerprintSnmp('Hardware: Intel64 Family 6 Model 85 - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)', '1.3.6.1.4.1.311.1.1.3.1.3');
  assert.equal(win.vendor, 'Microsoft');
  assert.deepEqual(win.cpes, ['cpe:2.3:o:microsoft:windows_10_1809:10.0.17763:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_server_2019:10.0.17763:*:*:*:*:*:*:*']);
  const ios = fingerprintSnmp('Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)', '1.3.6.1.4.1.9.1.1208');
  assert.deepEqual(ios.os, { name: 'Cisco IOS', version: '15.0(2)SE11' });
  assert.equal(ios.cpes[0], 'cpe:2.3:o:cisco:ios:15.0\\(2\\)se11:*:*:*:*:*:*:*');
  const s7 = fingerprintSnmp('Siemens, SIMATIC S7, CPU-1200, 6ES7 214-1AG40-0XB0, HW: 1, FW: V.4.2.3', '1.3.6.1.4.1.4329.6.1.2');
  assert.equal(s7.kind, 'plc');
  assert.equal(s7.class, 'ot');
  assert.deepEqual(s7.firmware, { version: '4.2.3' });
  assert.equal(fingerprintSnmp(null, '1.3.6.1.4.1.318.1.3.27').kind, 'ups');
});

test('SNMPv3 engine discovery: request bytes and the captured net-snmp Report', () => {
  const v3 = hexSections('net-snmp-5.9.3-v3-discovery.hex');
  assert.equal(encodeV3Discovery(0x4d41, 0x4d42).toString('hex'), v3.request?.toString('hex'));
  const rep = decodeV3Report(v3.response!);
  assert.ok(rep);
  assert.equal(rep.msgId, 0x4d41);
  assert.equal(rep.engineBoots, 1);
  const e = describeEngineId(rep.engineId);
  assert.equal(e.enterprise, 8072);
  assert.equal(e.format, 'enterprise');
  assert.equal(decodeV3Report(cap.response!), null); // a v2c Response is not a v3 Report
  for (let i = 0; i < v3.response!.length; i++) assert.doesNotThrow(() => decodeV3Report(v3.response!.subarray(0, i)));
  assert.deepEqual(describeEngineId(Buffer.from('8000000903001122334455', 'hex')).mac, '00:11:22:33:44:55');
  assert.equal(describeEngineId(Buffer.from('8000000904' + Buffer.from('router1').toString('hex'), 'hex')).text, 'router1');
});
