// RDP negotiation EMULATOR (not a real RDP server): answers the X.224 Connection Request the way
// MS-RDPBCGR §3.3.5.3.1 says a server does, for a configurable security policy, then waits for the client
// to hang up. Used where no Debian RDP server can run on loopback in a test.
import { NEG_TYPE, PROTOCOL } from '../../../src/protocols/rdp/x224.js';
import { assertLoopback } from '../daemons/process.js';
import { listenTcp } from './raw-servers.js';

export interface RdpEmulatorOptions {
  ip: string;
  port?: number;
  /** Bitmask of PROTOCOL values the server supports (default TLS | CredSSP | CredSSP-EX). */
  supported?: number;
  /** Network Level Authentication required (only CredSSP accepted). */
  requireNla?: boolean;
  /** Standard RDP security (no TLS) allowed. */
  allowStandard?: boolean;
  /** Behave like an old server that ignores RDP_NEG_REQ (no negotiation data in the confirm). */
  legacy?: boolean;
}

export interface RdpEmulator {
  ip: string;
  port: number;
  connections(): number;
  stop(): Promise<void>;
}

function confirm(neg: Buffer | null): Buffer {
  const x = Buffer.concat([Buffer.from([6 + (neg?.length ?? 0), 0xd0, 0, 0, 0x12, 0x34, 0]), neg ?? Buffer.alloc(0)]);
  const t = Buffer.from([3, 0, 0, 0]);
  t.writeUInt16BE(4 + x.length, 2);
  return Buffer.concat([t, x]);
}

function negPdu(type: number, flags: number, value: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = type;
  b[1] = flags;
  b.writeUInt16LE(8, 2);
  b.writeUInt32LE(value, 4);
  return b;
}

export function rdpDecide(o: RdpEmulatorOptions, requested: number): Buffer {
  const supported = o.supported ?? PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX;
  const can = (p: number) => (requested & p) !== 0 && (supported & p) !== 0;
  const select = (p: number) => negPdu(NEG_TYPE.RSP, 0x01 | 0x08, p); // extended client data, restricted admin
  if (o.requireNla) {
    if (can(PROTOCOL.HYBRID_EX)) return select(PROTOCOL.HYBRID_EX);
    if (can(PROTOCOL.HYBRID)) return select(PROTOCOL.HYBRID);
    return negPdu(NEG_TYPE.FAILURE, 0, 5);
  }
  if (can(PROTOCOL.HYBRID_EX)) return select(PROTOCOL.HYBRID_EX);
  if (can(PROTOCOL.HYBRID)) return select(PROTOCOL.HYBRID);
  if (can(PROTOCOL.SSL)) return select(PROTOCOL.SSL);
  if (!o.allowStandard) return negPdu(NEG_TYPE.FAILURE, 0, 1);
  return select(PROTOCOL.RDP);
}

export async function startRdpEmulator(o: RdpEmulatorOptions): Promise<RdpEmulator> {
  assertLoopback(o.ip);
  const server = await listenTcp(o.ip, (s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf[0] !== 3) return void s.destroy(); // not TPKT: drop, as Windows does
      if (buf.length < 4 || buf.length < buf.readUInt16BE(2)) return;
      const pdu = buf.subarray(0, buf.readUInt16BE(2));
      buf = Buffer.alloc(0);
      if (pdu[5] !== 0xe0) return void s.destroy();
      // RDP_NEG_REQ is the last 8 bytes of the X.224 CR when present.
      const negAt = pdu.length - 8;
      const hasNeg = pdu.length >= 19 && pdu[negAt] === NEG_TYPE.REQ && pdu.readUInt16LE(negAt + 2) === 8;
      const requested = hasNeg ? pdu.readUInt32LE(negAt + 4) : 0;
      s.write(o.legacy || !hasNeg ? confirm(null) : confirm(rdpDecide(o, requested)));
    });
  }, o.port ?? 0);
  return {
    ip: o.ip,
    port: server.port,
    connections: () => server.counter.connections,
    stop: () => server.close(),
  };
}
