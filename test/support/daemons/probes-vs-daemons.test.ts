// Cross-protocol matrix: every IT TCP probe against every real daemon. Exactly one
// probe may identify each service; every other one must say not-matched, never crash, never hang past its
// deadline. This is the "another protocol on the port" negative case with real servers instead of fakes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
import { LIGHTTPD_BIN, startLighttpd } from './lighttpd.js';
import { MOSQUITTO_BIN, startMosquitto } from './mosquitto.js';
import { requireBinaries } from './process.js';
import { SMBD_BIN, startSamba } from './samba.js';
import { SSHD_BIN, startSshd } from './sshd.js';
import { BUSYBOX_BIN, startTelnetd } from './telnetd.js';
import { startVsftpd, VSFTPD_BIN } from './vsftpd.js';
import { startXrdp, XRDP_BIN } from './xrdp.js';
import { startXvnc, XVNC_BIN } from './xvnc.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const PROBES: [Probe<any, any>, unknown][] = [
  [sshProbe, { kexinit: true }],
  [ftpProbe, {}],
  [httpProbe, { tls: 'auto', path: '/' }],
  [mqttProbe, { readVersion: true, tls: 'auto' }],
  [telnetProbe, { idleMs: 300 }],
  [smbProbe, { smb1: true, listDialects: false }],
  [rdpProbe, { policy: false }],
  [vncProbe, {}],
];

test('each daemon is identified by its own probe and by no other', async (t) => {
  if (!requireBinaries(t, SSHD_BIN, VSFTPD_BIN, LIGHTTPD_BIN, MOSQUITTO_BIN, BUSYBOX_BIN, SMBD_BIN, XRDP_BIN, XVNC_BIN)) return;
  const targets = await Promise.all([
    startSshd({ ip: '127.0.2.211' }).then((d) => ({ d, expect: 'ssh-banner' })),
    startVsftpd({ ip: '127.0.2.212', anonymous: true }).then((d) => ({ d, expect: 'ftp-banner' })),
    startLighttpd({ ip: '127.0.2.213' }).then((d) => ({ d, expect: 'http-identify' })),
    startMosquitto({ ip: '127.0.2.214', anonymous: true }).then((d) => ({ d, expect: 'mqtt-connect' })),
    startTelnetd({ ip: '127.0.2.215' }).then((d) => ({ d, expect: 'telnet-banner' })),
    startSamba({ ip: '127.0.2.216', smb1: true }).then((d) => ({ d, expect: 'smb-negotiate' })),
    startXrdp({ ip: '127.0.2.217', securityLayer: 'negotiate' }).then((d) => ({ d, expect: 'rdp-negotiate' })),
    startXvnc({ ip: '127.0.2.218', securityTypes: ['VncAuth'] }).then((d) => ({ d, expect: 'vnc-rfb' })),
  ]);
  t.after(() => Promise.all(targets.map((x) => x.d.stop())));
  // Targets in parallel, probes one after another per target: busybox telnetd listens with a backlog of
  // one, and a burst of simultaneous connects would test the kernel's SYN retries instead of the probes.
  const results = (
    await Promise.all(
      targets.map(async ({ d, expect }) => {
        const rows = [];
        for (const [probe, options] of PROBES) {
          const out = await probe.run(probeContext(d.ip, d.port, { timeoutMs: 600, options }));
          rows.push({ target: expect, probe: probe.id, kind: out.kind });
        }
        return rows;
      }),
    )
  ).flat();
  const wrong = results.filter((r) => (r.probe === r.target ? r.kind !== 'identified' : r.kind === 'identified'));
  assert.deepEqual(wrong, [], JSON.stringify(wrong, null, 1));
  // nothing was unreachable: every one of these ports was open
  assert.deepEqual(results.filter((r) => r.kind === 'unreachable'), []);
});
