// EMULATOR (not a device): an EtherNet/IP adapter's encapsulation layer on TCP and UDP (same port),
// written from the CIP specification facts (CIP Vol. 2 ch. 2: encapsulation header, ListIdentity,
// ListServices, RegisterSession; status 0x0001 for unsupported commands) and nmap enip-info.nse.
// Answers ListIdentity with a configurable CIP Identity; RegisterSession opens a session;
// SendRRData / SendUnitData (explicit CIP messaging, where writes live) are recorded as write
// attempts and refused with status 0x0001. stats(): connections, maxConcurrent, commands, datagrams.
import dgram from 'node:dgram';
import { ENIP_COMMANDS, decodeEncap, encodeEncap } from '../../../src/protocols/enip/encap.js';
import { encodeIdentityItem } from '../../../src/protocols/enip/list-identity.js';
import { listenTcp, type RunningServer } from './raw-servers.js';

export interface EnipEmulatorOptions {
  host: string;
  /** Default 0 (any free port); 44818 for plant-like scans. */
  port?: number;
  vendorId?: number;
  deviceType?: number;
  productCode?: number;
  revision?: [number, number];
  serialNumber?: string;
  productName?: string;
  status?: number;
  state?: number;
  /** Answer on UDP too (default true). */
  udp?: boolean;
}

export interface EnipStats {
  connections: number;
  maxConcurrent: number;
  /** Encapsulation commands received, TCP and UDP. */
  commands: number[];
  udpDatagrams: number;
  writeAttempts: number[];
}

export interface EnipEmulator extends RunningServer {
  stats(): EnipStats;
}

export async function startEnipEmulator(o: EnipEmulatorOptions): Promise<EnipEmulator> {
  const stats: Omit<EnipStats, 'connections' | 'maxConcurrent'> = { commands: [], udpDatagrams: 0, writeAttempts: [] };
  let port = 0;
  let nextSession = 0x1000;
  const answer = (req: Buffer, session: { handle: number }): Buffer | null => {
    const d = decodeEncap(req);
    if (!d.ok) return null;
    const f = d.frame;
    stats.commands.push(f.command);
    const reply = (data: Buffer, status = 0, sess = f.session) => encodeEncap({ command: f.command, data, context: f.context, status, session: sess });
    switch (f.command) {
      case ENIP_COMMANDS.LIST_IDENTITY:
        return reply(
          encodeIdentityItem({
            encapsulationVersion: 1,
            socketAddress: { family: 2, port: 44818, ip: o.host },
            vendorId: o.vendorId ?? 1,
            deviceType: o.deviceType ?? 0x0e,
            productCode: o.productCode ?? 54,
            revision: o.revision ?? [20, 11],
            status: o.status ?? 0x0030,
            serialNumber: o.serialNumber ?? '00c0ffee',
            productName: o.productName ?? '1756-L61/B LOGIX5561',
            state: o.state ?? 3,
          }),
        );
      case ENIP_COMMANDS.LIST_SERVICES: {
        const item = Buffer.alloc(4 + 20);
        item.writeUInt16LE(0x0100, 0);
        item.writeUInt16LE(20, 2);
        item.writeUInt16LE(1, 4);
        item.writeUInt16LE(0x0120, 6);
        item.write('Communications', 8, 'latin1');
        return reply(Buffer.concat([Buffer.from([1, 0]), item]));
      }
      case ENIP_COMMANDS.REGISTER_SESSION:
        session.handle = nextSession++;
        return reply(f.data, 0, session.handle);
      case ENIP_COMMANDS.UNREGISTER_SESSION:
        return null;
      case ENIP_COMMANDS.SEND_RR_DATA:
      case ENIP_COMMANDS.SEND_UNIT_DATA:
        stats.writeAttempts.push(f.command);
        return reply(Buffer.alloc(0), 0x0001);
      default:
        return reply(Buffer.alloc(0), 0x0001);
    }
  };

  const server = await listenTcp(o.host, (s) => {
    const session = { handle: 0 };
    let buf: Buffer = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const d = decodeEncap(buf);
        if (!d.ok) {
          if (d.reason === 'invalid' || buf.length > 8192) s.destroy();
          return;
        }
        const r = answer(buf.subarray(0, buf.length - d.rest.length), session);
        buf = Buffer.from(d.rest);
        if (r) s.write(r);
      }
    });
  }, o.port ?? 0);
  port = server.port;

  let udp: dgram.Socket | null = null;
  if (o.udp !== false) {
    udp = dgram.createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      stats.udpDatagrams += 1;
      const r = answer(msg, { handle: 0 });
      if (r) udp?.send(r, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve, reject) => {
      udp?.once('error', reject);
      udp?.bind(port, o.host, () => resolve());
    });
  }

  return {
    ...server,
    close: async () => {
      await server.close();
      await new Promise<void>((r) => (udp ? udp.close(() => r()) : r()));
    },
    stats: () => ({ connections: server.counter.connections, maxConcurrent: server.counter.maxConcurrent, ...structuredClone(stats) }),
  };
}
