import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { probeContext } from '../../../test/support/probe-context.js';
import { startFakeUdp, type FakeServer } from '../../../test/support/daemons/fakes.js';
import { requireBinaries } from '../../../test/support/daemons/process.js';
import { SNMPD_BIN, startSnmpd } from '../../../test/support/daemons/snmpd.js';
import { snmpProbe, type SnmpOptions } from './snmp.probe.js';

const FAKE_IP = '127.0.2.130';
const opts = (communities: string[], perTryMs = 500, v3Discovery = true): SnmpOptions => ({ communities, perTryMs, v3Discovery });

test('real snmpd: stock Linux agent and one dressed as a Siemens device', async (t) => {
  if (!requireBinaries(t, SNMPD_BIN)) return;
  const linux = await startSnmpd({ ip: '127.0.2.30', sysName: 'historian-01' });
  t.after(() => linux.stop());
  const plc = await startSnmpd({
    ip: '127.0.2.31',
    communities: ['plant-ro-7731'],
    sysDescr: 'Siemens, SIMATIC NET, SCALANCE X208, 6GK5 208-0BA10-2AA3, HW: 7, FW: V4.1.0',
    sysObjectID: '.1.3.6.1.4.1.4329.6.1.2',
    sysName: 'scalance-line3',
  });
  t.after(() => plc.stop());
  // nothing of ours listens outside loopback, and no SMUX on TCP 199
  const ours = execFileSync('ss', ['-ltnupH'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`pid=${linux.pid},`) || l.includes(`pid=${plc.pid},`));
  assert.ok(ours.length >= 2, ours.join('\n'));
  assert.ok(ours.every((l) => /^udp\s.*\s127\.0\.2\.3[01]:161\s/.test(l)), ours.join('\n'));

  const a = await snmpProbe.run(probeContext(linux.ip, linux.port, { timeoutMs: 3000, options: opts(['public']) }));
  assert.equal(a.kind, 'identified', JSON.stringify(a));
  if (a.kind === 'identified') {
    assert.equal(a.facts.attributes.snmpVersion, 'v2c');
    assert.equal(a.facts.attributes.wellKnownCommunity, 'public');
    assert.equal(a.facts.attributes.sysName, 'historian-01');
    assert.equal(a.facts.attributes.sysObjectID, '1.3.6.1.4.1.8072.3.2.10'); // net-snmp on Linux
    assert.equal(a.facts.product, 'Net-SNMP'); // the agent software, from its enterprise number
    assert.match(a.facts.attributes.sysDescr ?? '', /^Linux /);
    assert.equal(a.facts.device?.os?.name.startsWith('Linux'), true);
    assert.equal(a.facts.device?.hostname, 'historian-01');
    assert.equal(typeof a.facts.attributes.sysUpTime, 'number');
    // the v3 engine discovery answered too: net-snmp's enterprise number in the engine ID
    assert.equal(a.facts.attributes.v3?.enterprise, 8072);
    assert.equal(a.facts.attributes.v3?.format, 'enterprise');
  }

  // the right community is the second one tried; the wrong one goes unanswered
  const b = await snmpProbe.run(probeContext(plc.ip, plc.port, { timeoutMs: 5000, options: opts(['public', 'plant-ro-7731'], 300) }));
  assert.equal(b.kind, 'identified', JSON.stringify(b));
  if (b.kind === 'identified') {
    assert.equal(b.facts.attributes.communityIndex, 1);
    assert.equal(b.facts.attributes.wellKnownCommunity, null);
    assert.equal(b.facts.attributes.enterprise, 4329);
    assert.equal(b.facts.device?.vendor, 'Siemens');
    // the device says Siemens, but its agent software still shows in the v3 engine ID (as on vendor
    // firmware built on net-snmp): the vendor goes to the device, the agent to the service product
    assert.equal(b.facts.product, 'Net-SNMP');
    assert.equal(b.facts.device?.class, 'ot');
    assert.equal(b.facts.device?.kind, 'switch');
    assert.deepEqual(b.facts.device?.firmware, { version: '4.1.0' });
    // the community string appears nowhere in what the probe returns
    assert.ok(!JSON.stringify(b).includes('plant-ro-7731'));
    assert.ok(!JSON.stringify(b).includes(Buffer.from('plant-ro-7731').toString('hex')));
  }

  // a v1-only agent ignores the v2c request; the probe falls back to v1
  const v1 = await startSnmpd({ ip: '127.0.2.32', versions: ['v1'], sysName: 'old-rtu' });
  t.after(() => v1.stop());
  const o = await snmpProbe.run(probeContext(v1.ip, v1.port, { timeoutMs: 3000, options: opts(['public'], 400) }));
  assert.equal(o.kind === 'identified' && o.facts.attributes.snmpVersion, 'v1', JSON.stringify(o));
  assert.equal(o.kind === 'identified' && o.facts.attributes.sysName, 'old-rtu');

  // no community accepted: the v3 engine discovery alone still identifies the agent (S1 fact) ...
  const c = await snmpProbe.run(probeContext(plc.ip, plc.port, { timeoutMs: 2000, options: opts(['public'], 200) }));
  assert.equal(c.kind, 'identified', JSON.stringify(c));
  if (c.kind === 'identified') {
    assert.equal(c.facts.attributes.snmpVersion, 'v3');
    assert.equal(c.facts.attributes.communityIndex, null);
    assert.equal(c.facts.attributes.sysDescr, null);
    assert.match(c.facts.attributes.v3?.engineId ?? '', /^80001f88/);
  }
  // ... and without it, an agent that accepts none of the communities stays silent
  const d = await snmpProbe.run(probeContext(plc.ip, plc.port, { timeoutMs: 2000, options: opts(['public'], 200, false) }));
  assert.deepEqual(d, { kind: 'unreachable', reason: 'timeout' });
});

let silent: FakeServer, dns: FakeServer, wrongId: FakeServer, truncated: FakeServer;
before(async () => {
  silent = await startFakeUdp(FAKE_IP, () => null);
  // A DNS-shaped answer: some other UDP protocol on the port.
  dns = await startFakeUdp(FAKE_IP, () => Buffer.from('abcd81800001000000000000', 'hex'));
  // The request echoed back as a well-formed Response (PDU tag 0xa2) whose request-id is off by one:
  // must not be believed. Layout: 30 L 02 01 v 04 n community a0 L 02 idlen id...
  wrongId = await startFakeUdp(FAKE_IP, (msg) => {
    const r = Buffer.from(msg);
    const pdu = 2 + 3 + 2 + (r[6] as number);
    r[pdu] = 0xa2;
    const idLen = r[pdu + 3] as number;
    r[pdu + 3 + idLen] = ((r[pdu + 3 + idLen] as number) ^ 1) & 0xff;
    return r;
  });
  truncated = await startFakeUdp(FAKE_IP, (msg) => msg.subarray(0, msg.length - 5));
});
after(async () => {
  await Promise.all([silent, dns, wrongId, truncated].map((s) => s.stop()));
});

test('silent / closed UDP port → unreachable/timeout within the deadline', async () => {
  const out = await snmpProbe.run(probeContext(FAKE_IP, silent.port, { timeoutMs: 400, options: opts(['public'], 100) }));
  assert.deepEqual(out, { kind: 'unreachable', reason: 'timeout' });
  assert.ok(silent.connections() >= 1);
});

test('another protocol, wrong request-id, truncated echo → not-matched, never a crash', async () => {
  for (const s of [dns, wrongId, truncated]) {
    const out = await snmpProbe.run(probeContext(FAKE_IP, s.port, { timeoutMs: 600, options: opts(['public'], 100) }));
    assert.equal(out.kind, 'not-matched', JSON.stringify(out));
  }
});
