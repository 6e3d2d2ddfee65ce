// Debian Samba (smbd) on a loopback alias, foreground, every directory (state, cache, locks, private,
// pid, logs) in a temp dir and only this config (-s). Samba binds only addresses it sees on an
// interface, so the alias is added to lo first (acquireLoopbackAlias) and removed after, when we added it.
// Twins: { smb1: true } sets `server min protocol = NT1` (SMBv1 accepted); { smb1: false } sets
// `server min protocol = SMB2_10`. One read-only guest share "public" is exported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLoopbackAlias, releaseLoopbackAlias } from './loopback.js';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const SMBD_BIN = '/usr/sbin/smbd';

export interface SambaOptions {
  ip: string;
  smb1: boolean;
  /** TCP ports smbd listens on (default [445]; add 139 for NetBIOS session service). */
  ports?: number[];
  netbiosName?: string;
  workgroup?: string;
  /** `server signing` (default: samba's default, "default" = enabled, not required). */
  signing?: 'default' | 'mandatory' | 'disabled';
}

export async function startSamba(o: SambaOptions): Promise<RunningDaemon> {
  const ports = o.ports ?? [445];
  const dir = makeTempDir('samba');
  for (const d of ['run', 'lock', 'state', 'cache', 'private', 'ncalrpc', 'share', 'log']) mkdirSync(join(dir, d), { mode: 0o755 });
  writeFileSync(join(dir, 'share', 'readme.txt'), 'mamori samba test share\n');
  const name = (o.netbiosName ?? (o.smb1 ? 'MAMORI-SMB1' : 'MAMORI-SMB2')).slice(0, 15);
  const conf = join(dir, 'smb.conf');
  writeFileSync(
    conf,
    `[global]
  netbios name = ${name}
  workgroup = ${o.workgroup ?? 'MAMORILAB'}
  server string = mamori test %v
  server role = standalone server
  interfaces = ${o.ip}/32
  bind interfaces only = yes
  smb ports = ${ports.join(' ')}
  disable netbios = yes
  server min protocol = ${o.smb1 ? 'NT1' : 'SMB2_10'}
  server max protocol = SMB3
  ${o.signing && o.signing !== 'default' ? `server signing = ${o.signing}` : ''}
  pid directory = ${join(dir, 'run')}
  lock directory = ${join(dir, 'lock')}
  state directory = ${join(dir, 'state')}
  cache directory = ${join(dir, 'cache')}
  private dir = ${join(dir, 'private')}
  ncalrpc dir = ${join(dir, 'ncalrpc')}
  passdb backend = tdbsam:${join(dir, 'private', 'passdb.tdb')}
  log file = ${join(dir, 'log', 'log.%m')}
  log level = 1
  map to guest = Bad User
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes

[public]
  path = ${join(dir, 'share')}
  read only = yes
  guest ok = yes
`,
  );
  acquireLoopbackAlias(o.ip);
  try {
    return await spawnDaemon({
      name: 'smbd',
      ip: o.ip,
      port: ports[0] ?? 445,
      dir,
      cmd: SMBD_BIN,
      // --no-process-group: the harness already started it in a session of its own (detached).
      args: ['--foreground', '--no-process-group', '--debug-stdout', `--configfile=${conf}`],
      ownSession: true,
      cleanup: () => releaseLoopbackAlias(o.ip),
      readyTimeoutMs: 20000,
    });
  } catch (e) {
    releaseLoopbackAlias(o.ip);
    throw e;
  }
}
