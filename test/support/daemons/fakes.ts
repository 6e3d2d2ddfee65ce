// Small scripted TCP/UDP peers for the negative cases every probe must survive: a silent server,
// a server that speaks another protocol, one that sends garbage or a truncated reply then closes.
// These are not emulators of any product; they exist to be wrong on purpose.
import dgram from 'node:dgram';
import net from 'node:net';
import { listenTcp } from '../emulators/raw-servers.js';
import { assertLoopback } from './process.js';

export interface FakeServer {
  ip: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Bytes received from clients, concatenated. */
  received(): Buffer;
  stop(): Promise<void>;
}

export type FakeBehaviour =
  /** Accepts and never writes. */
  | { kind: 'silent' }
  /** Writes these bytes as soon as the client connects, then optionally closes. */
  | { kind: 'greet'; bytes: Buffer | string; close?: boolean }
  /** Waits for the first client bytes, answers with these, then optionally closes. */
  | { kind: 'reply'; bytes: Buffer | string; close?: boolean }
  /** Full control. */
  | { kind: 'custom'; onConnection: (s: net.Socket) => void };

export async function startFakeTcp(ip: string, behaviour: FakeBehaviour, port = 0): Promise<FakeServer> {
  assertLoopback(ip);
  const chunks: Buffer[] = [];
  const server = await listenTcp(ip, (s) => {
    s.on('data', (d) => chunks.push(d));
    switch (behaviour.kind) {
      case 'silent':
        break;
      case 'greet':
        s.write(behaviour.bytes);
        if (behaviour.close) s.end();
        break;
      case 'reply':
        s.once('data', () => {
          s.write(behaviour.bytes);
          if (behaviour.close) s.end();
        });
        break;
      case 'custom':
        behaviour.onConnection(s);
        break;
    }
  }, port);
  return {
    ip,
    port: server.port,
    connections: () => server.counter.connections,
    received: () => Buffer.concat(chunks),
    stop: () => server.close(),
  };
}

/** A UDP peer: answers each datagram with reply(msg) (null = stay silent). */
export async function startFakeUdp(ip: string, reply: (msg: Buffer) => Buffer | null): Promise<FakeServer & { datagrams(): number }> {
  assertLoopback(ip);
  const sock = dgram.createSocket('udp4');
  const got: Buffer[] = [];
  sock.on('message', (msg, rinfo) => {
    got.push(msg);
    const r = reply(msg);
    if (r) sock.send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, ip, () => resolve()));
  return {
    ip,
    port: sock.address().port,
    connections: () => got.length,
    datagrams: () => got.length,
    received: () => Buffer.concat(got),
    stop: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}

/** A port on `ip` with nothing listening: bind, read the port, close. */
export async function closedPort(ip: string): Promise<number> {
  assertLoopback(ip);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, ip, () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
