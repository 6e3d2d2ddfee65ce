// Hostile devices against every OT and miner TCP probe: a flood (bytes forever, up to 100 MB), a slow
// drip (one byte at a time, never finishing), and a peer that closes mid-exchange. Each probe must end
// (bounded by its size caps and deadline) with a non-identified outcome and never throw.
// Runs on 127.0.4.90. The test's own timeout is the "cannot stall" guard, not a timing assertion.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { test } from 'node:test';
import { bacnetProbe } from '../../../src/probes/bacnet/bacnet.probe.js';
import { cgminerProbe } from '../../../src/probes/cgminer/cgminer.probe.js';
import { claymoreProbe } from '../../../src/probes/claymore/claymore.probe.js';
import { enipProbe } from '../../../src/probes/enip/enip.probe.js';
import { modbusProbe } from '../../../src/probes/modbus/modbus.probe.js';
import { s7commProbe } from '../../../src/probes/s7comm/s7comm.probe.js';
import { xmrigProbe } from '../../../src/probes/xmrig/xmrig.probe.js';
import type { AnyProbe } from '../../../src/probes/index.js';
import { probeContext } from '../probe-context.js';
import { listenTcp } from './raw-servers.js';

const HOST = '127.0.4.90';
const TCP_PROBES: readonly AnyProbe[] = [modbusProbe, s7commProbe, enipProbe, claymoreProbe, xmrigProbe, cgminerProbe];

function flood(s: net.Socket) {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  let sent = 0;
  const pump = () => {
    while (sent < 100 * 1024 * 1024 && !s.destroyed) {
      sent += chunk.length;
      if (!s.write(chunk)) return void s.once('drain', pump);
    }
  };
  s.once('data', pump);
}

function drip(s: net.Socket) {
  // A plausible start for several protocols ("{" JSON, 0x03 TPKT, "HTTP/"), then one byte at a time.
  const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n{"STATUS":[{"STATUS":"S"');
  let i = 0;
  const timer = setInterval(() => {
    if (s.destroyed) return clearInterval(timer);
    s.write(bytes.subarray(i % bytes.length, (i % bytes.length) + 1));
    i += 1;
  }, 20);
  s.once('close', () => clearInterval(timer));
}

const closeMidway = (s: net.Socket) => s.once('data', () => s.end(Buffer.from([0x03, 0x00, 0x00])));

for (const [name, behaviour] of [['flood', flood], ['drip', drip], ['close midway', closeMidway]] as const) {
  test(`${name}: every OT/miner TCP probe ends without identifying`, { timeout: 20_000 }, async (t) => {
    const srv = await listenTcp(HOST, behaviour);
    t.after(() => srv.close());
    for (const probe of TCP_PROBES) {
      const options = probe.optionsSchema.parse({});
      const out = await probe.run(probeContext(HOST, srv.port, { timeoutMs: 600, options }));
      assert.notEqual(out.kind, 'identified', `${probe.id} identified a ${name} peer`);
    }
  });
}

test('BACnet: a UDP peer answering with a 1400-byte flood is not BACnet', { timeout: 10_000 }, async (t) => {
  const { udpServer } = await import('./raw-servers.js');
  const u = await udpServer(HOST, Buffer.alloc(1400, 0x81));
  t.after(() => u.close());
  assert.equal((await bacnetProbe.run(probeContext(HOST, u.port, { timeoutMs: 800 }))).kind, 'not-matched');
});
