// A loopback scan lab: small TCP servers on 127.0.3.x aliases (no setup needed on Linux) that behave like
// devices good and bad: a banner, silence, garbage, a slow drip, an endless flood, a close mid-handshake.
// Every server counts connections per address (simultaneous and total) so tests can prove pacing limits.
import net from 'node:net';

export type Behaviour = 'banner' | 'silent' | 'garbage' | 'drip' | 'flood' | 'close' | 'echo-once';

export interface LabServer {
  host: string;
  port: number;
  behaviour: Behaviour;
  /** Everything received, per connection (for "was this payload ever sent?" assertions). */
  received: Buffer[];
}

export class ScanLab {
  readonly servers: LabServer[] = [];
  private readonly closers: (() => void)[] = [];
  private readonly current = new Map<string, number>();
  /** Highest simultaneous connections seen per address. */
  readonly peak = new Map<string, number>();
  readonly total = new Map<string, number>();
  peakAll = 0;
  private all = 0;

  async listen(host: string, behaviour: Behaviour, opts: { banner?: string; port?: number } = {}): Promise<LabServer> {
    const entry: LabServer = { host, port: 0, behaviour, received: [] };
    const srv = net.createServer((c) => {
      const n = (this.current.get(host) ?? 0) + 1;
      this.current.set(host, n);
      this.peak.set(host, Math.max(this.peak.get(host) ?? 0, n));
      this.total.set(host, (this.total.get(host) ?? 0) + 1);
      this.all++;
      this.peakAll = Math.max(this.peakAll, this.all);
      let counted = true;
      const gone = () => {
        if (!counted) return;
        counted = false;
        this.current.set(host, (this.current.get(host) ?? 1) - 1);
        this.all--;
      };
      c.on('close', gone);
      c.on('error', () => undefined);
      const got: Buffer[] = [];
      c.on('data', (d: Buffer) => {
        if (got.length < 64) got.push(d);
        if (behaviour === 'echo-once') c.end(d);
      });
      c.on('close', () => entry.received.push(Buffer.concat(got)));
      this.serve(c, behaviour, opts.banner);
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(opts.port ?? 0, host, () => resolve());
    });
    entry.port = (srv.address() as net.AddressInfo).port;
    this.closers.push(() => {
      srv.close();
      // Connections the scan left behind would keep the test process alive.
      for (const s of sockets) s.destroy();
    });
    const sockets = new Set<net.Socket>();
    srv.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    this.servers.push(entry);
    return entry;
  }

  private serve(c: net.Socket, behaviour: Behaviour, banner = 'LAB/1.0 hello\r\n'): void {
    switch (behaviour) {
      case 'banner':
        c.write(banner);
        break;
      case 'garbage':
        c.write(Buffer.from([0xff, 0xfb, 0x01, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x0a, 0x00, 0xff]));
        break;
      case 'drip': {
        // One byte every 50 ms, forever: a reader without a time bound never returns.
        const t = setInterval(() => (c.writable ? c.write('.') : clearInterval(t)), 50);
        c.on('close', () => clearInterval(t));
        break;
      }
      case 'flood': {
        // Up to 100 MB as fast as the reader takes it.
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        let sent = 0;
        const pump = () => {
          while (c.writable && sent < 100 * 1024 * 1024) {
            sent += chunk.length;
            if (!c.write(chunk)) return void c.once('drain', pump);
          }
        };
        pump();
        break;
      }
      case 'close':
        c.destroy();
        break;
      case 'silent':
      case 'echo-once':
        break;
    }
  }

  close(): void {
    for (const c of this.closers.splice(0)) c();
  }
}
