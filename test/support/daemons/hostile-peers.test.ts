// Robustness: every IT probe against peers that misbehave on purpose — a 100 MB flood of pseudo-random
// bytes, a slow drip that never completes a message, a reset in the middle of the handshake, and a
// reset right after accept. Each probe must come back (bounded by its deadline and byte caps) with
// not-matched or unreachable, never identified, never an exception. Deterministic: the flood comes from
// a fixed-seed generator.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, before, test } from 'node:test';
import { ftpProbe } from '../../../src/probes/ftp/ftp.probe.js';
import { httpProbe } from '../../../src/probes/http/http.probe.js';
import { mqttProbe } from '../../../src/probes/mqtt/mqtt.probe.js';
import { rdpProbe } from '../../../src/probes/rdp/rdp.probe.js';
import { smbProbe } from '../../../src/probes/smb/smb.probe.js';
import { sshProbe } from '../../../src/probes/ssh/ssh.probe.js';
import { telnetProbe } from '../../../src/probes/telnet/telnet.probe.js';
import type { Probe } from '../../../src/probes/types.js';
import { vncProbe } from '../../../src/probes/vnc/vnc.probe.js';
import { probeContext } from '../probe-context.js';
import { startFakeTcp, type FakeServer } from './fakes.js';

const IP = '127.0.2.219';
const FLOOD_LIMIT = 100 * 1024 * 1024;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const PROBES: [Probe<any, any>, unknown][] = [
  [sshProbe, { kexinit: true }],
  [ftpProbe, {}],
  [httpProbe, { tls: 'never', path: '/' }],
  [mqttProbe, { readVersion: true, tls: 'auto' }],
  [telnetProbe, { idleMs: 200 }],
  [smbProbe, { smb1: true, listDialects: true }],
  [rdpProbe, { policy: true }],
  [vncProbe, {}],
];

function lcgChunk(seed: { v: number }, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    seed.v = (seed.v * 1103515245 + 12345) >>> 0;
    b[i] = seed.v >>> 24;
  }
  return b;
}

let floodSent = 0;
let flood: FakeServer, drip: FakeServer, midReset: FakeServer, acceptReset: FakeServer;
before(async () => {
  const chunk = lcgChunk({ v: 42 }, 64 * 1024);
  flood = await startFakeTcp(IP, {
    kind: 'custom',
    onConnection: (s) => {
      let sent = 0;
      const pump = () => {
        while (!s.destroyed && sent < FLOOD_LIMIT) {
          sent += chunk.length;
          floodSent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
        if (sent >= FLOOD_LIMIT) s.end();
      };
      pump();
    },
  });
  drip = await startFakeTcp(IP, {
    kind: 'custom',
    onConnection: (s) => {
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('A')), 20);
      s.on('close', () => clearInterval(timer));
    },
  });
  const reset = (s: net.Socket) => (typeof s.resetAndDestroy === 'function' ? s.resetAndDestroy() : s.destroy());
  midReset = await startFakeTcp(IP, { kind: 'custom', onConnection: (s) => s.once('data', () => reset(s)) });
  acceptReset = await startFakeTcp(IP, { kind: 'custom', onConnection: (s) => reset(s) });
});
after(async () => {
  await Promise.all([flood, drip, midReset, acceptReset].map((s) => s.stop()));
});

for (const [name, server] of [['100 MB flood', () => flood], ['slow drip', () => drip], ['reset mid-handshake', () => midReset], ['reset on accept', () => acceptReset]] as const) {
  test(`every probe survives a ${name}`, { timeout: 20000 }, async () => {
    const rows = [];
    for (const [probe, options] of PROBES) {
      const out = await probe.run(probeContext(IP, server().port, { timeoutMs: 500, options }));
      rows.push({ probe: probe.id, kind: out.kind });
    }
    const bad = rows.filter((r) => r.kind === 'identified');
    assert.deepEqual(bad, [], JSON.stringify(rows));
    if (name === '100 MB flood') assert.ok(floodSent < FLOOD_LIMIT, `the probes stopped reading early (${floodSent} bytes written in all)`);
  });
}
