// A minimal BER (X.690) codec for SNMP: definite lengths only (SNMP forbids indefinite ones, RFC 3417 §8),
// bounded everywhere. Decoding throws BerError on malformed input; message-level callers catch it and
// turn it into "not SNMP".

export class BerError extends Error {}

export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  IP_ADDRESS: 0x40,
  COUNTER32: 0x41,
  GAUGE32: 0x42,
  TIMETICKS: 0x43,
  OPAQUE: 0x44,
  COUNTER64: 0x46,
  NO_SUCH_OBJECT: 0x80,
  NO_SUCH_INSTANCE: 0x81,
  END_OF_MIB_VIEW: 0x82,
} as const;

export interface Tlv {
  tag: number;
  value: Buffer;
  /** Offset just after this TLV. */
  next: number;
}

export function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>>= 8;
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);

export function encodeInteger(n: number): Buffer {
  // Two's complement, minimal length (X.690 §8.3).
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = v & 0xff;
    out.unshift(byte);
    const rest = v >> 8;
    if ((rest === 0 && (byte & 0x80) === 0) || (rest === -1 && (byte & 0x80) !== 0)) break;
    v = rest;
  }
  return tlv(TAG.INTEGER, Buffer.from(out));
}

export function encodeOid(oid: string): Buffer {
  const parts = oid.replace(/^\./, '').split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p) || p < 0)) throw new BerError(`bad oid ${oid}`);
  const bytes: number[] = [];
  const subs = [(parts[0] as number) * 40 + (parts[1] as number), ...parts.slice(2)];
  for (const p of subs) {
    const sub: number[] = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) {
      sub.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(...sub);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

export function readTlv(buf: Buffer, offset: number, end = buf.length): Tlv {
  if (offset + 2 > end) throw new BerError('truncated TLV header');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new BerError('multi-byte tags are not used by SNMP');
  let len = buf[offset + 1] as number;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new BerError('unsupported length form');
    if (p + n > end) throw new BerError('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p + i] as number);
    p += n;
  }
  if (p + len > end) throw new BerError('value runs past its container');
  return { tag, value: buf.subarray(p, p + len), next: p + len };
}

/** All TLVs inside a constructed value. */
export function readChildren(value: Buffer, max = 256): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < value.length) {
    if (out.length >= max) throw new BerError('too many elements');
    const t = readTlv(value, off);
    out.push(t);
    off = t.next;
  }
  return out;
}

export function decodeInteger(v: Buffer): number {
  if (v.length === 0 || v.length > 6) throw new BerError('integer size');
  let n = (v[0] as number) & 0x80 ? -1 : 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** Unsigned application integers (Counter32, Gauge32, TimeTicks); Counter64 as a decimal string. */
export function decodeUnsigned(v: Buffer): number | string {
  if (v.length === 0 || v.length > 9) throw new BerError('unsigned size');
  let n = 0n;
  for (const b of v) n = n * 256n + BigInt(b);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

export function decodeOid(v: Buffer): string {
  if (v.length === 0 || v.length > 128) throw new BerError('oid size');
  const subs: number[] = [];
  let acc = 0;
  let inSub = false;
  for (const b of v) {
    acc = acc * 128 + (b & 0x7f);
    if (acc > 0xffffffff) throw new BerError('oid arc too large');
    inSub = (b & 0x80) !== 0;
    if (!inSub) {
      subs.push(acc);
      acc = 0;
    }
  }
  if (inSub) throw new BerError('truncated oid arc');
  // X.690 §8.19.4: the first subidentifier packs the first two arcs.
  const first = subs[0] as number;
  const parts = [first < 40 ? 0 : first < 80 ? 1 : 2, first < 80 ? first % 40 : first - 80, ...subs.slice(1)];
  return parts.join('.');
}
