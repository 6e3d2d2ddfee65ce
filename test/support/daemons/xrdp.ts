// Debian xrdp 0.9 on a loopback alias, foreground (-n), single process (fork=false), config, certificate
// and log in a temp dir (keymaps and RSA keys are read from /etc/xrdp). xrdp speaks real RDP connection
// negotiation: TLS or standard RDP security, never CredSSP/NLA. No session manager is started, so
// nobody can log in. Twins: securityLayer 'negotiate' (TLS, or standard RDP security when asked) and
// 'tls' (standard RDP security refused).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const XRDP_BIN = '/usr/sbin/xrdp';

export async function startXrdp(o: { ip: string; port?: number; securityLayer: 'negotiate' | 'tls' | 'rdp' }): Promise<RunningDaemon> {
  const port = o.port ?? 3389;
  const dir = makeTempDir('xrdp');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30', '-subj', '/CN=xrdp-mamori-test',
  ], { stdio: 'pipe' });
  const ini = join(dir, 'xrdp.ini');
  writeFileSync(
    ini,
    `[Globals]
ini_version=1
fork=false
port=tcp://${o.ip}:${port}
use_vsock=false
security_layer=${o.securityLayer}
crypt_level=high
certificate=${join(dir, 'cert.pem')}
key_file=${join(dir, 'key.pem')}
ssl_protocols=TLSv1.2, TLSv1.3
allow_channels=false

[Logging]
LogFile=${join(dir, 'xrdp.log')}
LogLevel=INFO
EnableSyslog=false

[Xorg]
name=Xorg
lib=libxup.so
username=ask
password=ask
ip=127.0.0.1
port=-1
code=20
`,
  );
  return spawnDaemon({ name: 'xrdp', ip: o.ip, port, dir, cmd: XRDP_BIN, args: ['-n', '-c', ini] });
}
