// EtherNet/IP encapsulation (CIP Vol. 2, ch. 2): a 24-byte little-endian header — command (2),
// length of the data that follows (2), session handle (4), status (4), sender context (8),
// options (4) — then `length` bytes. Same framing on TCP and UDP 44818. Pure.

export const ENIP_COMMANDS = {
  NOP: 0x0000,
  LIST_SERVICES: 0x0004,
  LIST_IDENTITY: 0x0063,
  LIST_INTERFACES: 0x0064,
  REGISTER_SESSION: 0x0065,
  UNREGISTER_SESSION: 0x0066,
  SEND_RR_DATA: 0x006f,
  SEND_UNIT_DATA: 0x0070,
} as const;

export interface EncapFrame {
  command: number;
  session: number;
  status: number;
  context: Buffer;
  options: number;
  data: Buffer;
}

export const ENCAP_HEADER = 24;
const MAX_DATA = 4096;

export function encodeEncap(f: Omit<EncapFrame, 'context' | 'session' | 'status' | 'options'> & Partial<EncapFrame>): Buffer {
  const h = Buffer.alloc(ENCAP_HEADER);
  h.writeUInt16LE(f.command, 0);
  h.writeUInt16LE(f.data.length, 2);
  h.writeUInt32LE(f.session ?? 0, 4);
  h.writeUInt32LE(f.status ?? 0, 8);
  (f.context ?? Buffer.alloc(8)).copy(h, 12, 0, 8);
  h.writeUInt32LE(f.options ?? 0, 20);
  return Buffer.concat([h, f.data]);
}

export type EncapDecode = { ok: true; frame: EncapFrame; rest: Buffer } | { ok: false; reason: 'short' | 'invalid' };

export function decodeEncap(buf: Buffer): EncapDecode {
  if (buf.length < ENCAP_HEADER) return { ok: false, reason: 'short' };
  const len = buf.readUInt16LE(2);
  if (len > MAX_DATA) return { ok: false, reason: 'invalid' };
  if (buf.length < ENCAP_HEADER + len) return { ok: false, reason: 'short' };
  return {
    ok: true,
    frame: {
      command: buf.readUInt16LE(0),
      session: buf.readUInt32LE(4),
      status: buf.readUInt32LE(8),
      context: Buffer.from(buf.subarray(12, 20)),
      options: buf.readUInt32LE(20),
      data: Buffer.from(buf.subarray(ENCAP_HEADER, ENCAP_HEADER + len)),
    },
    rest: buf.subarray(ENCAP_HEADER + len),
  };
}

export function encapComplete(buf: Buffer): boolean {
  const d = decodeEncap(buf);
  return d.ok || d.reason !== 'short';
}
