// Debian vsftpd on a loopback alias, foreground (background=NO), config in a temp dir.
// Twins: { anonymous: true } lets "anonymous"/"ftp" in to an empty read-only root; { anonymous: false }
// refuses it. Optional virtual users ({ users }) authenticate through pam_userdb against a Berkeley DB
// built with db_load in the temp dir (a PAM service file /etc/pam.d/mamori-vsftpd-<id> exists only while
// the daemon runs), so no system account is ever created or given a weak password.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const VSFTPD_BIN = '/usr/sbin/vsftpd';
export const DB_LOAD_BIN = '/usr/bin/db_load';

export interface VsftpdOptions {
  ip: string;
  port?: number;
  anonymous: boolean;
  users?: { username: string; password: string }[];
  banner?: string;
  /** Explicit FTPS (AUTH TLS) with a self-signed certificate; plain logins stay allowed. */
  tls?: boolean;
}

export async function startVsftpd(o: VsftpdOptions): Promise<RunningDaemon> {
  const port = o.port ?? 21;
  const dir = makeTempDir('vsftpd');
  const root = join(dir, 'root');
  const empty = join(dir, 'empty');
  mkdirSync(root, { mode: 0o755 });
  mkdirSync(empty, { mode: 0o755 });
  writeFileSync(join(root, 'README.txt'), 'mamori test ftp root\n');
  execFileSync('chmod', ['755', dir]);
  let pamFile: string | null = null;
  const lines = [
    'listen=YES',
    'listen_ipv6=NO',
    `listen_address=${o.ip}`,
    `listen_port=${port}`,
    'background=NO',
    'seccomp_sandbox=NO',
    `anonymous_enable=${o.anonymous ? 'YES' : 'NO'}`,
    'no_anon_password=YES',
    `anon_root=${root}`,
    'write_enable=NO',
    'anon_upload_enable=NO',
    'anon_mkdir_write_enable=NO',
    'dirmessage_enable=NO',
    'xferlog_enable=NO',
    `vsftpd_log_file=${join(dir, 'vsftpd.log')}`,
    `secure_chroot_dir=${empty}`,
    'pasv_enable=YES',
    'connect_from_port_20=NO',
    'delay_failed_login=0',
    'delay_successful_login=0',
    ...(o.banner ? [`ftpd_banner=${o.banner}`] : []),
  ];
  // vsftpd refuses to start with neither anonymous nor local access, so the no-anonymous twin always
  // has virtual users: the ones asked for, else one with a random password nobody knows.
  const users = o.users?.length ? o.users : o.anonymous ? [] : [{ username: 'nobody-here', password: randomBytes(12).toString('hex') }];
  if (users.length) {
    // Linux-PAM lower-cases service names: the id must be lower-case to find its file.
    const id = randomBytes(6).toString('hex');
    const src = join(dir, 'users.txt');
    writeFileSync(src, users.flatMap((u) => [u.username, u.password]).join('\n') + '\n');
    execFileSync(DB_LOAD_BIN, ['-T', '-t', 'hash', '-f', src, join(dir, 'users.db')]);
    rmSync(src);
    pamFile = `/etc/pam.d/mamori-vsftpd-${id}`;
    const db = join(dir, 'users');
    writeFileSync(pamFile, `auth required pam_userdb.so db=${db}\naccount required pam_userdb.so db=${db}\n`);
    lines.push('local_enable=YES', 'guest_enable=YES', 'guest_username=ftp', `local_root=${root}`, 'chroot_local_user=YES',
      `pam_service_name=mamori-vsftpd-${id}`, 'virtual_use_local_privs=YES');
  } else {
    lines.push('local_enable=NO', 'pam_service_name=vsftpd');
  }
  if (o.tls) {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30', '-subj', '/CN=ftp-mamori-test',
    ], { stdio: 'pipe' });
    lines.push('ssl_enable=YES', `rsa_cert_file=${join(dir, 'cert.pem')}`, `rsa_private_key_file=${join(dir, 'key.pem')}`,
      'allow_anon_ssl=YES', 'force_local_logins_ssl=NO', 'force_local_data_ssl=NO', 'require_ssl_reuse=NO');
  }
  const conf = join(dir, 'vsftpd.conf');
  writeFileSync(conf, lines.join('\n') + '\n', { mode: 0o600 });
  return spawnDaemon({
    name: 'vsftpd',
    ip: o.ip,
    port,
    dir,
    cmd: VSFTPD_BIN,
    args: [conf],
    cleanup: () => {
      if (pamFile) rmSync(pamFile, { force: true });
    },
  });
}
