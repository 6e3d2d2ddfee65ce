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
}

export async function startMosquitto(o: MosquittoOptions): Promise<RunningDaemon> {
  const port = o.port ?? 1883;
  const dir = makeTempDir('mosquitto');
  // mosquitto drops to its own user after start: let it read its files.
  chmodSync(dir, 0o755);
  const lines = [`listener ${port} ${o.ip}`, `allow_anonymous ${o.anonymous ? 'true' : 'false'}`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
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
