// A loopback relay in front of a REAL daemon that counts what the client sends: connections, bytes and
// occurrences of a marker (e.g. "PASS ", "Authorization:"), so tests can prove a credential check never
// exceeded its attempt cap. TCP (one upstream connection per client connection) and UDP (datagrams).
import dgram from 'node:dgram';
import net from 'node:net';

export interface CountingProxy {
  host: string;
  port: number;
  connections: number;
  datagrams: number;
  /** Occurrences of each marker in the client → server stream. */
  marks: Record<string, number>;
  close(): Promise<void>;
}

const assertLoopback = (ip: string) => {
  if (!/^127\./.test(ip)) throw new Error(`counting proxy: ${ip} is not loopback`);
};

export async function startTcpCountingProxy(listenHost: string, upstream: { host: string; port: number }, markers: string[] = []): Promise<CountingProxy> {
  assertLoopback(listenHost);
  assertLoopback(upstream.host);
  const sockets = new Set<net.Socket>();
  const proxy: CountingProxy = { host: listenHost, port: 0, connections: 0, datagrams: 0, marks: Object.fromEntries(markers.map((m) => [m, 0])), close: async () => undefined };
  const server = net.createServer((client) => {
    proxy.connections++;
    const up = net.connect({ host: upstream.host, port: upstream.port });
    sockets.add(client);
    sockets.add(up);
    let tail = '';
    client.on('data', (b: Buffer) => {
      const text = tail + b.toString('latin1');
      for (const m of markers) proxy.marks[m] = (proxy.marks[m] ?? 0) + (text.split(m).length - 1) - (tail.split(m).length - 1);
      tail = text.slice(-64);
      up.write(b);
    });
    up.on('data', (b: Buffer) => client.write(b));
    const end = () => {
      client.destroy();
      up.destroy();
    };
    client.on('close', end);
    up.on('close', end);
    client.on('error', end);
    up.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, () => resolve());
  });
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}

export async function startUdpCountingProxy(listenHost: string, upstream: { host: string; port: number }): Promise<CountingProxy> {
  assertLoopback(listenHost);
  assertLoopback(upstream.host);
  const front = dgram.createSocket('udp4');
  const back = dgram.createSocket('udp4');
  let lastClient: { address: string; port: number } | null = null;
  const proxy: CountingProxy = { host: listenHost, port: 0, connections: 0, datagrams: 0, marks: {}, close: async () => undefined };
  front.on('message', (msg, rinfo) => {
    proxy.datagrams++;
    lastClient = { address: rinfo.address, port: rinfo.port };
    back.send(msg, upstream.port, upstream.host);
  });
  back.on('message', (msg) => {
    if (lastClient) front.send(msg, lastClient.port, lastClient.address);
  });
  await new Promise<void>((resolve) => front.bind(0, listenHost, () => resolve()));
  await new Promise<void>((resolve) => back.bind(0, listenHost, () => resolve()));
  proxy.port = front.address().port;
  proxy.close = async () => {
    front.close();
    back.close();
  };
  return proxy;
}
