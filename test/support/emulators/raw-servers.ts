// Tiny loopback peers for the four negative cases every probe test needs (design.md §6): a closed
// port (refused), a server that accepts and never speaks (timeout), and a server that answers with
// fixed bytes (another protocol, garbage, or a truncated reply). Also the connection counter shared by
// the emulators, so tests can prove "one connection at a time per host" for the ot-safe profile.
import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Counts connections and the largest number open at once. A connection stops counting once the peer
 * has finished it (FIN seen: 'end') or it is gone. The peak is sampled one turn of the event loop after
 * the accept, so that a FIN the kernel queued before the new SYN (client closed, then reconnected) is
 * processed first and a strictly sequential client is never counted as two at once.
 */
export class ConnectionCounter {
  connections = 0;
  maxConcurrent = 0;
  private readonly live = new Set<net.Socket>();
  get active(): number {
    return this.live.size;
  }
  track(socket: net.Socket): void {
    this.connections += 1;
    this.live.add(socket);
    const finish = () => this.live.delete(socket);
    socket.once('end', finish);
    socket.once('close', finish);
    setImmediate(() => {
      const open = this.live.size + (this.live.has(socket) ? 0 : 1);
      this.maxConcurrent = Math.max(this.maxConcurrent, open);
    });
  }
}

export interface RunningServer {
  host: string;
  port: number;
  counter: ConnectionCounter;
  close(): Promise<void>;
}

/** Listens on host:port (default 0 = any free port) and returns the port; every accepted socket is destroyed on close(). */
export async function listenTcp(host: string, onConnection: (s: net.Socket) => void, port = 0): Promise<RunningServer> {
  const counter = new ConnectionCounter();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    counter.track(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    counter,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on `host` where nothing listens (bound once to learn a free number, then released). */
export async function refusedPort(host: string): Promise<number> {
  const s = await listenTcp(host, () => undefined);
  await s.close();
  return s.port;
}

/** Accepts connections and never sends a byte. */
export const silentServer = (host: string): Promise<RunningServer> => listenTcp(host, () => undefined);

/**
 * Answers with fixed bytes: on connect (`when: 'connect'`, a talk-first service) or after the first
 * chunk from the client (default). Closes after writing when `close` is true.
 */
export function replyServer(
  host: string,
  reply: Buffer | string,
  opts: { when?: 'connect' | 'data'; close?: boolean } = {},
): Promise<RunningServer> {
  const bytes = typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply;
  return listenTcp(host, (s) => {
    const send = () => (opts.close ? s.end(bytes) : s.write(bytes));
    if (opts.when === 'connect') send();
    else s.once('data', send);
  });
}

export interface RunningUdp {
  host: string;
  port: number;
  datagrams: number;
  close(): Promise<void>;
}

/** A UDP socket that answers each datagram with `reply` (or stays silent when reply is null). */
export async function udpServer(host: string, reply: Buffer | null): Promise<RunningUdp> {
  const sock = dgram.createSocket('udp4');
  const state: RunningUdp = {
    host,
    port: 0,
    datagrams: 0,
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
  sock.on('message', (_msg, rinfo) => {
    state.datagrams += 1;
    if (reply) sock.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, host, () => resolve()));
  state.port = sock.address().port;
  return state;
}
