// Debian net-snmp snmpd on a loopback alias, foreground (-f), only our config (-C -c), logging to stdout.
// Its defaults would open SMUX on TCP 199 of 0.0.0.0 and an AgentX master socket: SMUX is switched off
// (-I -smux) and AgentX is pointed at a unix socket in the temp dir. Persistent state goes to the temp
// dir too (SNMP_PERSISTENT_DIR). sysDescr/sysObjectID/sysName can be set to look like a device.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGetRequest, OIDS } from '../../../src/protocols/snmp/snmp-message.js';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const SNMPD_BIN = '/usr/sbin/snmpd';

export interface SnmpdOptions {
  ip: string;
  port?: number;
  /** Read-only communities (default ['public']). */
  communities?: string[];
  sysDescr?: string;
  sysObjectID?: string;
  sysName?: string;
  sysLocation?: string;
  /** Security models answered (default both). ['v1'] makes a v1-only agent that ignores v2c requests. */
  versions?: ('v1' | 'v2c')[];
}

export async function startSnmpd(o: SnmpdOptions): Promise<RunningDaemon> {
  const port = o.port ?? 161;
  const dir = makeTempDir('snmpd');
  const communities = o.communities ?? ['public'];
  const lines = [
    `agentaddress udp:${o.ip}:${port}`,
    `agentXSocket unix:${join(dir, 'agentx.sock')}`,
    ...(o.versions && o.versions.length < 2
      ? [
          ...communities.map((c, i) => `com2sec ro${i} 127.0.0.0/8 ${c}`),
          ...communities.map((_, i) => `group rogroup ${o.versions?.[0]} ro${i}`),
          'view all included .1',
          'access rogroup "" any noauth exact all none none',
        ]
      : communities.map((c) => `rocommunity ${c} 127.0.0.0/8`)),
    ...(o.sysDescr ? [`sysDescr ${o.sysDescr}`] : []),
    ...(o.sysObjectID ? [`sysObjectID ${o.sysObjectID}`] : []),
    `sysName ${o.sysName ?? 'mamori-snmpd'}`,
    `sysLocation ${o.sysLocation ?? 'loopback lab'}`,
    'sysContact mamori tests',
    'sysServices 72',
  ];
  const conf = join(dir, 'snmpd.conf');
  writeFileSync(conf, lines.join('\n') + '\n', { mode: 0o600 });
  const first = communities[0] ?? 'public';
  return spawnDaemon({
    name: 'snmpd',
    ip: o.ip,
    port,
    dir,
    cmd: SNMPD_BIN,
    args: ['-f', '-Lo', '-C', '-c', conf, '-p', join(dir, 'snmpd.pid'), '-I', '-smux,mteTrigger,mteTriggerConf'],
    env: { SNMP_PERSISTENT_DIR: dir, MIBS: '' },
    ready: 'udp',
    udpProbe: encodeGetRequest(o.versions?.length === 1 ? o.versions[0] ?? 'v2c' : 'v2c', first, 1, [OIDS.sysName]),
  });
}
