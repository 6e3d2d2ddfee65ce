// Debian mosquitto 2.x on a loopback alias, foreground, config in a temp dir, no persistence.
// Twins: { anonymous: true } (allow_anonymous true) and { anonymous: false } with a password file made by
// mosquitto_passwd (users default to one random account nobody knows).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  ip: string;
  port?: number;
  anonymous: boolean;
  users?: { username: string; password: string }[];
  /** MQTT over TLS (the listener speaks only TLS) with a self-signed certificate for CN=`cn`. */
  tls?: boolean;
  cn?: string;
}

export async function startMosquitto(o: MosquittoOptions): Promise<RunningDaemon> {
  const port = o.port ?? (o.tls ? 8883 : 1883);
  const dir = makeTempDir('mosquitto');
  // mosquitto drops to its own user after start: let it read its files.
  chmodSync(dir, 0o755);
  const lines = [`listener ${port} ${o.ip}`, `allow_anonymous ${o.anonymous ? 'true' : 'false'}`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
  if (o.tls) {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30', '-subj', `/CN=${o.cn ?? 'mqtt-mamori-test'}`,
    ], { stdio: 'pipe' });
    chmodSync(join(dir, 'key.pem'), 0o644); // read by the mosquitto user it drops to; a throwaway test key
    lines.push(`certfile ${join(dir, 'cert.pem')}`, `keyfile ${join(dir, 'key.pem')}`);
  }
  const users = o.users?.length ? o.users : o.anonymous ? [] : [{ username: 'nobody-here', password: randomBytes(12).toString('hex') }];
  if (users.length) {
    const pw = join(dir, 'passwd');
    writeFileSync(pw, '');
    for (const u of users) execFileSync('mosquitto_passwd', ['-b', pw, u.username, u.password], { stdio: 'pipe' });
    chmodSync(pw, 0o644);
    lines.push(`password_file ${pw}`);
  }
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n', { mode: 0o644 });
  return spawnDaemon({ name: 'mosquitto', ip: o.ip, port, dir, cmd: MOSQUITTO_BIN, args: ['-c', conf] });
}
