// A second OpenSSH server (Debian openssh-server) on a loopback alias: own config, own host key and
// PID file in a temp dir, foreground (-D), logs to stderr (-e). Password login is off and no user
// is created: probes only need the identification string.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const SSHD_BIN = '/usr/sbin/sshd';

/** `extraConfig`: more sshd_config lines, e.g. ['Ciphers +aes128-cbc'] for a weakly configured twin. */
export async function startSshd(o: { ip: string; port?: number; extraConfig?: string[] }): Promise<RunningDaemon> {
  const port = o.port ?? 22;
  const dir = makeTempDir('sshd');
  const key = join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  // sshd insists on its privilege-separation directory even with a private config.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const conf = join(dir, 'sshd_config');
  writeFileSync(
    conf,
    [
      `ListenAddress ${o.ip}:${port}`,
      `HostKey ${key}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      'AuthorizedKeysFile none',
      'StrictModes no',
      'LogLevel INFO',
      ...(o.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  execFileSync(SSHD_BIN, ['-t', '-f', conf]);
  return spawnDaemon({ name: 'sshd', ip: o.ip, port, dir, cmd: SSHD_BIN, args: ['-D', '-e', '-f', conf] });
}
