// ISO-on-TCP framing for S7comm on TCP 102: TPKT (RFC 1006: version 3, reserved, 16-bit length incl.
// the 4-byte header) carrying COTP (ISO 8073 class 0) TPDUs — Connection Request 0xE0, Connection
// Confirm 0xD0, Disconnect Request 0x80, Data 0xF0. Pure encode/decode.

export const COTP = { CR: 0xe0, CC: 0xd0, DR: 0x80, DT: 0xf0, ER: 0x70 } as const;
const MAX_TPKT = 4096;

export function encodeTpkt(payload: Buffer): Buffer {
  const h = Buffer.from([0x03, 0x00, 0x00, 0x00]);
  h.writeUInt16BE(payload.length + 4, 2);
  return Buffer.concat([h, payload]);
}

export type TpktDecode = { ok: true; payload: Buffer; rest: Buffer } | { ok: false; reason: 'short' | 'invalid' };

export function decodeTpkt(buf: Buffer): TpktDecode {
  if (buf.length < 4) return { ok: false, reason: 'short' };
  if (buf[0] !== 0x03 || buf[1] !== 0x00) return { ok: false, reason: 'invalid' };
  const len = buf.readUInt16BE(2);
  if (len < 7 || len > MAX_TPKT) return { ok: false, reason: 'invalid' };
  if (buf.length < len) return { ok: false, reason: 'short' };
  return { ok: true, payload: Buffer.from(buf.subarray(4, len)), rest: buf.subarray(len) };
}

export function tpktComplete(buf: Buffer): boolean {
  const d = decodeTpkt(buf);
  return d.ok || d.reason !== 'short';
}

export interface CotpConnect {
  /** 0xE0 request, 0xD0 confirm. */
  type: number;
  dstRef: number;
  srcRef: number;
  /** Parameter code → value (0xC0 TPDU size, 0xC1 calling TSAP, 0xC2 called TSAP). */
  params: Map<number, Buffer>;
}

/** COTP CR: calling TSAP 0x0100 (a PG/PC), called TSAP 0x0102 = rack 0 slot 2; TPDU size 0x0A (1024). */
export function encodeCotpCr(o: { srcRef: number; callingTsap: number; calledTsap: number }): Buffer {
  const body = Buffer.from([COTP.CR, 0x00, 0x00, (o.srcRef >> 8) & 0xff, o.srcRef & 0xff, 0x00,
    0xc1, 0x02, (o.callingTsap >> 8) & 0xff, o.callingTsap & 0xff,
    0xc2, 0x02, (o.calledTsap >> 8) & 0xff, o.calledTsap & 0xff,
    0xc0, 0x01, 0x0a]);
  return Buffer.concat([Buffer.from([body.length]), body]);
}

export function encodeCotpCc(o: { dstRef: number; srcRef: number; params: Map<number, Buffer> }): Buffer {
  const params = [...o.params.entries()].map(([code, v]) => Buffer.concat([Buffer.from([code, v.length]), v]));
  const body = Buffer.concat([Buffer.from([COTP.CC, (o.dstRef >> 8) & 0xff, o.dstRef & 0xff, (o.srcRef >> 8) & 0xff, o.srcRef & 0xff, 0x00]), ...params]);
  return Buffer.concat([Buffer.from([body.length]), body]);
}

export const encodeCotpDr = (dstRef: number, srcRef: number, reason: number): Buffer =>
  Buffer.from([6, COTP.DR, (dstRef >> 8) & 0xff, dstRef & 0xff, (srcRef >> 8) & 0xff, srcRef & 0xff, reason & 0xff]);

/** COTP DT with EOT set: one whole S7 PDU per TPDU. */
export const encodeCotpDt = (data: Buffer): Buffer => Buffer.concat([Buffer.from([0x02, COTP.DT, 0x80]), data]);

export type CotpTpdu =
  | ({ kind: 'connect' } & CotpConnect)
  | { kind: 'disconnect'; reason: number }
  | { kind: 'data'; eot: boolean; data: Buffer }
  | { kind: 'other'; type: number };

export function decodeCotp(payload: Buffer): CotpTpdu | null {
  const li = payload[0];
  if (li === undefined || li < 1 || li + 1 > payload.length) return null;
  const type = (payload[1] ?? 0) & 0xf0;
  if (type === COTP.DT) {
    if (li !== 2) return null;
    return { kind: 'data', eot: ((payload[2] ?? 0) & 0x80) !== 0, data: Buffer.from(payload.subarray(3)) };
  }
  if (type === COTP.CR || type === COTP.CC) {
    if (li < 6) return null;
    const params = new Map<number, Buffer>();
    let at = 7;
    while (at < li + 1) {
      const code = payload[at];
      const len = payload[at + 1];
      if (code === undefined || len === undefined || at + 2 + len > li + 1) return null;
      params.set(code, Buffer.from(payload.subarray(at + 2, at + 2 + len)));
      at += 2 + len;
    }
    return { kind: 'connect', type, dstRef: payload.readUInt16BE(2), srcRef: payload.readUInt16BE(4), params };
  }
  if (type === COTP.DR) return { kind: 'disconnect', reason: li >= 6 ? (payload[6] ?? 0) : 0 };
  return { kind: 'other', type };
}
