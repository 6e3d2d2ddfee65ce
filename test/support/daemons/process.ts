// Supervises one real daemon as a child process of the test: foreground, own config in a temp dir,
// readiness by polling its socket, stopped by PID. Nothing here is shared between daemons.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dgram from 'node:dgram';

export interface RunningDaemon {
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly pid: number;
  /** The daemon's temp dir (config, keys, logs). Removed by stop(). */
  readonly dir: string;
  /** Everything the daemon printed so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Refuses any address outside loopback: tests never talk to anything else. */
export function assertLoopback(ip: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip)) throw new Error(`daemon harness: ${ip} is not a 127.0.0.0/8 address`);
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mamori-${prefix}-`));
}

export function binaryExists(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * For tests: a missing daemon binary fails the test under CI (the CI must install it) and
 * skips it loudly elsewhere. Returns true when the test may go on.
 */
export function requireBinaries(t: { skip(msg?: string): void }, ...paths: string[]): boolean {
  const missing = paths.filter((p) => !binaryExists(p));
  if (missing.length === 0) return true;
  const msg = `daemon binary missing: ${missing.join(', ')} (install the Debian packages in .ci/apt-packages.txt)`;
  if (process.env.CI) throw new Error(msg);
  console.error(`\n!!! SKIPPED: ${msg}\n`);
  t.skip(msg);
  return false;
}

export interface SpawnOptions {
  name: string;
  ip: string;
  port: number;
  dir: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** How readiness is seen; default a TCP connect to ip:port. */
  ready?: 'tcp' | 'udp' | ((d: RunningDaemon) => Promise<boolean>);
  udpProbe?: Buffer;
  readyTimeoutMs?: number;
  /** Extra clean-up after the process has gone (loopback alias, PAM file...). */
  cleanup?: () => void;
  keepDir?: boolean;
  /** Start in a new session and process group (setsid). */
  ownSession?: boolean;
}

const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tcpOpen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: ip, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(300, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function udpAnswers(ip: string, port: number, payload: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 300);
    s.on('error', () => done(false));
    s.on('message', () => done(true));
    s.send(payload, port, ip);
  });
}

/**
 * Network safety: a daemon we started must not listen on anything but 127.0.0.0/8 (snmpd's SMUX on
 * 0.0.0.0:199 was the cautionary tale). Checked with `ss` for the daemon's PID right after readiness.
 */
export function assertListensOnLoopbackOnly(d: RunningDaemon): void {
  let out = '';
  try {
    out = execFileSync('ss', ['-H', '-tulnp'], { encoding: 'utf8' });
  } catch {
    return; // no ss: nothing to check with
  }
  const bad = out
    .split('\n')
    .filter((l) => l.includes(`pid=${d.pid},`))
    .filter((l) => {
      const local = l.trim().split(/\s+/)[4] ?? '';
      return !/^127\.\d+\.\d+\.\d+:\d+$/.test(local) && !/^\[::1\]:\d+$/.test(local);
    });
  if (bad.length) {
    void d.stop();
    throw new Error(`${d.name} (pid ${d.pid}) listens outside loopback:\n${bad.join('\n')}`);
  }
}

export async function spawnDaemon(o: SpawnOptions): Promise<RunningDaemon> {
  assertLoopback(o.ip);
  if (o.port === 2024) throw new Error('daemon harness: port 2024 is reserved for the machine control service');
  // ownSession: some daemons (smbd) signal their whole process group when they stop, which must never
  // reach the test runner. Not the default: vsftpd's PAM logins fail when it starts as a session leader.
  // Stopped by PID; killed when the test process exits if a test forgets.
  const child: ChildProcess = spawn(o.cmd, o.args, {
    cwd: o.dir,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.ownSession ?? false,
  });
  if (child.pid) live.add(child.pid);
  child.once('exit', () => child.pid && live.delete(child.pid));
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-20000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      exited = code ?? (sig ? -1 : 0);
      resolve();
    });
    child.once('error', (e) => {
      out += `\nspawn error: ${e.message}`;
      exited = -2;
      resolve();
    });
  });
  let stopped = false;
  const daemon: RunningDaemon = {
    name: o.name,
    ip: o.ip,
    port: o.port,
    pid: child.pid ?? -1,
    dir: o.dir,
    output: () => out,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (exited === undefined && child.pid) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        const killer = setTimeout(() => {
          try {
            if (child.pid) process.kill(child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 3000);
        await exitPromise;
        clearTimeout(killer);
      }
      o.cleanup?.();
      if (!o.keepDir) rmSync(o.dir, { recursive: true, force: true });
    },
  };
  const until = Date.now() + (o.readyTimeoutMs ?? 15000);
  const ready = o.ready ?? 'tcp';
  for (;;) {
    if (exited !== undefined) {
      await daemon.stop();
      throw new Error(`${o.name} exited (code ${exited}) before it was ready on ${o.ip}:${o.port}:\n${out}`);
    }
    const ok =
      ready === 'tcp'
        ? await tcpOpen(o.ip, o.port)
        : ready === 'udp'
          ? await udpAnswers(o.ip, o.port, o.udpProbe ?? Buffer.alloc(1))
          : await ready(daemon);
    if (ok) {
      assertListensOnLoopbackOnly(daemon);
      return daemon;
    }
    if (Date.now() > until) {
      await daemon.stop();
      throw new Error(`${o.name} not ready on ${o.ip}:${o.port} after ${o.readyTimeoutMs ?? 15000} ms:\n${out}`);
    }
    await sleep(100);
  }
}
