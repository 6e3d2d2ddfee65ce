// Debian TigerVNC (Xtigervnc 1.12, package tigervnc-standalone-server): a real VNC server with its own
// virtual X display, on a loopback alias (-interface), tiny
// framebuffer; its X display listens only on local sockets (-nolisten tcp). Twins: { securityTypes: ['None'] } (no password at all) and ['VncAuth'] with a password file
// made by tigervncpasswd (package tigervnc-tools). The X display number is picked from a high random range; its lock file goes when
// the server stops.
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnDaemon, type RunningDaemon } from './process.js';

export const XVNC_BIN = '/usr/bin/Xtigervnc';

export interface XvncOptions {
  ip: string;
  port?: number;
  securityTypes: ('None' | 'VncAuth')[];
  password?: string;
}

export async function startXvnc(o: XvncOptions): Promise<RunningDaemon> {
  const port = o.port ?? 5900;
  const dir = makeTempDir('xvnc');
  const args: string[] = [];
  let display = randomInt(400, 900);
  for (let i = 0; i < 20 && existsSync(`/tmp/.X${display}-lock`); i++) display = randomInt(400, 900);
  args.push(`:${display}`, '-interface', o.ip, '-rfbport', String(port), '-SecurityTypes', o.securityTypes.join(','));
  args.push('-nolisten', 'tcp', '-geometry', '320x240', '-depth', '16', '-NeverShared=0', '-AlwaysShared=1');
  if (o.securityTypes.includes('VncAuth')) {
    const file = join(dir, 'passwd');
    writeFileSync(file, execFileSync('tigervncpasswd', ['-f'], { input: `${o.password ?? 'not-a-default'}\n` }), { mode: 0o600 });
    args.push('-PasswordFile', file);
  }
  return spawnDaemon({ name: 'Xtigervnc', ip: o.ip, port, dir, cmd: XVNC_BIN, args, env: { HOME: dir } });
}
