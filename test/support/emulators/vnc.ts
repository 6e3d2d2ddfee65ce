// VNC server-handshake EMULATOR (not a real VNC server), from RFC 6143 §7.1.1-2: sends its protocol
// version, reads the client's, then offers security types (3.7/3.8), picks one (3.3), or sends a failure
// reason. It never gets to a framebuffer. Used because a real Debian VNC server needs an X display.
import { assertLoopback } from '../daemons/process.js';
import { listenTcp } from './raw-servers.js';

export interface VncEmulatorOptions {
  ip: string;
  port?: number;
  /** Server version text, e.g. '003.008', '003.003', '003.889' (macOS). */
  version?: string;
  securityTypes?: number[];
  /** Send a failure (count 0 + reason) instead of types. */
  failureReason?: string;
}

export interface VncEmulator {
  ip: string;
  port: number;
  connections(): number;
  /** The client's version lines, in order. */
  clientVersions(): string[];
  stop(): Promise<void>;
}

export async function startVncEmulator(o: VncEmulatorOptions): Promise<VncEmulator> {
  assertLoopback(o.ip);
  const seen: string[] = [];
  const server = await listenTcp(o.ip, (s) => {
    s.write(`RFB ${o.version ?? '003.008'}\n`);
    let buf = Buffer.alloc(0);
    let stage: 'version' | 'security' = 'version';
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (stage === 'version' && buf.length >= 12) {
        const line = buf.subarray(0, 12).toString('latin1');
        buf = buf.subarray(12);
        seen.push(line.trim());
        if (!/^RFB 003\.00[378]\n$/.test(line)) return void s.destroy();
        stage = 'security';
        const types = o.securityTypes ?? [2];
        const reason = o.failureReason ? Buffer.from(o.failureReason, 'utf8') : null;
        const len = (n: number) => {
          const b = Buffer.alloc(4);
          b.writeUInt32BE(n);
          return b;
        };
        if (line.startsWith('RFB 003.003')) {
          // 3.3: the server decides: the first type, or 0 + reason
          s.write(reason ? Buffer.concat([len(0), len(reason.length), reason]) : len(types[0] ?? 2));
        } else {
          s.write(reason ? Buffer.concat([Buffer.from([0]), len(reason.length), reason]) : Buffer.from([types.length, ...types]));
        }
      }
    });
  }, o.port ?? 0);
  return {
    ip: o.ip,
    port: server.port,
    connections: () => server.counter.connections,
    clientVersions: () => [...seen],
    stop: () => server.close(),
  };
}
